from surveys.models import Survey


def section(request):
    """Home page: an open survey the signed-in person may answer and has not (one query; none for visitors)."""
    user = request.user
    if not user.is_authenticated:
        return None
    survey = Survey.objects.awaiting(user).only("id", "title", "slug", "closes_at", "anonymous")
    survey = survey.order_by("closes_at", "pk").first()
    if survey is None:
        return None
    return {"template": "surveys/home_section.html", "survey": survey}
