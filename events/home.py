"""The home page's "Upcoming events" section: one query."""

from events.models import Event

HOME_EVENT_COUNT = 4


def upcoming_events(request):
    events = list(Event.objects.published().upcoming()[:HOME_EVENT_COUNT])
    if not events:
        return None
    # The list changes by itself when a shown event ends.
    return {"template": "events/home_section.html", "events": events, "changes_at": min(e.ends_at for e in events)}
