"""Caches of what is built from content, kept under a site-wide content version.

Any change to content bumps the version (a saved or deleted model of the
content apps, or a request that wrote to one of their tables), at once and
again when its transaction commits, so nothing cached here is ever older than
the last change. Only real changes count: a request that writes nothing to
content tables (TRACE, a form shown again with its errors, a sign-in that
only stamps last_login) leaves the version alone, so nobody can flush the
cache at will. Two things are cached:

- Whole pages for visitors who are not signed in (cache_for_visitors). Most
  page views on a community site are anonymous reads of the same public
  pages. A page that also changes by the clock (the home page: a scheduled
  article goes live, an event ends) says when in response.changes_at and is
  kept no longer than that. Never cached: signed-in people, requests carrying
  a session or pending messages, htmx fragments, anything but a plain 200,
  and responses that set a cookie (a page with a form sets the CSRF cookie).
- Fragments that are the same for everyone who may see them
  (cached_fragment), such as a page of forum search results, which depends
  only on the words, the page and what the searcher's roles let them read;
  a topic page's posts and each topic-list row (cached_many); the home
  page's sections, the article list and the month grid (cached_until_changed,
  as they also change by the clock). These serve signed-in members too.

The version lives in the cache, so every server process must share it: all of
this is on only with a shared cache (REDIS_URL) or a single development
process (settings.CONTENT_CACHE).
"""

import hashlib
import re
import threading
import time
from functools import cache as memoize
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

LIFETIME_SECONDS = 600  # only to bound memory: the version key is what keeps pages fresh

VERSION_KEY = "content-cache:version"


def _fresh_version():
    """A starting version larger than any used before, should the counter be lost (a cache restarted)."""
    return time.time_ns() // 1_000_000


# Within one request the version is read once: a page asks for it for each thing it keeps (a topic
# page: the topic, its posts, the reader's marks). A change the request makes moves it on here too.
_in_request = threading.local()


def _request_started(**kwargs):
    _in_request.active, _in_request.version, _in_request.found = True, None, {}


def _request_finished(**kwargs):
    _in_request.active, _in_request.version, _in_request.found = False, None, {}


