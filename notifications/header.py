"""The counts in the page header (the notification bell and its neighbours), in one query.

Other apps add a count beside the bell without notifications importing them:

    from notifications.header import register_count
    register_count("messages", unread_conversations)   # in the app's ready()

`unread_conversations(user)` returns a queryset whose rows are counted, or None
when the person can have none.
header_counts() asks the database for the bell's count and every registered
count in a single statement: one scalar subquery each, over the one row of
the signed-in user.

With a shared cache (settings.CONTENT_CACHE) the counts are kept per person
until something changes them: every place that changes what a count counts
(a notification made or read, a message added, a conversation read or left)
calls `counts_changed(user_ids)`, which moves that person's version on, at
once and again when the transaction commits, as the content cache does. A
page view then reads two small cache keys instead of running the query.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Func, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from notifications import kinds

NOTIFICATIONS = "notifications"

_COUNTS = {}


def register_count(name, rows):
    """Show `rows(user)`'s row count in the header as header_counts[name]."""
    if name == NOTIFICATIONS:
        raise ValueError(f"{name!r} is the bell's own count")
    _COUNTS[name] = rows


def registered_names():
    return [NOTIFICATIONS, *_COUNTS]


class _Count(Func):
    """COUNT(*) without GROUP BY: Django does not see an aggregate, so the subquery stays one row."""

    function = "COUNT"
    template = "COUNT(*)"
    output_field = IntegerField()

    def __init__(self):
        super().__init__()


def count_of(queryset):
    """A scalar subquery counting the queryset's rows (0 when none)."""
    counted = queryset.order_by().annotate(_header_count=_Count()).values("_header_count")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


KEPT_SECONDS = 600  # only to bound memory: the version is what keeps the counts right


def _version_key(user_id):
    return f"header-counts:version:{user_id}"


def _fresh_version():
    """Larger than any version used before, should a person's counter be lost (evicted, a cache restarted)."""
    return time.time_ns() // 1000


def _version(user_id):
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        fresh = _fresh_version()
        cache.add(key, fresh, None)
        version = cache.get(key, fresh)
    return version


def _bump(user_ids):
    for key in {_version_key(pk) for pk in user_ids}:
        try:
            cache.incr(key)
        except ValueError:  # never counted, or evicted: start above anything used before
            cache.set(key, _fresh_version(), None)


def counts_changed(user_ids):
    """What these people's header counts count has changed: recount on their next page."""
    user_ids = [pk for pk in user_ids if pk is not None]
    if not user_ids or not settings.CONTENT_CACHE:
        return
    _bump(user_ids)
    if transaction.get_connection().in_atomic_block:
        # Again after commit: a page counted between the first bump and the commit saw the old rows.
        transaction.on_commit(lambda: _bump(user_ids))


def header_counts(user):
    """{name: count} for the bell and every registered count: kept per person, or one query."""
    if not settings.CONTENT_CACHE:
        return count_now(user)
    # The kinds counted depend on the person's roles and on whether they count in this session.
    offered = sorted(kind.code for kind in kinds.all_kinds() if kind.offered_to(user))
    powers = hashlib.sha256(repr(offered).encode()).hexdigest()[:16]
    key = f"header-counts:{user.pk}:{_version(user.pk)}:{powers}"
    counts = cache.get(key)
    if counts is None:
        counts = count_now(user)
        cache.set(key, counts, KEPT_SECONDS)
    return counts


def count_now(user):
    """{name: count} for the bell and every registered count, in one query."""
    from notifications.models import Notification

    expressions = {NOTIFICATIONS: count_of(Notification.objects.for_recipient(user).unread())}
    for name, rows in _COUNTS.items():
        queryset = rows(user)
        expressions[name] = Value(0) if queryset is None else count_of(queryset)
    # Aliases are prefixed so that no registered name can clash with a field of the user table.
    aliases = {f"header_{name}": expression for name, expression in expressions.items()}
    row = get_user_model().objects.filter(pk=user.pk).annotate(**aliases).values(*aliases).first()
    if row is None:
        return dict.fromkeys(expressions, 0)
    return {name: row[f"header_{name}"] or 0 for name in expressions}
