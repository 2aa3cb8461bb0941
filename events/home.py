"""The home page's "Upcoming events" section: one query."""

from events.models import Event

HOME_EVENT_COUNT = 4


def upcoming_events(request):
    events = list(Event.objects.published().upcoming()[:HOME_EVENT_COUNT])
    if not events:
        return None
    return {"template": "events/home_section.html", "events": events}
