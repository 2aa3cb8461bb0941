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
calls `counts_changed(user_ids)`, which moves that person's version on
(core.person_cache). A page view then reads one small cache key instead of
running the query.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Func, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from core import person_cache
from core.person_cache import person_changed, signed_in_version
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


def counts_changed(user_ids):
    """What these people's header counts count has changed: recount on their next page."""
    person_changed(user_ids)


def header_counts(user):
    """{name: count} for the bell and every registered count: kept per person, or one query."""
    if not settings.CONTENT_CACHE:
        return count_now(user)
    # The kinds counted depend on the person's roles and on whether they count in this session.
    offered = sorted(kind.code for kind in kinds.all_kinds() if kind.offered_to(user))
    powers = hashlib.sha256(repr(offered).encode()).hexdigest()[:16]
    # The signed-in person came with their version (accounts.backends): no second read.
    version = signed_in_version(user)
    key = f"header-counts:{user.pk}:{version}:{powers}"
    counts = cache.get(key)
    if counts is None:
        counts = count_now(user)
        cache.set(key, counts, person_cache.KEPT_SECONDS)
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
