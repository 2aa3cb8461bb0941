from resources.models import Resource

LATEST = 4


def section(request):
    """Home page: new in the library, featured first (2 queries)."""
    # Asked before the resources are read: one going live in between makes the page expire at once.
    changes_at = Resource.objects.next_publication()
    resources = list(
        Resource.objects.in_library()
        .only("id", "title", "slug", "summary", "kind", "access", "publish_at", "cpd_hours", "featured")
        .order_by("-featured", "-publish_at", "-pk")[:LATEST]
    )
    if not resources:
        return None
    return {"template": "resources/home_section.html", "resources": resources, "changes_at": changes_at}
