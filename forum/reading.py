"""Read state: how far each member has read each topic, kept cheap.

At most one ReadState row per member per topic, written at most once per
page view; topics whose last post is older than FORUM_READ_STATE_CUTOFF_DAYS
count as read with no row at all. Visitors never cause a write.
"""

import datetime as dt

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, FilteredRelation, Min, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.content_cache import cached_fragment, cached_until_changed
from forum import personal
from forum.models import ReadState, Topic, Watch


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


def unread_marks(topics, positions, user, now=None):
    """{topic id: (is_new, unread_count)} for the topics with something this member has not read (no queries).

    `topics` have pk, last_number and last_posted_at (topics or forum.lists.TopicFacts);
    `positions` is {topic id: last read post number} (read_positions). Visitors get no marks.
    """
    if not (user.is_authenticated and user.is_member):
        return {}
    limit = cutoff(now)
    marks = {}
    for topic in topics:
        if topic.last_posted_at is None or topic.last_posted_at < limit:
            continue
        last_read = positions.get(topic.pk)
        if last_read is None:
            marks[topic.pk] = (True, topic.last_number)
        elif last_read < topic.last_number:
            marks[topic.pk] = (False, topic.last_number - last_read)
    return marks


def kept_read_positions(user, topic_ids, *, category=None):
    """read_positions, kept until content or what this member has read or watches changes.

    A page of a category or of the latest topics then reads nothing from the database
    until one of those moves on (forum.personal.own_version).
    """
    if not (user.is_authenticated and user.is_member):
        return {}, None
    ids = [int(pk) for pk in topic_ids]
    vary_on = [user.pk, personal.own_version(user), ids, None if category is None else category.pk]
    return cached_fragment("forum-read-positions", vary_on, lambda: read_positions(user, ids, category=category))


def read_positions(user, topic_ids, *, category=None):
    """A member's read positions among topic_ids ({topic id: last read number}) and watch level on `category`.

    One statement, written as SQL: it runs on every topic list a member opens and
    is all that list reads from the database once its rows are kept. The watch
    level is None for normal (and when no category is given); visitors get ({}, None)
    without a query.
    """
    if not (user.is_authenticated and user.is_member):
        return {}, None
    ids = [int(pk) for pk in topic_ids]
    parts, params = [], []
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT topic_id, last_read_number, NULL FROM {ReadState._meta.db_table}"  # noqa: S608 - a model's table
            f" WHERE user_id = %s AND topic_id IN ({marks})"
        )
        params += [user.pk, *ids]
    if category is not None:
        parts.append(f"SELECT NULL, NULL, level FROM {Watch._meta.db_table} WHERE user_id = %s AND category_id = %s")  # noqa: S608
        params += [user.pk, category.pk]
    if not parts:
        return {}, None
    positions, level = {}, None
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for topic_id, number, watch_level in cursor.fetchall():
            if topic_id is None:
                level = watch_level
            else:
                positions[topic_id] = number
    return positions, level


def kept_category_unread_counts(user, category_ids):
    """{category id: number of topics with unread posts} for a member, in one query.

    Kept until content or what this member has read changes, or the oldest topic counted ages out.
    """
    if not (user.is_authenticated and user.is_member) or not category_ids:
        return {}
    vary_on = [user.pk, personal.own_version(user), list(category_ids)]
    return cached_until_changed("forum-unread-counts", vary_on, lambda: _category_unread_counts(user, category_ids))[0]


def _category_unread_counts(user, category_ids, now=None):
    """(counts, when they change by the clock: when the oldest topic counted ages out, or None)."""
    if not (user.is_authenticated and user.is_member) or not category_ids:
        return {}, None
    now = now or timezone.now()
    qs = with_read_state(Topic.objects.filter(category_id__in=category_ids, hidden=False), user)
    rows = qs.filter(unread_filter(user, now)).values("category_id").order_by()
    rows = list(rows.annotate(n=Count("pk"), oldest=Min("last_posted_at")))
    oldest = min((row["oldest"] for row in rows), default=None)
    return {row["category_id"]: row["n"] for row in rows}, ages_out(oldest)


def ages_out(last_posted_at):
    """When a topic last posted in at that moment starts counting as read (None for None)."""
    if last_posted_at is None:
        return None
    return last_posted_at + dt.timedelta(days=settings.FORUM_READ_STATE_CUTOFF_DAYS)


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
        personal.own_changed([user.pk])  # after the write: a list kept meanwhile was read before it
        return True
    ReadState.objects.bulk_create(
        [ReadState(user=user, topic=topic, last_read_number=up_to)],
        update_conflicts=True,
        unique_fields=["user", "topic"],
        update_fields=["last_read_number", "updated"],
    )
    Topic.objects.filter(pk=topic.pk).update(view_count=Coalesce(F("view_count"), 0) + 1)
    personal.own_changed([user.pk])
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
