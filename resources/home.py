from django.utils import timezone

from resources.models import Resource

LATEST = 4


def section(request):
    """Home page: new in the library, featured first (1 query)."""
    now = timezone.now()
    resources = list(
        Resource.objects.in_library(now)
        .only("id", "title", "slug", "summary", "kind", "access", "publish_at", "cpd_hours", "featured")
        .with_next_publication(now)
        .order_by("-featured", "-publish_at", "-pk")[:LATEST]
    )
    if not resources:
        return None
    changes_at = resources[0].next_publication
    return {"template": "resources/home_section.html", "resources": resources, "changes_at": changes_at}
