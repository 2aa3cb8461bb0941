import os

from django.core.wsgi import get_wsgi_application

from core.outage import WSGIOutageGuard

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccio.settings")
# Whatever escapes Django's own error handling gets the site's 500 or 503 page, not a bare one.
application = WSGIOutageGuard(get_wsgi_application())
