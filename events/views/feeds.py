"""iCalendar files: the public feed, one event, one session, and a member's private feed."""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from events import ical, rules
from events.models import CalendarToken, Event, Registration, SessionStar, Speaker


def feed(request):
    """Published upcoming events (cancelled ones stay, marked cancelled, so calendars drop them)."""
    events = Event.objects.visible().upcoming()
    return ical.calendar_response(ical.build_calendar("CCIO Network events", events=events))


def event_ics(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    cal = ical.build_calendar(event.title, events=[event])
    return ical.calendar_response(cal, filename=f"{event.slug}.ics")


def session_ics(request, slug, pk):
    event = rules.get_event_for_user(request.user, slug)
    session = get_object_or_404(event.sessions.prefetch_related("speakers"), pk=pk)
    cal = ical.build_calendar(session.title, sessions=[(session, event)])
    return ical.calendar_response(cal, filename=f"{event.slug}-session-{session.pk}.ics")


def my_feed(request, token):
    """A member's own calendar: events they have a place at, and the sessions they starred."""
    feed_token = get_object_or_404(CalendarToken.objects.select_related("member"), token=token)
    member = feed_token.member
    if not member.is_active:
        events, sessions = [], []
    else:
        since = timezone.now() - dt.timedelta(days=90)
        registrations = (
            Registration.objects.confirmed()
            .filter(member=member, event__ends_at__gte=since)
            .exclude(event__status=Event.Status.DRAFT)
            .select_related("event")
        )
        events = [r.event for r in registrations]
        stars = (
            SessionStar.objects.filter(
                member=member,
                session__event__in=[e.pk for e in events],
            )
            .select_related("session__event")
            .prefetch_related(Prefetch("session__speakers", queryset=Speaker.objects.order_by("name")))
        )
        sessions = [(star.session, star.session.event) for star in stars]
    cal = ical.build_calendar(f"My CCIO Network events ({member.public_name})", events=events, sessions=sessions)
    return ical.calendar_response(cal, private=True)
