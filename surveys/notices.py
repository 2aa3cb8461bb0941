"""Survey notifications, each sent once: a survey opens, a reminder before it closes, results published.

`send_due(now)` is what `manage.py survey_notifications` runs (schedule it
hourly). Each notice is claimed with one conditional UPDATE on the survey's
"sent at" column before anyone is told, in the same transaction as the
notifications, so two runs at once (or a run repeated) send nothing twice.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts import roles
from notifications.services import notify_many
from surveys.models import Audience, Participation, ResultsVisibility, Survey

REMINDER_BEFORE = dt.timedelta(days=3)


def audience(survey):
    """Active accounts the survey is for: members (anyone with a role), or everyone signed up."""
    people = get_user_model().objects.filter(is_active=True)
    if survey.audience == Audience.MEMBERS:
        people = people.filter(Q(groups__name__in=roles.ALL) | Q(is_superuser=True)).distinct()
    return people


def not_answered(survey):
    answered = Participation.objects.filter(survey=survey, member=OuterRef("pk"))
    return audience(survey).exclude(Exists(answered))


def _claim(survey, column, now):
    """Mark the notice sent; False when another run already did."""
    return bool(Survey.objects.filter(pk=survey.pk, **{f"{column}__isnull": True}).update(**{column: now}))


def _send(survey, column, now, recipients, kind, title, url, body=""):
    with transaction.atomic():
        if not _claim(survey, column, now):
            return 0
        return len(notify_many(list(recipients), kind, title=title, url=url, body=body))


def send_due(now=None):
    """Send every notice that is due; returns {kind: notifications created}."""
    now = now or timezone.now()
    sent = {"opened": 0, "reminder": 0, "results": 0}
    live = Survey.objects.published()
    for survey in live.filter(opens_at__lte=now, closes_at__gt=now, opened_notified_at__isnull=True):
        sent["opened"] += _send(
            survey,
            "opened_notified_at",
            now,
            not_answered(survey),
            "surveys.opened",
            f"Survey open: “{survey.title}”",
            survey.get_absolute_url(),
            body=f"Open until {timezone.localtime(survey.closes_at):%d/%m/%Y %H:%M}."
            + (" Anonymous: your answers are not linked to you." if survey.anonymous else ""),
        )
    for survey in live.filter(
        closes_at__gt=now, closes_at__lte=now + REMINDER_BEFORE, opens_at__lte=now, reminder_sent_at__isnull=True
    ):
        sent["reminder"] += _send(
            survey,
            "reminder_sent_at",
            now,
            not_answered(survey),
            "surveys.reminder",
            f"“{survey.title}” closes on {timezone.localtime(survey.closes_at):%d/%m/%Y}",
            survey.get_absolute_url(),
            body="You have not answered yet. It takes a few minutes.",
        )
    published = live.filter(closes_at__lte=now, results_notified_at__isnull=True).exclude(
        results_visibility=ResultsVisibility.EDITORS
    )
    for survey in published:
        if survey.results_visibility == ResultsVisibility.RESPONDENTS:
            recipients = get_user_model().objects.filter(
                is_active=True, pk__in=Participation.objects.filter(survey=survey).values("member_id")
            )
        else:
            recipients = audience(survey)
        sent["results"] += _send(
            survey,
            "results_notified_at",
            now,
            recipients,
            "surveys.results",
            f"Results published: “{survey.title}”",
            survey.get_results_url(),
        )
    return sent
