from profiles.models import CCIOProfile


def section(request):
    """Home page: the newest featured CCIO profile, or else the newest one (2 queries)."""
    profile = CCIOProfile.objects.published().for_list().order_by("-featured", "-publish_at", "-pk").first()
    if profile is None:
        return None
    return {
        "template": "profiles/home_section.html",
        "profile": profile,
        "changes_at": CCIOProfile.objects.next_publication(),
    }
