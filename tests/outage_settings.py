"""Settings for the outage tests' server process: production settings, without the static manifest.

The tests run the site with DEBUG off, as in production, but without running
collectstatic first, so static files are addressed by their plain names.
"""

from ccio.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
