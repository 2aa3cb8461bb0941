"""Reports: a participant asks the moderators to look at a message.

A report is the only way a moderator reads a conversation between members:
the moderation queue lists open reports, and a report's page shows the
reported message within its conversation. Moderators hide the message (its
author is told why) or dismiss the report.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.content_cache import content_changed
from messaging import access
from messaging.limits import MessagingError
from messaging.models import Message, Report
from notifications import notify


def can_report(user, message, *, conversation=None):
    """A participant may report someone else's message (not a line saying who joined or left,
    not the moderators' own answers, not one already hidden). `conversation` is the message's,
    with the reader's access (access.get_conversation), when the message does not carry it."""
    conversation = message.conversation if conversation is None else conversation
    return bool(
        getattr(conversation, "is_participant", False)
        and user.is_active
        and not message.is_event
        and not message.as_moderators
        and not message.hidden
        and message.author_id != user.pk
    )


def report_create(*, message, reporter, reason, detail=""):
    if not can_report(reporter, message):
        raise MessagingError("You cannot report this message.")
    if reason not in Report.Reason.values:
        raise MessagingError("Choose why the moderators should look at this message.")
    try:
        with transaction.atomic():
            return Report.objects.create(message=message, reporter=reporter, reason=reason, detail=detail[:500])
    except IntegrityError as exc:
        raise MessagingError("You have already reported this message; a moderator will look at it.") from exc


def _require_moderator(user):
    if not access.can_moderate(user):
        raise MessagingError("Only moderators can do that.")


def _resolve(message, *, moderator, status, reason):
    return Report.objects.filter(message=message, status=Report.Status.OPEN).update(
        status=status, resolved_by=moderator, resolved_at=timezone.now(), resolution=reason[:300]
    )


@transaction.atomic
def message_hide(*, report, moderator, reason):
    """Hide the reported message from its conversation; every open report on it is resolved."""
    _require_moderator(moderator)
    reason = (reason or "").strip()
    if not reason:
        raise MessagingError("Give a reason for hiding the message: its author and the participants will see it.")
    message = report.message
    Message.objects.filter(pk=message.pk).update(hidden=True, hidden_reason=reason[:300], search_vector=None)
    message.hidden, message.hidden_reason = True, reason[:300]
    # The one change to a kept page of messages that adds no message (messaging.personal): rare enough
    # to start every kept fragment afresh rather than keep a version per conversation.
    content_changed()
    _resolve(message, moderator=moderator, status=Report.Status.ACTED, reason=reason)
    if message.author is not None:
        notify(
            message.author,
            "messaging.moderation",
            title=f"A moderator hid your message in “{message.conversation.subject}”",
            url=message.get_absolute_url(),
            body=f"Reason: {reason}",
        )
    return message


@transaction.atomic
def report_dismiss(*, report, moderator, reason=""):
    _require_moderator(moderator)
    _resolve(report.message, moderator=moderator, status=Report.Status.DISMISSED, reason=reason or "")


def open_reports():
    return Report.objects.filter(status=Report.Status.OPEN)
