"""Writes in the forum: each a keyword-only function, atomic, used by views, admin and demo.

Post numbers are handed out under a row lock on the topic (locks.py) so two
replies at the same moment get distinct numbers; counters move with F().
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, Value
from django.utils import timezone

from core.locks import DOUBLE_SUBMIT_SECONDS, lock_person
from forum import access, personal, tasks
from forum.locks import lock_topic
from forum.models import Bookmark, Category, ModerationAction, Post, PostRevision, Reaction, ReadState, Topic, Watch
from forum.rendering import MENTION_RE, excerpt, mentioned_users, render_post_body
from notifications import notify

logger = logging.getLogger(__name__)


class ForumError(Exception):
    """A refusal with a message for the member (rate limit, locked topic, duplicate...)."""


def _delete_window():
    return dt.timedelta(minutes=settings.FORUM_DELETE_WINDOW_MINUTES)


def is_new_member(user, now=None):
    now = now or timezone.now()
    return user.date_joined > now - dt.timedelta(days=settings.FORUM_NEW_MEMBER_DAYS)


def check_limits(*, author, body, new_topic=False, now=None):
    """Raise ForumError when this post would break an abuse limit."""
    now = now or timezone.now()
    last = Post.objects.filter(author=author).order_by("-created", "-pk").only("body").first()
    if last is not None and last.body.strip() == body.strip():
        raise ForumError("You have just posted exactly this. Please write something new rather than repeat a post.")
    if access.can_moderate(author) or not is_new_member(author, now):
        return
    recent = Post.objects.filter(author=author, created__gte=now - dt.timedelta(minutes=1)).count()
    if recent >= settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE:
        raise ForumError(
            "New members can post at most "
            f"{settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE} times a minute. Please wait a moment and try again."
        )
    if new_topic:
        topics = Topic.objects.filter(author=author, created__gte=now - dt.timedelta(days=1)).count()
        if topics >= settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY:
            raise ForumError(
                f"New members can start at most {settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY} topics a day. "
                "Please reply in an existing topic or try again tomorrow."
            )


def update_search_vector(post):
    """Keep the stored search vector current (PostgreSQL only): topic title weight A, body weight B."""
    if connection.vendor != "postgresql":
        return
    title = post.topic.title if post.number == 1 else ""
    Post.objects.filter(pk=post.pk).update(
        search_vector=SearchVector(Value(title), weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
    )


def _set_body(post, body):
    post.body = body
    mentioned = mentioned_users(body)
    post.body_html = render_post_body(body, mentioned=mentioned)
    return mentioned


def _add_post(*, topic, author, body, now):
    """Create the next post in a locked topic and move every counter. Returns (post, mentioned)."""
    post = Post(topic=topic, number=topic.last_number + 1, author=author)
    mentioned = _set_body(post, body)
    post.save()
    is_reply = post.number > 1
    Topic.objects.filter(pk=topic.pk).update(
        last_number=F("last_number") + 1,
        reply_count=F("reply_count") + (1 if is_reply else 0),
        last_posted_at=post.created,
        last_post=post,
    )
    Category.objects.filter(pk=topic.category_id).update(
        post_count=F("post_count") + 1,
        topic_count=F("topic_count") + (0 if is_reply else 1),
        last_posted_at=post.created,
    )
    topic.last_number = post.number
    update_search_vector(post)
    Watch.objects.get_or_create(user=author, topic=topic, defaults={"level": Watch.Level.WATCHING})
    # The author has read their own post: advance their read state when they were caught up.
    if post.number == 1:
        ReadState.objects.get_or_create(user=author, topic=topic, defaults={"last_read_number": 1})
    else:
        ReadState.objects.filter(user=author, topic=topic, last_read_number=post.number - 1).update(
            last_read_number=post.number
        )
    return post, mentioned


def _just_posted(author, body, now, **where):
    """The author's post with this body sent moments ago (a double click), or None."""
    last = (
        Post.objects.filter(
            author=author, deleted=False, created__gte=now - dt.timedelta(seconds=DOUBLE_SUBMIT_SECONDS), **where
        )
        .select_related("topic")
        .order_by("-created", "-pk")
        .first()
    )
    return last if last is not None and last.body.strip() == body.strip() else None


@transaction.atomic
def topic_create(*, author, category, title, body, enforce_limits=True):
    """Start a topic. Sent twice (a double click), the second gets the topic the first created."""
    if not access.can_start_topic(author, category):
        raise ForumError("You cannot start a topic in this category.")
    lock_person(author)  # the author's writes one at a time: limits and the duplicate check hold
    now = timezone.now()
    same = _just_posted(author, body, now, number=1, topic__category=category, topic__title=title.strip())
    if same is not None:
        return same.topic
    if enforce_limits:
        check_limits(author=author, body=body, new_topic=True, now=now)
    topic = Topic.objects.create(category=category, title=title.strip(), author=author, last_posted_at=now)
    post, mentioned = _add_post(topic=topic, author=author, body=body, now=now)
    topic.refresh_from_db()
    _notify_new_post(post, mentioned=mentioned)
    return topic


