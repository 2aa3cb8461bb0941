"""Private messages' part in exporting and erasing an account.

Erasure: the member's messages stay for the other participants, shown as by
"Former member" (the account row is anonymised by accounts); the member
leaves every conversation, and their preferences and blocks go.
Export: the conversations they take or took part in and the messages they
wrote, never other members' words or names.
"""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from accounts.services import export_iso
from accounts.signals import account_erased, account_exported
from core.person_cache import person_changed
from messaging.models import Block, Conversation, Message, Participant, Preferences, Report
from notifications import header


@receiver(account_erased, dispatch_uid="messaging_account_erased")
def erase_messaging_traces(sender, user, **kwargs):
    Participant.objects.filter(user=user, left_at__isnull=True).update(left_at=timezone.now())
    header.counts_changed([user.pk])
    # Nobody is left to answer in their conversations with the moderators.
    Conversation.objects.filter(kind=Conversation.Kind.MODERATORS, participants__user=user).update(
        awaiting_moderators=False
    )
    Preferences.objects.filter(user=user).delete()
    Block.objects.filter(blocker=user).delete()
    # Those who blocked them read their conversations with their blocks kept (messaging.personal.reader).
    person_changed(list(Block.objects.filter(blocked=user).values_list("blocker_id", flat=True)))
    Block.objects.filter(blocked=user).delete()


def _conversation_url(pk):
    return reverse("messaging:conversation", args=[pk])


@receiver(account_exported, dispatch_uid="messaging_account_exported")
def export_messaging_data(sender, user, **kwargs):
    # One query per kind of data, however much the member has written.
    conversations = [
        {
            "subject": p["conversation__subject"],
            "url": _conversation_url(p["conversation_id"]),
            "with_the_moderators": p["conversation__kind"] == Conversation.Kind.MODERATORS,
            "started_by_you": p["conversation__started_by_id"] == user.pk,
            "started": export_iso(p["conversation__created"]),
            "joined": export_iso(p["joined_at"]),
            "left": export_iso(p["left_at"]),
            "last_read_message_number": p["last_read_number"],
        }
        for p in Participant.objects.filter(user=user)
        .order_by("conversation__created", "conversation_id")
        .values(
            "conversation_id",
            "conversation__subject",
            "conversation__kind",
            "conversation__started_by_id",
            "conversation__created",
            "joined_at",
            "left_at",
            "last_read_number",
        )
    ]
    messages = []
    for m in (
        Message.objects.filter(author=user, kind=Message.Kind.MESSAGE)
        .order_by("created", "pk")
        .values(
            "id",
            "conversation_id",
            "conversation__subject",
            "number",
            "body",
            "created",
            "as_moderators",
            "hidden",
            "hidden_reason",
        )
    ):
        message = {
            "conversation": m["conversation__subject"],
            "conversation_url": _conversation_url(m["conversation_id"]),
            "number": m["number"],
            "url": reverse("messaging:permalink", args=[m["id"]]),
            "created": export_iso(m["created"]),
            "body_markdown": m["body"],
            "written_for_the_moderators": m["as_moderators"],
            "hidden_by_moderators": m["hidden"],
        }
        if m["hidden"]:
            message["hidden_reason"] = m["hidden_reason"]  # the member was sent this reason
        messages.append(message)
    preferences = Preferences.objects.filter(user=user).values("who_can_start", "email_content").first() or {
        "who_can_start": Preferences.WhoCanStart.ALL,
        "email_content": True,
    }
    blocks = [
        {"username": b["blocked__username"], "since": export_iso(b["created"])}
        for b in Block.objects.filter(blocker=user).order_by("created", "pk").values("blocked__username", "created")
    ]
    # The reports they made and what became of them; who resolved them is the moderators' business.
    reports = [
        {
            "message_url": reverse("messaging:permalink", args=[r["message_id"]]),
            "reason": r["reason"],
            "detail": r["detail"],
            "status": r["status"],
            "created": export_iso(r["created"]),
            "resolved_at": export_iso(r["resolved_at"]),
        }
        for r in Report.objects.filter(reporter=user)
        .order_by("created", "pk")
        .values("message_id", "reason", "detail", "status", "created", "resolved_at")
    ]
    return "private_messages", {
        "preferences": preferences,
        "conversations": conversations,
        "messages_written": messages,
        "members_blocked": blocks,
        "reports_made": reports,
    }
