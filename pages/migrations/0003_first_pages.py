"""The first version of the pages (about, advisory panel, code of conduct, privacy, accessibility, cookies).

Creates, published, only the pages that do not exist yet, each with its first revision on record;
editors change them from then on. The text is in pages/content.py, shared with seed_demo.
"""

from django.db import migrations
from django.utils import timezone


def create_pages(apps, schema_editor):
    from core.markdown import render_markdown
    from pages.content import create_missing

    create_missing(
        apps.get_model("pages", "Page"),
        apps.get_model("pages", "HistoricalPage"),
        render=render_markdown,
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_role_permissions")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
