from django.db.models import Min, Q
from django.utils import timezone

from core.content_cache import cached_until_changed
from core.person_cache import signed_in_version
from editorial.models import LIVE_STATUSES
from surveys.models import Survey


def section(request):
    """Home page: an open survey the signed-in person may answer and has not (none for visitors).

    Kept for the person until content changes, they answer a survey (their
    version moves on: surveys.services.save_response) or a survey opens,
    goes live or closes.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    survey, _ = cached_until_changed("home-survey", [user.pk, signed_in_version(user)], lambda: _awaiting(user))
    if survey is None:
        return None
    return {"template": "surveys/home_section.html", "survey": survey}


def _awaiting(user):
    """(The survey to offer or None, the moment that may change by the clock), in two queries."""
    now = timezone.now()
    survey = Survey.objects.awaiting(user).only("id", "title", "slug", "closes_at", "anonymous")
    survey = survey.order_by("closes_at", "pk").first()
    upcoming = Survey.objects.filter(status__in=LIVE_STATUSES).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)), live=Min("publish_at", filter=Q(publish_at__gt=now))
    )
    moments = [upcoming["opens"], upcoming["live"], survey.closes_at if survey else None]
    return survey, min((moment for moment in moments if moment is not None), default=None)
