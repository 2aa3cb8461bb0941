"""Caches of what is built from content, kept under a site-wide content version.

Any change to content bumps the version (a saved or deleted model of the
content apps, or any successful form post except to views marked
private_writes, such as private messages), at once and again when its
transaction commits, so nothing cached here is ever older than the last
change. Two things are cached:

- Whole pages for visitors who are not signed in (cache_for_visitors). Most
  page views on a community site are anonymous reads of the same public
  pages. A page that also changes by the clock (the home page: a scheduled
  article goes live, an event ends) says when in response.changes_at and is
  kept no longer than that. Never cached: signed-in people, requests carrying
  a session or pending messages, htmx fragments, anything but a plain 200,
  and responses that set a cookie (a page with a form sets the CSRF cookie).
- Fragments that are the same for everyone who may see them
  (cached_fragment), such as a page of forum search results, which depends
  only on the words, the page and what the searcher's roles let them read.

The version lives in the cache, so every server process must share it: all of
this is on only with a shared cache (REDIS_URL) or a single development
process (settings.CONTENT_CACHE).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

LIFETIME_SECONDS = 600  # only to bound memory: the version key is what keeps pages fresh

VERSION_KEY = "content-cache:version"


def content_version():
    """A number that changes whenever content changes: part of the key of anything cached from content."""
    return cache.get(VERSION_KEY, 0)


def cached_fragment(name, vary_on, render):
    """The HTML render() returns, kept until content changes; vary_on lists what else it depends on."""
    if not settings.CONTENT_CACHE:
        return render()
    digest = hashlib.sha256(repr(vary_on).encode()).hexdigest()
    key = f"content-cache:fragment:{name}:{content_version()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, LIFETIME_SECONDS)
    return html


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
    if meta.app_label in settings.CONTENT_CACHE_APPS and meta.label_lower not in settings.CONTENT_CACHE_PRIVATE_MODELS:
        content_changed()


def connect_signals():
    post_save.connect(_model_changed, dispatch_uid="content_cache.saved")
    post_delete.connect(_model_changed, dispatch_uid="content_cache.deleted")


def may_cache_for_visitors(request):
    """Whether cache_for_visitors may keep this response: views ask before paying for its lifetime."""
    return (
        settings.CONTENT_CACHE
        and request.method == "GET"
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
        if not may_cache_for_visitors(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"content-cache:page:{content_version()}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            lifetime = _lifetime(response)
            if lifetime > 0 and response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, lifetime)
        return response

    return wrapped


def private_writes(view):
    """For views whose posts change only what one member sees (private messages): they never bump the version."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.content_unchanged = True
        return view(request, *args, **kwargs)

    return wrapped


class ContentChangeMiddleware:
    """A successful form post may change what visitors see: start afresh (unless the view says private_writes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and response.status_code < 400
            and not getattr(request, "content_unchanged", False)
        ):
            content_changed()
        return response