request_started.connect(_request_started, dispatch_uid="content_cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="content_cache.request_finished")


def content_version():
    """A number that changes whenever content changes: part of the key of anything cached from content."""
    if getattr(_in_request, "active", False) and _in_request.version is not None:
        return _in_request.version
    version = cache.get(VERSION_KEY)
    if version is None:
        fresh = _fresh_version()
        cache.add(VERSION_KEY, fresh, None)
        version = cache.get(VERSION_KEY, fresh)
    if getattr(_in_request, "active", False):
        _in_request.version = version
    return version


def note_version(version):
    """The version a cache read made for something else found (the signed-in person's, accounts.backends).

    Saves the request its own round trip; a version already read in this request stays.
    """
    if version is not None and getattr(_in_request, "active", False) and _in_request.version is None:
        _in_request.version = version


_NOT_KEPT = object()  # prefetched and found missing: no need to ask again


def prefetch(fragments):
    """Read several kept fragments, [(name, vary_on), ...], in one round trip, for this request's cached_fragment.

    For a page that keeps several things whose keys are known at the start (a
    topic page: the topic, its posts and the reader's marks); what is not kept
    is built by cached_fragment as usual.
    """
    if not settings.CONTENT_CACHE or not getattr(_in_request, "active", False):
        return
    keys = [_fragment_key(name, vary_on) for name, vary_on in fragments]
    found = cache.get_many(keys)
    _in_request.found.update({key: found.get(key, _NOT_KEPT) for key in keys})


def _fragment_key(name, vary_on):
    digest = hashlib.sha256(repr(vary_on).encode()).hexdigest()
    return f"content-cache:fragment:{name}:{content_version()}{_static_release()}:{digest}"


@memoize
def _static_release():
    """The static files' manifest hash: kept pages and frames name hashed CSS and JS files, so a deploy that
    changes them starts afresh instead of serving addresses a new server may no longer have ('' in DEBUG)."""
    release = getattr(staticfiles_storage, "manifest_hash", "")
    return f"-{release}" if release else ""


def cached_fragment(name, vary_on, render):
    """The HTML render() returns, kept until content changes; vary_on lists what else it depends on."""
    if not settings.CONTENT_CACHE:
        return render()
    key = _fragment_key(name, vary_on)
    html = (getattr(_in_request, "found", None) or {}).pop(key, None)
    if html is None:
        html = cache.get(key)
    if html is None or html is _NOT_KEPT:
        html = render()
        cache.set(key, html, LIFETIME_SECONDS)
    return html


def cached_many(name, vary_on, objects, render):
    """[render(obj) for obj in objects], each kept until content changes, fetched in one cache round trip."""
    if not settings.CONTENT_CACHE:
        return [render(obj) for obj in objects]
    prefix = _fragment_key(name, vary_on)
    keys = [f"{prefix}:{obj.pk}" for obj in objects]
    found = cache.get_many(keys)
    fresh = {key: render(obj) for key, obj in zip(keys, objects, strict=True) if key not in found}
    if fresh:
        cache.set_many(fresh, LIFETIME_SECONDS)
    return [found[key] if key in found else fresh[key] for key in keys]


def cached_until_changed(name, vary_on, build):
    """Like cached_fragment, for what also changes by the clock (an event ending, an article going live).

    build() returns (value, changes_at): the moment it changes by itself, or None.
    The value is kept until content changes or that moment passes.
    """
    if not settings.CONTENT_CACHE:
        return build()
    key = _fragment_key(name, vary_on)
    kept = cache.get(key)
    if kept is not None and (kept[1] is None or kept[1] > timezone.now()):
        return kept
    kept = build()
    lifetime = _seconds_until(kept[1])
    if lifetime > 0:
        cache.set(key, kept, lifetime)
    return kept


def _bump():
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:
        version = _fresh_version()
        cache.set(VERSION_KEY, version, None)
    if getattr(_in_request, "active", False):
        _in_request.version = version


def content_changed():
    _bump()
    # Again after commit: a page rendered between the first bump and the commit
    # still showed the old content.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _is_content_model(meta):
    return (
        meta.app_label in settings.CONTENT_CACHE_APPS and meta.label_lower not in settings.CONTENT_CACHE_PRIVATE_MODELS
    )


def _private_fields(meta):
    return getattr(settings, "CONTENT_CACHE_PRIVATE_FIELDS", {}).get(meta.label_lower, frozenset())


def _model_changed(sender, update_fields=None, **kwargs):
    meta = sender._meta
    if not _is_content_model(meta):
        return
    if update_fields and set(update_fields) <= set(_private_fields(meta)):
        return  # e.g. a sign-in stamping last_login: nothing a visitor sees
    content_changed()


def _relation_changed(sender, action, **kwargs):
    # A role given or taken (user.groups) changes the badges beside that person's posts.
    if action in ("post_add", "post_remove", "post_clear") and _is_content_model(sender._meta):
        content_changed()


def connect_signals():
    post_save.connect(_model_changed, dispatch_uid="content_cache.saved")
    post_delete.connect(_model_changed, dispatch_uid="content_cache.deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="content_cache.related")


def may_cache_for_visitors(request):
    """Whether cache_for_visitors may keep this response: views ask before paying for its lifetime."""
    # Who is asking is known first: loading a signed-in person reads the content version in the same
    # round trip (accounts.backends), which the view's kept parts then need not read on their own.
    return (
        settings.CONTENT_CACHE
        and not request.user.is_authenticated
        and request.method == "GET"
        and not request.htmx
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _seconds_until(changes_at):
    """Seconds to keep something that changes by the clock at changes_at (None: never), at most LIFETIME_SECONDS."""
    if changes_at is None:
        return LIFETIME_SECONDS
    return min(LIFETIME_SECONDS, int((changes_at - timezone.now()).total_seconds()))


def _lifetime(response):
    """Seconds to keep a page: until it changes by the clock (response.changes_at)."""
    return _seconds_until(getattr(response, "changes_at", None))


def cache_for_visitors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_cache_for_visitors(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"content-cache:page:{content_version()}{_static_release()}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            lifetime = _lifetime(response)
            if lifetime > 0 and response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, lifetime)
        return response

    return wrapped


@memoize
def _content_tables():
    """{table: columns a visitor never sees} for every content model, m2m tables included."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not _is_content_model(meta):
            continue
        private = _private_fields(meta)
        tables[meta.db_table] = frozenset(meta.get_field(name).column for name in private)
    return tables


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)["`]?', re.IGNORECASE)
_SET_COLUMNS = re.compile(r'["`]?(\w+)["`]?\s*=')


def writes_content(sql):
    """Whether a statement changes what visitors may see: a write to a content table, not only to private columns."""
    match = _WRITE.match(sql)
    if match is None:
        return False
    tables = _content_tables()
    table = match.group(1)
    if table not in tables:
        return False
    private = tables[table]
    if private and sql.lstrip()[:6].upper() == "UPDATE":
        assignments = re.split(r"\sWHERE\s", sql.split(" SET ", 1)[-1], maxsplit=1)[0]
        columns = set(_SET_COLUMNS.findall(assignments))
        return not columns <= private
    return True


class _WriteWatcher:
    """A database execute wrapper noting whether any statement wrote to content."""

    def __init__(self):
        self.changed = False

    def __call__(self, execute, sql, params, many, context):
        if not self.changed and writes_content(sql):
            self.changed = True
        return execute(sql, params, many, context)


class ContentChangeMiddleware:
    """A request that wrote to content tables may have changed what visitors see: start afresh.

    Saves and deletes of content models bump the version through signals; this
    also catches queryset updates (a hidden post, a like, a freed place), which
    send none. Only unsafe methods are watched: reading a page may write
    read state or a view count, which visitors never see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        watcher = _WriteWatcher()
        with connection.execute_wrapper(watcher):
            response = self.get_response(request)
        if watcher.changed:
            content_changed()
        return response