@transaction.atomic
def reply_create(*, author, topic, body, enforce_limits=True):
    """Reply to a topic. Sent twice (a double click), the second gets the post the first created."""
    lock_person(author)  # the author first, then the topic: locks always in this order
    topic = lock_topic(topic.pk)
    if not access.can_reply(author, topic):
        raise ForumError("This topic is locked." if topic.locked else "You cannot reply to this topic.")
    now = timezone.now()
    same = _just_posted(author, body, now, topic=topic, number__gt=1)
    if same is not None:
        return same
    if enforce_limits:
        check_limits(author=author, body=body, now=now)
    post, mentioned = _add_post(topic=topic, author=author, body=body, now=now)
    _notify_new_post(post, mentioned=mentioned)
    return post


def _notify_new_post(post, *, mentioned):
    """Mentions now (forum.mention), then watchers in the background (forum.reply); nobody twice, never the author."""
    topic = post.topic
    author = post.author
    url = post.get_absolute_url()
    body = excerpt(post.body)
    told = {author.pk} if author else set()
    for user in mentioned:
        if user.pk in told or not access.may_receive_about(user, topic):
            continue
        notify(user, "forum.mention", title=f'mentioned you in "{topic.title}"', url=url, actor=author, body=body)
        told.add(user.pk)
    # Watchers can be thousands: the worker tells them in bulk, queued in this post's transaction.
    try:
        with transaction.atomic():
            tasks.notify_watchers.enqueue(post.pk, sorted(told))
    except Exception:  # noqa: BLE001 - the queue is down: tell them now rather than never
        logger.exception("Could not queue notify_watchers for post %s; notifying its watchers in the request", post.pk)
        tasks.notify_watchers.call(post.pk, sorted(told))


