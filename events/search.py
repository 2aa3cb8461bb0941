"""Event search for the site search: published and cancelled events, upcoming first, then the most recent past.

PostgreSQL: full-text search over the title (weight A), summary and
description (B), with the vector computed in the query: a few hundred events
need no stored vector or index. SQLite: every word must appear in the title,
summary or description.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.utils import timezone

from events.models import Event

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


def search_events(query, *, limit=20, now=None):
    """Events people may open whose words match: the soonest upcoming first, then the latest past ones."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    events = Event.objects.visible()
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "summary", "description", weight="B", config="english"
        )
        events = events.annotate(document=vector).filter(
            document=SearchQuery(query, search_type="websearch", config="english")
        )
    else:
        condition = Q()
        for word in query.split()[:MAX_WORDS]:
            condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
        events = events.filter(condition)
    # Someone searching events mostly wants one they can still go to: those lead, soonest first.
    not_over = Q(ends_at__gte=now or timezone.now())
    events = events.annotate(
        over=Case(When(not_over, then=Value(False)), default=Value(True), output_field=BooleanField()),
        upcoming_start=Case(When(not_over, then=F("starts_at")), default=None),
    ).order_by("over", F("upcoming_start").asc(nulls_last=True), "-starts_at", "-pk")
    return list(events.defer("description", "description_html")[:limit])
