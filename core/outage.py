"""When the database, the cache or the file store is down: a static, styled 503 page, never a bare 500.

The pages are rendered once per process from standalone templates (no
request, no context processors, no database, no cache) and kept as bytes, so
serving them cannot fail for the same reason the request did. ccio's
handler500 and the WSGI wrapper both come here.
"""

import errno
import logging
import sys

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30

_pages = {}


def _cache_errors():
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        return ()
    return (RedisConnectionError, RedisTimeoutError)


# A file store that is full, read-only or not ours to write: an outage of the store, not a bug.
STORAGE_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM})


def is_outage(error):
    """Whether an exception means a service the site depends on is unavailable (not a bug in a page)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, OSError) and error.errno in STORAGE_ERRNOS:
            return True
        if _cache_errors() and isinstance(error, _cache_errors()):
            return True
        error = error.__cause__ or error.__context__
    return False


def _page(template):
    """The rendered bytes of a standalone error template, once per process."""
    if template not in _pages:
        try:
            _pages[template] = render_to_string(template, {"SITE_NAME": settings.SITE_NAME}).encode()
        except Exception:  # noqa: BLE001 - an error page must never fail: fall back to plain words
            logger.exception("Could not render %s", template)
            _pages[template] = (
                b"<!DOCTYPE html><html lang='en-GB'><title>CCIO Network</title>"
                b"<h1>The CCIO Network is unavailable for a moment</h1><p>Please try again in a minute.</p></html>"
            )
    return _pages[template]


def outage_response():
    """503 with Retry-After: the site is briefly unable to reach its database or cache."""
    response = HttpResponse(_page("503.html"), status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(getattr(settings, "OUTAGE_RETRY_AFTER", RETRY_AFTER_SECONDS))
    response["Cache-Control"] = "no-store"
    return response


def error_response():
    """The 500 page, built without the request, the database or the cache."""
    response = HttpResponse(_page("500.html"), status=500, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def conflict_response():
    """409: a database constraint refused a write that raced another (the services catch the ones they expect)."""
    response = HttpResponse(_page("409.html"), status=409, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def response_for_current_error():
    """Inside an exception handler: the 503 page for an outage, 409 for a constraint, else the 500 page."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        logger.warning("Serving the 503 page: %s: %s", type(error).__name__, error)
        return outage_response()
    if isinstance(error, IntegrityError):
        return conflict_response()
    return error_response()


class WSGIOutageGuard:
    """Wraps the WSGI application: whatever escapes Django's own handling gets a page, not a bare 500."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            return self.application(environ, start_response)
        except Exception:  # noqa: BLE001 - the last line of defence; Django has already logged it
            logger.exception("Unhandled error reached the WSGI guard")
            response = response_for_current_error()
            headers = [(name, value) for name, value in response.items()]
            start_response(f"{response.status_code} {response.reason_phrase}", headers, sys.exc_info())
            return [response.content]
