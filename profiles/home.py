from profiles.models import CCIOProfile


def section(request):
    """Home page: a featured CCIO profile (the newest published one; 1 query)."""
    profile = CCIOProfile.objects.published().for_list().newest_first().first()
    if profile is None:
        return None
    return {"template": "profiles/home_section.html", "profile": profile}
