from django.utils import timezone

from profiles.models import CCIOProfile


def section(request):
    """Home page: the newest featured CCIO profile, or else the newest one (1 query)."""
    now = timezone.now()
    profile = (
        CCIOProfile.objects.published(now)
        .for_list()
        .with_next_publication(now)
        .order_by("-featured", "-publish_at", "-pk")
        .first()
    )
    if profile is None:
        return None
    return {"template": "profiles/home_section.html", "profile": profile, "changes_at": profile.next_publication}
