from django import forms
from django.urls import reverse

from accounts.services import active_moderators, export_iso
from notifications import kinds, weekly
from notifications.models import DigestLog, Notification, SummaryConsent
from notifications.preferences import preferences_for
from notifications.services import erase_member, notify_many


def tell_moderators_of_application(sender, application, **kwargs):
    """Every moderator hears that someone applied to join (two queries whatever their number)."""
    notify_many(
        active_moderators(),
        "accounts.application",
        title="applied to join the network",
        url=reverse("accounts:application_queue"),
        actor=application.user,
        body=f"{application.job_title}, {application.organisation}",
    )


def erase_member_notifications(sender, user, **kwargs):
    erase_member(user=user)
    weekly.erase_member(user)


def weekly_summary_signup_field():
    return forms.BooleanField(required=False, initial=False, label=weekly.WORDING)


def weekly_summary_signup(*, user, value):
    if value:
        weekly.record_choice(user=user, agreed=True, method=SummaryConsent.Method.SIGNUP)


def export_member_notifications(sender, user, **kwargs):
    """Their email choices (defaults included), the notifications they received and the digests sent."""
    chosen = preferences_for(user)
    preferences = [
        {"kind": kind.code, "description": kind.label, "email": chosen[kind.code]}
        for kind in kinds.all_kinds()
        if kind.offered_to(user)
    ]
    # Title and address as the member saw them; the excerpt and who acted are left out,
    # as they quote other members.
    received = [
        {
            "kind": n["kind"],
            "title": n["title"],
            "url": n["url"],
            "created": export_iso(n["created_at"]),
            "read": n["read_at"] is not None,
            "read_at": export_iso(n["read_at"]),
            "emailed_at": export_iso(n["emailed_at"]),
        }
        for n in Notification.objects.filter(recipient=user)
        .order_by("created_at", "pk")
        .values("kind", "title", "url", "created_at", "read_at", "emailed_at")
    ]
    digests = [
        {"date": export_iso(d["date"]), "sent_at": export_iso(d["sent_at"]), "notifications": d["notification_count"]}
        for d in DigestLog.objects.filter(recipient=user)
        .order_by("date")
        .values("date", "sent_at", "notification_count")
    ]
    return "notifications", {
        "email_preferences": preferences,
        "notifications": received,
        "daily_digests": digests,
        "weekly_summary": weekly.export_member(user, export_iso),
    }
