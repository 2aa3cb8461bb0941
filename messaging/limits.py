"""Abuse limits on private messages, as the forum has on posts.

Everyone: the same text twice in a row is refused. Members who joined less
than FORUM_NEW_MEMBER_DAYS ago (a "new member", as the forum counts them):
at most MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE messages a minute and
MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY new conversations a day.
Moderators are not limited.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from messaging import access
from messaging.models import Conversation, Message


class MessagingError(Exception):
    """A refusal with a message for the member (limit, privacy, duplicate...)."""


def is_new_member(user, now=None):
    now = now or timezone.now()
    return user.date_joined > now - dt.timedelta(days=settings.FORUM_NEW_MEMBER_DAYS)


def check(*, author, body, new_conversation=False, as_moderators=False, now=None):
    """Raise MessagingError when this message would break a limit."""
    now = now or timezone.now()
    if not as_moderators:
        # Moderators answering for the team may send the same words to several members.
        last = (
            Message.objects.filter(author=author, kind=Message.Kind.MESSAGE, as_moderators=False)
            .order_by("-created", "-pk")
            .only("body")
            .first()
        )
        if last is not None and last.body.strip() == body.strip():
            raise MessagingError(
                "You have just sent exactly this message. Please write something new rather than repeat it."
            )
    if access.can_moderate(author) or not is_new_member(author, now):
        return
    per_minute = settings.MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE
    recent = Message.objects.filter(
        author=author, kind=Message.Kind.MESSAGE, created__gte=now - dt.timedelta(minutes=1)
    ).count()
    if recent >= per_minute:
        raise MessagingError(
            f"New members can send at most {per_minute} messages a minute. Please wait a moment and try again."
        )
    if new_conversation:
        per_day = settings.MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY
        started = Conversation.objects.filter(started_by=author, created__gte=now - dt.timedelta(days=1)).count()
        if started >= per_day:
            raise MessagingError(
                f"New members can start at most {per_day} conversations a day. "
                "Please reply in one you already have, or try again tomorrow."
            )
