"""Demo notifications for a local run (idempotent)."""

import datetime as dt

from django.utils import timezone

from accounts.demo import person
from notifications import kinds, weekly
from notifications.models import Notification, NotificationPreference, SummaryConsent

# (recipient, kind, actor, title, url, body, hours ago, read)
DEMO_NOTIFICATIONS = [
    (
        "priya",
        "forum.reply",
        "james",
        "Dr James Okafor replied to “EPR go-live lessons”",
        "/forum/",
        "We staggered the go-live by ward and kept a floor-walker rota for two weeks.",
        2,
        False,
    ),
    (
        "priya",
        "forum.mention",
        "sarah",
        "Sarah Whitfield RN mentioned you in “Nursing documentation burden”",
        "/forum/",
        "@priya may know how your trust handled the e-obs roll-out.",
        5,
        False,
    ),
    (
        "priya",
        "events.registered",
        None,
        "You are registered for the CCIO Summer Conference",
        "/events/",
        "",
        30,
        True,
    ),
    ("james", "forum.reaction", "priya", "Dr Priya Shah found your post helpful", "/forum/", "", 3, False),
    ("james", "events.reminder", None, "Reminder: CCIO online meet-up tomorrow", "/events/", "", 20, True),
    ("sarah", "accounts.membership", None, "Welcome to the CCIO Network", "/account/", "", 48, True),
]


def seed(stdout):
    now = timezone.now()
    created = 0
    for username, kind, actor, title, url, body, hours, read in DEMO_NOTIFICATIONS:
        recipient = person(username)
        when = now - dt.timedelta(hours=hours)
        _, was_created = Notification.objects.get_or_create(
            recipient=recipient,
            kind=kind,
            title=title,
            defaults={
                "actor": person(actor) if actor else None,
                "url": url,
                "body": body,
                "created_at": when,
                "read_at": when if read else None,
                "delivery": kinds.KINDS[kind].default,
                # Demo rows are never emailed.
                "emailed_at": when,
                "digested_at": when,
            },
        )
        created += was_created
    NotificationPreference.objects.get_or_create(
        recipient=person("james"), kind="forum.reply", defaults={"frequency": kinds.DAILY}
    )
    # Priya and James asked for the weekly summary when they joined (editors preview theirs in /editor/).
    for username in ("priya", "james"):
        member = person(username)
        if not SummaryConsent.objects.filter(user=member).exists():
            weekly.record_choice(user=member, agreed=True, method=SummaryConsent.Method.SIGNUP)
    if created:
        stdout.write(f"Demo notifications: {created} created.")
