from django.db.models import Exists, OuterRef

from core.permissions import is_member
from surveys.models import Audience, Participation, Survey


def section(request):
    """Home page: an open survey the signed-in person may answer and has not (one query; none for visitors)."""
    user = request.user
    if not user.is_authenticated:
        return None
    surveys = Survey.objects.open_now().exclude(
        Exists(Participation.objects.filter(survey=OuterRef("pk"), member=user))
    )
    if not is_member(user):
        surveys = surveys.filter(audience=Audience.SIGNED_IN)
    survey = surveys.only("id", "title", "slug", "closes_at", "anonymous").order_by("closes_at", "pk").first()
    if survey is None:
        return None
    return {"template": "surveys/home_section.html", "survey": survey}
