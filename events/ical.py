"""iCalendar (RFC 5545) for events and sessions, with the icalendar library.

Times are written in Europe/London with a VTIMEZONE, so calendars show 09:00
whether the day falls in GMT or BST. UIDs come from the uuid stored on each
event and session, so they survive edits; SEQUENCE rises when time or place
changes.
"""

import datetime as dt
import zoneinfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

LONDON = zoneinfo.ZoneInfo("Europe/London")
UID_DOMAIN = "ccio-network"
PRODID = "-//CCIO Network//Events//EN"


def _calendar(name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    return cal


def _london(moment):
    return moment.astimezone(LONDON)


def _absolute(path):
    return settings.SITE_URL + path


def event_component(event, *, now=None):
    vevent = icalendar.Event()
    vevent.add("uid", f"event-{event.uid}@{UID_DOMAIN}")
    vevent.add("dtstamp", now or timezone.now())
    vevent.add("last-modified", event.updated_at)
    vevent.add("created", event.created_at)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", _london(event.starts_at))
    vevent.add("dtend", _london(event.ends_at))
    vevent.add("summary", event.title)
    url = _absolute(event.get_absolute_url())
    vevent.add("description", f"{event.summary}\n\n{url}")
    vevent.add("url", url)
    if event.location_text:
        vevent.add("location", event.location_text)
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def session_component(session, *, event, now=None):
    vevent = icalendar.Event()
    vevent.add("uid", f"session-{session.uid}@{UID_DOMAIN}")
    vevent.add("dtstamp", now or timezone.now())
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", _london(session.starts_at))
    vevent.add("dtend", _london(session.ends_at))
    vevent.add("summary", f"{session.title} ({event.title})")
    url = _absolute(event.get_absolute_url()) + f"#session-{session.pk}"
    speakers = ", ".join(speaker.name for speaker in session.speakers.all())
    description = "\n".join(part for part in (speakers, session.abstract, url) if part)
    vevent.add("description", description)
    vevent.add("url", url)
    location = ", ".join(part for part in (session.track, event.venue_name) if part)
    if location:
        vevent.add("location", location)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


# Years a calendar can be written for (events are refused outside 2000 to 2100).
TIMEZONE_YEARS = (1970, 2200)


def _with_timezone(cal, moments):
    if moments:
        first = min(moments).astimezone(LONDON).date() - dt.timedelta(days=366)
        last = max(moments).astimezone(LONDON).date() + dt.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def _writable(*moments):
    """Whether a calendar can hold these times (a row saved before dates were checked may not)."""
    return all(TIMEZONE_YEARS[0] <= moment.year <= TIMEZONE_YEARS[1] for moment in moments)


def build_calendar(name, *, events=(), sessions=()):
    """sessions: (session, event) pairs. Events with impossible dates are left out, not a failed feed."""
    now = timezone.now()
    cal = _calendar(name)
    moments = []
    for event in events:
        if not _writable(event.starts_at, event.ends_at):
            continue
        cal.add_component(event_component(event, now=now))
        moments += [event.starts_at, event.ends_at]
    for session, event in sessions:
        if not _writable(session.starts_at, session.ends_at):
            continue
        cal.add_component(session_component(session, event=event, now=now))
        moments += [session.starts_at, session.ends_at]
    return _with_timezone(cal, moments)


def calendar_response(cal, *, filename=None, private=False):
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response
