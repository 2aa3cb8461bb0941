"""Demo pages: the same first versions the data migration publishes (pages/content.py)."""

from django.utils import timezone

from core.markdown import render_markdown
from pages.content import create_missing
from pages.models import Page


def seed(stdout):
    # simple-history records each new page's first revision itself.
    created = create_missing(Page, render=render_markdown, now=timezone.now())
    stdout.write(f"Pages: {Page.objects.count()} ({created} created)")
