"""Flags and moderators' actions. Every action is recorded in ModerationAction."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.services import suspend, unsuspend
from forum import access
from forum.models import Category, Flag, ModerationAction, Post, Topic
from forum.services import ForumError
from notifications import notify


def _require_moderator(user):
    if not access.can_moderate(user):
        raise ForumError("Only moderators can do that.")


def flag_create(*, post, reporter, reason, detail=""):
    if not access.can_write(reporter):
        raise ForumError("Only members can flag posts.")
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, reporter=reporter, reason=reason, detail=detail)
    except IntegrityError as exc:
        raise ForumError("You have already flagged this post; a moderator will look at it.") from exc


@transaction.atomic
def post_hide(*, post, moderator, reason):
    _require_moderator(moderator)
    Post.objects.filter(pk=post.pk).update(hidden=True, hidden_reason=reason[:300])
    post.hidden, post.hidden_reason = True, reason[:300]
    Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(
        status=Flag.Status.ACTED, resolved_by=moderator, resolved_at=timezone.now()
    )
    ModerationAction.record(
        moderator=moderator,
        kind=ModerationAction.Kind.HIDE_POST,
        reason=reason,
        post=post,
        topic=post.topic,
        target_user=post.author,
    )
    if post.author and post.author.is_active and post.author_id != moderator.pk:
        # No actor: the member is told that a moderator acted, not which one.
        notify(
            post.author,
            "forum.moderation",
            title=f'A moderator hid your post in "{post.topic.title}"',
            url=post.get_absolute_url(),
            body=f"Reason: {reason}",
        )
    return post


@transaction.atomic
def post_unhide(*, post, moderator, reason=""):
    _require_moderator(moderator)
    Post.objects.filter(pk=post.pk).update(hidden=False, hidden_reason="")
    post.hidden, post.hidden_reason = False, ""
    ModerationAction.record(
        moderator=moderator,
        kind=ModerationAction.Kind.UNHIDE_POST,
        reason=reason,
        post=post,
        topic=post.topic,
        target_user=post.author,
    )
    return post


@transaction.atomic
def flag_dismiss(*, flag, moderator, reason=""):
    _require_moderator(moderator)
    Flag.objects.filter(post=flag.post, status=Flag.Status.OPEN).update(
        status=Flag.Status.DISMISSED, resolved_by=moderator, resolved_at=timezone.now()
    )
    ModerationAction.record(
        moderator=moderator,
        kind=ModerationAction.Kind.DISMISS_FLAG,
        reason=reason,
        post=flag.post,
        topic=flag.post.topic,
        detail=flag.get_reason_display(),
    )


TOPIC_CHANGES = {
    "pin": {"pinned": True},
    "unpin": {"pinned": False},
    "lock": {"locked": True},
    "unlock": {"locked": False},
    "hide_topic": {"hidden": True},
    "unhide_topic": {"hidden": False},
}


@transaction.atomic
def topic_moderate(*, topic, moderator, action, reason, category=None):
    _require_moderator(moderator)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    detail = ""
    if action == "move":
        if category is None or category.pk == topic.category_id:
            raise ForumError("Choose a different category to move the topic to.")
        old = topic.category
        posts = topic.last_number
        Category.objects.filter(pk=old.pk).update(
            topic_count=_dec("topic_count", 1), post_count=_dec("post_count", posts)
        )
        from django.db.models import F

        Category.objects.filter(pk=category.pk).update(
            topic_count=F("topic_count") + 1, post_count=F("post_count") + posts
        )
        topic.category = category
        topic.save(update_fields=["category"])
        detail = f"From {old.name} to {category.name}"
    elif action in TOPIC_CHANGES:
        for field, value in TOPIC_CHANGES[action].items():
            setattr(topic, field, value)
        topic.save(update_fields=list(TOPIC_CHANGES[action]))
    else:
        raise ForumError("Unknown action.")
    ModerationAction.record(
        moderator=moderator, kind=action, reason=reason, topic=topic, target_user=topic.author, detail=detail
    )
    return topic


def _dec(field, amount):
    from django.db.models import Case, F, Value, When

    return Case(When(**{f"{field}__gte": amount}, then=F(field) - amount), default=Value(0))


@transaction.atomic
def member_suspend(*, member, moderator, until, reason):
    _require_moderator(moderator)
    if member.pk == moderator.pk:
        raise ForumError("You cannot suspend yourself.")
    if isinstance(until, dt.date) and not isinstance(until, dt.datetime):
        until = timezone.make_aware(dt.datetime.combine(until, dt.time(23, 59)))
    if until <= timezone.now():
        raise ForumError("Choose a date in the future.")
    suspend(user=member, until=until, reason=reason)
    ModerationAction.record(
        moderator=moderator,
        kind=ModerationAction.Kind.SUSPEND,
        reason=reason,
        target_user=member,
        detail=f"Until {timezone.localtime(until):%d %B %Y}",
    )


@transaction.atomic
def member_unsuspend(*, member, moderator, reason=""):
    _require_moderator(moderator)
    unsuspend(user=member)
    ModerationAction.record(
        moderator=moderator, kind=ModerationAction.Kind.UNSUSPEND, reason=reason, target_user=member
    )
