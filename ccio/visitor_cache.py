"""Whole-page caching for visitors who are not signed in.

Most page views on a community site are anonymous reads of the same public
pages. Those responses are cached under a key that includes a site-wide
content version. Any change to content bumps the version (a saved or deleted
model of the content apps, or any successful form post), at once and again
when its transaction commits, so a visitor never sees a page older than the
last change. A page that also changes by the clock (the home page: a
scheduled article goes live, an event ends) says when in response.changes_at
and is kept no longer than that.

The version lives in the cache, so every server process must share it: the
page cache is on only with a shared cache (REDIS_URL) or a single development
process (settings.VISITOR_PAGE_CACHE).

Never cached: signed-in people, requests carrying a session or pending
messages, htmx fragments, anything but a plain 200, and responses that set a
cookie (a page with a form sets the CSRF cookie).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

LIFETIME_SECONDS = 600  # only to bound memory: the version key is what keeps pages fresh

CONTENT_APPS = {"accounts", "articles", "editorial", "events", "forum", "profiles"}
# Rows written for one member's own use, some on every page they read.
PRIVATE_MODELS = {"forum.readstate", "forum.watch", "forum.bookmark", "events.calendartoken", "events.sessionstar"}


VERSION_KEY = "visitor-cache:version"


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def content_changed():
    _bump()
    # Again after commit: a page rendered between the first bump and the commit
    # still showed the old content.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _model_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.label_lower not in PRIVATE_MODELS:
        content_changed()


def connect_signals():
    post_save.connect(_model_changed, dispatch_uid="visitor_cache.saved")
    post_delete.connect(_model_changed, dispatch_uid="visitor_cache.deleted")


def _cacheable_request(request):
    return (
        request.method == "GET"
        and not request.htmx
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.user.is_authenticated
    )


def _lifetime(response):
    """Seconds to keep a page: until it changes by the clock (response.changes_at), at most LIFETIME_SECONDS."""
    changes_at = getattr(response, "changes_at", None)
    if changes_at is None:
        return LIFETIME_SECONDS
    return min(LIFETIME_SECONDS, int((changes_at - timezone.now()).total_seconds()))


def cache_for_visitors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.VISITOR_PAGE_CACHE or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        version = cache.get(VERSION_KEY, 0)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"visitor-cache:page:{version}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            lifetime = _lifetime(response)
            if lifetime > 0 and response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, lifetime)
        return response

    return wrapped


class ContentChangeMiddleware:
    """A successful form post may change what visitors see: start afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            content_changed()
        return response
