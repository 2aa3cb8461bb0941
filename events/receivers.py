from django.urls import reverse

from accounts.services import export_iso
from events import services
from events.models import CalendarToken, EventQuestion, Registration, SessionStar, Speaker


def erase_member_data(sender, user, **kwargs):
    services.member_erase(member=user)


def export_member_data(sender, user, **kwargs):
    """The member's places, answers, agenda and speaker entries; one query per kind, never the feed's secret."""
    registrations = list(
        Registration.objects.filter(member=user)
        .order_by("created_at", "pk")
        .values(
            "event_id",
            "event__title",
            "event__slug",
            "event__starts_at",
            "status",
            "answers",
            "created_at",
            "confirmed_at",
            "waitlisted_at",
            "cancelled_at",
        )
    )
    # Answers are stored against question ids: give them back with the questions' words.
    questions = dict(
        EventQuestion.objects.filter(event_id__in={r["event_id"] for r in registrations}).values_list("id", "text")
    )

    def answers(stored):
        return [
            {"question": questions.get(int(qid)) if str(qid).isdigit() else None, "answer": answer}
            for qid, answer in (stored or {}).items()
        ]

    stars = [
        {
            "session": s["session__title"],
            "starts_at": export_iso(s["session__starts_at"]),
            "event": s["session__event__title"],
            "event_url": reverse("events:detail", args=[s["session__event__slug"]]),
            "starred_at": export_iso(s["created_at"]),
        }
        for s in SessionStar.objects.filter(member=user)
        .order_by("session__starts_at", "pk")
        .values("session__title", "session__starts_at", "session__event__title", "session__event__slug", "created_at")
    ]
    feed_reset_at = CalendarToken.objects.filter(member=user).values_list("created_at", flat=True).first()
    return "events", {
        "registrations": [
            {
                "event": r["event__title"],
                "url": reverse("events:detail", args=[r["event__slug"]]),
                "starts_at": export_iso(r["event__starts_at"]),
                "status": r["status"],
                "created": export_iso(r["created_at"]),
                "confirmed_at": export_iso(r["confirmed_at"]),
                "waitlisted_at": export_iso(r["waitlisted_at"]),
                "cancelled_at": export_iso(r["cancelled_at"]),
                "answers": answers(r["answers"]),
            }
            for r in registrations
        ],
        "starred_sessions": stars,
        "speaker_entries": list(
            Speaker.objects.filter(member=user).order_by("pk").values("name", "job_title", "organisation", "bio")
        ),
        # Whether a private calendar address exists, never the address: it works without signing in.
        "private_calendar_feed": {"set_up": feed_reset_at is not None, "last_reset_at": export_iso(feed_reset_at)},
    }
