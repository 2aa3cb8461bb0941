"""A version kept per person, for what is cached about one signed-in person.

Some things shown on every page a member opens are about them alone: their
own account row with its roles (accounts.backends) and the counts in the page
header (notifications.header). Both are kept in the shared cache under the
person's version, and whatever changes them calls `person_changed(user_ids)`,
which moves the version on at once and again when the transaction commits (a
value read between the two saw the old rows), as the content version does
for shared content (core.content_cache).

A person may have more than one version, one per `kind` of thing kept about
them, when one kind changes far more often than the others: the forum's read
state moves on with nearly every topic a member opens, and should not make
their account and header counts be read again (forum.reading).

The versions of every kind are read with the signed-in person, in the one
round trip that loads them (accounts.backends, `versions_read_with_person`),
and each is read at most once in a request.

Like the content cache this needs a cache every server process shares
(settings.CONTENT_CACHE). With Redis down the reads miss and the values are
read from the database.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

KEPT_SECONDS = 600  # only to bound memory: the version is what keeps a value right


def version_key(user_id, kind=None):
    return f"person:version:{user_id}" if kind is None else f"person:{kind}:version:{user_id}"


_kinds = set()


def register_kind(kind):
    """Keep a version of this kind for each person (an app calls it from its AppConfig.ready)."""
    _kinds.add(kind)


def versions_read_with_person(user_id):
    """Keys of every version of this person's: read in the same round trip as the signed-in person."""
    return [version_key(user_id), *(version_key(user_id, kind) for kind in sorted(_kinds))]


def note_versions(user_id, found):
    """Versions a cache.get_many of versions_read_with_person(user_id) found: the rest of the request uses them."""
    known = getattr(_in_request, "versions", None)
    if known is None:
        return
    for kind in sorted(_kinds):
        version = found.get(version_key(user_id, kind))
        if version is not None:
            known.setdefault((user_id, kind), version)


def _fresh_version():
    """Larger than any version used before, should a person's counter be lost (evicted, a cache restarted)."""
    return time.time_ns() // 1000


def person_version(user_id, *, found=None, kind=None):
    """This person's version; `found` is what a cache.get_many that asked for version_key(user_id) returned.

    A version of a kind is read once in a request (the first reading, or the one moved on here, is kept).
    """
    known = getattr(_in_request, "versions", None) if kind is not None else None
    if known is not None and (user_id, kind) in known:
        return known[user_id, kind]
    key = version_key(user_id, kind)
    version = (found if found is not None else cache.get_many([key])).get(key)
    if version is None:
        fresh = _fresh_version()
        cache.add(key, fresh, None)
        version = cache.get(key, fresh)
    if known is not None:
        known[user_id, kind] = version
    return version


# The versions this thread read or moved on during the request it is serving, by (person, kind), so
# that the rest of that request uses them: the one a person was loaded with is replaced by one moved
# on here. Nothing is noted outside a request (a worker telling 3,000 watchers would only pile them up).
_in_request = threading.local()


def _request_started(**kwargs):
    _in_request.versions = {}


def _request_finished(**kwargs):
    _in_request.versions = None


request_started.connect(_request_started, dispatch_uid="core.person_cache.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.person_cache.request_finished")


def _bump(user_ids, kind=None):
    known = getattr(_in_request, "versions", None)
    for pk in set(user_ids):
        key = version_key(pk, kind)
        try:
            version = cache.incr(key)
        except ValueError:  # never kept, or evicted: start above anything used before
            version = _fresh_version()
            cache.set(key, version, None)
        if known is not None:
            known[pk, kind] = version


def signed_in_version(user):
    """The signed-in person's version as of now, without a cache read in the usual case.

    That is the version they were loaded with (accounts.backends sets
    `user.kept_version`), unless this request has moved it on since: reading a
    conversation changes the header counts on the very page that reads it.
    """
    moved = (getattr(_in_request, "versions", None) or {}).get((user.pk, None))
    if moved is not None:
        return moved
    return getattr(user, "kept_version", None) or person_version(user.pk)


def person_changed(user_ids, *, kind=None):
    """Something kept about these people has changed: read it afresh on their next page."""
    user_ids = [pk for pk in user_ids if pk is not None]
    if not user_ids or not settings.CONTENT_CACHE:
        return
    _bump(user_ids, kind)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(user_ids, kind))
