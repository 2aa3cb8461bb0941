"""Profile and directory search for the site search, within what the viewer may see."""

from django.db.models import Q

from profiles.models import CCIOProfile, DirectoryEntry

MAX_QUERY_LENGTH = 200


def _clean(query):
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def search_profiles(query, *, limit=20):
    """Published CCIO profiles whose name, headline, standfirst or organisation match."""
    query = _clean(query)
    if not query:
        return []
    profiles = (
        CCIOProfile.objects.published()
        .for_list()
        .filter(
            Q(name__icontains=query)
            | Q(headline__icontains=query)
            | Q(standfirst__icontains=query)
            | Q(organisation__name__icontains=query)
        )
        .newest_first()
    )
    return list(profiles[:limit])


def search_members(user, query, *, limit=20):
    """Directory entries this person may see, by name or organisation."""
    query = _clean(query)
    if not query:
        return []
    entries = DirectoryEntry.objects.visible_to(user).for_list().search(query)
    return list(entries.order_by("user__display_name")[:limit])
