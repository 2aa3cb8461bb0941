"""The forum's section of the home page: the most active recent topics the viewer may read."""

import datetime as dt

from django.utils import timezone

from forum import access

ACTIVE_DAYS = 30
ACTIVE_TOPICS = 5


def section(request):
    """One query (plus the user's roles, already loaded for the header)."""
    since = timezone.now() - dt.timedelta(days=ACTIVE_DAYS)
    topics = list(
        access.readable_topics(request.user)
        .filter(hidden=False, last_posted_at__gte=since)
        .select_related("category")
        .order_by("-reply_count", "-last_posted_at")[:ACTIVE_TOPICS]
    )
    if not topics:
        return None
    return {"template": "forum/home_section.html", "topics": topics}