@transaction.atomic
def post_edit(*, post, editor, body, title=None):
    """Replace a post's text, keeping the text it replaces as a revision.

    The post is re-read under a row lock, so when its author and a moderator
    edit at the same moment, each one's text ends up either current or in
    the history: never lost.
    """
    if not access.can_edit_post(editor, post):
        raise ForumError("You cannot edit this post.")
    current = Post.objects.select_for_update().only("body", "body_html").get(pk=post.pk)
    post.body, post.body_html = current.body, current.body_html
    if body.strip() == post.body.strip() and (title is None or title.strip() == post.topic.title):
        return post
    PostRevision.objects.create(post=post, body=post.body, body_html=post.body_html, edited_by=editor)
    _set_body(post, body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if title is not None and post.number == 1 and title.strip() != post.topic.title:
        post.topic.title = title.strip()
        post.topic.save(update_fields=["title", "slug"])
    update_search_vector(post)
    if editor.pk != post.author_id:
        ModerationAction.record(
            moderator=editor,
            kind=ModerationAction.Kind.EDIT_POST,
            post=post,
            topic=post.topic,
            target_user=post.author,
        )
    return post


@transaction.atomic
def post_delete(*, post, user):
    if not access.can_delete_post(user, post, now=timezone.now(), window=_delete_window()):
        raise ForumError(
            f"You can delete your own post only within {settings.FORUM_DELETE_WINDOW_MINUTES} minutes of posting."
        )
    topic = lock_topic(post.topic_id)
    Post.objects.filter(pk=post.pk).update(deleted=True, search_vector=None)
    if post.number > 1:
        Topic.objects.filter(pk=topic.pk, reply_count__gt=0).update(reply_count=F("reply_count") - 1)
    if topic.accepted_post_id == post.pk:
        Topic.objects.filter(pk=topic.pk).update(accepted_post=None)
    post.deleted = True
    return post


@transaction.atomic
def reaction_toggle(*, post, user):
    """Like or unlike a post. Returns True when the member now likes it."""
    if not access.can_write(user) or post.author_id == user.pk or not post.is_visible_content:
        raise ForumError("You cannot like this post.")
    deleted, _ = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
        return False
    _, created = Reaction.objects.get_or_create(post=post, user=user)
    if created:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
        if post.author and access.may_receive_about(post.author, post.topic):
            notify(
                post.author,
                "forum.reaction",
                title=f'liked your post in "{post.topic.title}"',
                url=post.get_absolute_url(),
                actor=user,
            )
    return True


@transaction.atomic
def accept_toggle(*, post, user):
    """Mark a reply as the accepted answer (or unmark it). Returns True when accepted."""
    topic = lock_topic(post.topic_id)
    if not access.can_accept(user, topic) or post.number == 1 or not post.is_visible_content:
        raise ForumError("You cannot accept this answer.")
    if topic.accepted_post_id == post.pk:
        Topic.objects.filter(pk=topic.pk).update(accepted_post=None)
        return False
    Topic.objects.filter(pk=topic.pk).update(accepted_post=post)
    if post.author and access.may_receive_about(post.author, topic):
        notify(
            post.author,
            "forum.accepted",
            title=f'accepted your answer in "{topic.title}"',
            url=post.get_absolute_url(),
            actor=user,
        )
    return True


def bookmark_toggle(*, post, user):
    if not (user.is_authenticated and user.is_member):
        raise ForumError("Only members can bookmark posts.")
    deleted, _ = Bookmark.objects.filter(post=post, user=user).delete()
    if not deleted:
        Bookmark.objects.get_or_create(post=post, user=user)
    personal.own_changed([user.pk])
    return not deleted


def erase_mentions(*, username, replacement="Former member"):
    """Others' posts and their edit history that @mention an erased member: the mention becomes plain text.

    Called while erasing an account (the username is freed, and another member
    could take it: an old "@name" must not come to mean them). The stored HTML
    is rendered again and the search vector rebuilt. Returns how many posts changed.
    """
    name = username.lower()

    def unlink(source):
        return MENTION_RE.sub(lambda m: replacement if m.group(1).lower() == name else m.group(0), source)

    changed = 0
    for post in Post.objects.filter(body__icontains=f"@{username}").select_related("topic"):
        body = unlink(post.body)
        if body != post.body:
            _set_body(post, body)
            post.save(update_fields=["body", "body_html"])
            if not post.deleted:
                update_search_vector(post)
            changed += 1
    for revision in PostRevision.objects.filter(body__icontains=f"@{username}"):
        body = unlink(revision.body)
        if body != revision.body:
            revision.body = body
            revision.body_html = render_post_body(body, mentioned=mentioned_users(body))
            revision.save(update_fields=["body", "body_html"])
    return changed


def watch_set(*, user, level, topic=None, category=None):
    """Watch, mute or (level=None) go back to normal for a topic or a category."""
    if not (user.is_authenticated and user.is_member):
        raise ForumError("Only members can watch topics.")
    target = {"topic": topic} if topic is not None else {"category": category}
    if level is None:
        Watch.objects.filter(user=user, **target).delete()
        watch = None
    else:
        watch, _ = Watch.objects.update_or_create(user=user, **target, defaults={"level": level})
    personal.own_changed([user.pk])  # a muted topic leaves their unread list
    return watch


@dataclass
class ReaderMarks:
    """One member's own marks on one page of a topic."""

    watch_level: str | None = None  # Watch.Level, None for normal
    last_read: int | None = None  # the last post number read, None without a read state
    liked: set = field(default_factory=set)  # ids of the page's posts they liked
    bookmarked: set = field(default_factory=set)  # ... and bookmarked


_READER_MARKS_SQL = (
    "SELECT 1, NULL, level FROM {watch} WHERE user_id = %s AND topic_id = %s"
    " UNION ALL SELECT 2, last_read_number, NULL FROM {readstate} WHERE user_id = %s AND topic_id = %s"
    " UNION ALL SELECT 3, post_id, NULL FROM {reaction} WHERE user_id = %s AND post_id IN ({marks})"
    " UNION ALL SELECT 4, post_id, NULL FROM {bookmark} WHERE user_id = %s AND post_id IN ({marks})"
)


def reader_marks(user, topic, post_ids):
    """This member's watch level and read position for the topic, and their likes and bookmarks among post_ids.

    One statement, written as SQL: it runs on every topic page a member reads,
    and building it through the ORM (a union of four querysets) cost more than
    running it. Table names come from the models, values are parameters.
    """
    post_ids = [int(pk) for pk in post_ids]
    marks = ", ".join(["%s"] * len(post_ids)) or "NULL"
    tables = {model.__name__.lower(): model._meta.db_table for model in (Watch, ReadState, Reaction, Bookmark)}
    sql = _READER_MARKS_SQL.format(**tables, marks=marks)
    params = [user.pk, topic.pk, user.pk, topic.pk, user.pk, *post_ids, user.pk, *post_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = ReaderMarks()
    for kind, number, level in rows:
        if kind == 1:
            found.watch_level = level
        elif kind == 2:
            found.last_read = number
        else:
            (found.liked if kind == 3 else found.bookmarked).add(number)
    return found
