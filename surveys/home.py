from django.db.models import Exists, OuterRef, Q
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
    """(The survey to offer or None, the moment that may change by the clock), in one query.

    Reads the surveys this person may answer now and those that open or go
    live later: the first of those later moments, or the offered survey's
    closing, is when the offer may change.
    """
    now = timezone.now()
    awaiting = Survey.objects.awaiting(user)
    surveys = (
        Survey.objects.filter(status__in=LIVE_STATUSES)
        .filter(Q(pk__in=awaiting.values("pk")) | Q(opens_at__gt=now) | Q(publish_at__gt=now))
        .annotate(offered=Exists(awaiting.filter(pk=OuterRef("pk"))))
        .only("id", "title", "slug", "opens_at", "publish_at", "closes_at", "anonymous")
        .order_by("closes_at", "pk")
    )
    survey = None
    moments = []
    for row in surveys:
        if row.offered:
            survey = survey or row
        else:
            moments += [moment for moment in (row.opens_at, row.publish_at) if moment > now]
    if survey is not None:
        moments.append(survey.closes_at)
    return survey, min(moments, default=None)
