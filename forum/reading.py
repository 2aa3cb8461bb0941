"""Read state: how far each member has read each topic, kept cheap.

At most one ReadState row per member per topic, written at most once per
page view; topics whose last post is older than FORUM_READ_STATE_CUTOFF_DAYS
count as read with no row at all. Visitors never cause a write.
"""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import F, FilteredRelation, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from forum.models import ReadState, Topic


def cutoff(now=None):
    return (now or timezone.now()) - dt.timedelta(days=settings.FORUM_READ_STATE_CUTOFF_DAYS)


def with_read_state(queryset, user):
    """Annotate topics with `last_read` (post number; None when never read) for a member."""
    if not (user.is_authenticated and user.is_member):
        return queryset.annotate(last_read=Value(None, output_field=ReadState._meta.get_field("last_read_number")))
    return queryset.annotate(
        my_state=FilteredRelation("read_states", condition=Q(read_states__user=user)),
        last_read=F("my_state__last_read_number"),
    )


def unread_filter(user, now=None):
    """Q for topics with something a member has not read (needs with_read_state)."""
    return Q(last_posted_at__gte=cutoff(now)) & (Q(last_read__isnull=True) | Q(last_read__lt=F("last_number")))


def mark_unread_info(topics, user, now=None):
    """Set .unread_count, .is_new and .first_unread_number on annotated topics (no queries)."""
    limit = cutoff(now)
    member = user.is_authenticated and user.is_member
    for topic in topics:
        topic.is_new = False
        topic.unread_count = 0
        topic.first_unread_number = None
        if not member or topic.last_posted_at is None or topic.last_posted_at < limit:
            continue
        if topic.last_read is None:
            topic.is_new = True
            topic.unread_count = topic.last_number
            topic.first_unread_number = 1
        elif topic.last_read < topic.last_number:
            topic.unread_count = topic.last_number - topic.last_read
            topic.first_unread_number = topic.last_read + 1
    return topics


def category_unread_counts(user, category_ids, now=None):
    """{category_id: number of topics with unread posts} in one query."""
    if not (user.is_authenticated and user.is_member) or not category_ids:
        return {}
    from django.db.models import Count

    qs = with_read_state(Topic.objects.filter(category_id__in=category_ids, hidden=False), user)
    rows = qs.filter(unread_filter(user, now)).values("category_id").annotate(n=Count("pk")).order_by()
    return {row["category_id"]: row["n"] for row in rows}


def read_state_for(user, topic, state=...):
    """The member's last read post number for a topic (0 when none), or None for visitors.

    Pass `state` when it was already fetched (forum.services.reader_marks) to save a query.
    """
    if not (user.is_authenticated and user.is_member):
        return None
    if state is ...:
        state = ReadState.objects.filter(user=user, topic=topic).values_list("last_read_number", flat=True).first()
    if state is None and topic.last_posted_at and topic.last_posted_at < cutoff():
        return topic.last_number
    return state or 0


def record_read(user, topic, *, previous, up_to):
    """Advance a member's read state to post `up_to`: at most one write, none when nothing changed.

    Also counts a view: views are counted for members only, once per time
    they read something new, so visitors' page views write nothing.
    """
    if previous is None or up_to <= previous:
        return False
    if topic.last_posted_at and topic.last_posted_at < cutoff() and previous >= topic.last_number:
        return False
    if connection.vendor == "postgresql":
        _record_read_in_one_statement(user, topic, up_to)
        return True
    ReadState.objects.bulk_create(
        [ReadState(user=user, topic=topic, last_read_number=up_to)],
        update_conflicts=True,
        unique_fields=["user", "topic"],
        update_fields=["last_read_number", "updated"],
    )
    Topic.objects.filter(pk=topic.pk).update(view_count=Coalesce(F("view_count"), 0) + 1)
    return True


def _record_read_in_one_statement(user, topic, up_to):
    """The read state and the view count in one statement (PostgreSQL runs an INSERT inside WITH)."""
    state, topics = ReadState._meta.db_table, Topic._meta.db_table
    sql = f"""
        WITH state AS (
            INSERT INTO {state} (user_id, topic_id, last_read_number, updated) VALUES (%s, %s, %s, %s)
            ON CONFLICT (user_id, topic_id)
            DO UPDATE SET last_read_number = EXCLUDED.last_read_number, updated = EXCLUDED.updated
        )
        UPDATE {topics} SET view_count = COALESCE(view_count, 0) + 1 WHERE id = %s
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, topic.pk, up_to, timezone.now(), topic.pk])


def first_unread_number(user, topic):
    last = read_state_for(user, topic)
    if last is None or last >= topic.last_number:
        return topic.last_number
    return last + 1
