"""iCalendar feeds and files: valid RFC 5545, stable UIDs, London time in GMT and in BST."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from events import services
from events.models import CalendarToken
from tests import factories

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert cal["VERSION"] == "2.0" and cal["PRODID"]
    return cal


def _events(cal):
    return list(cal.walk("VEVENT"))


def _london(year, month, day, hour):
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


@pytest.fixture
def summer_and_winter(db):
    """09:00 London time on a day in British Summer Time and on one in GMT, next year."""
    year = timezone.localdate().year + 1
    summer = factories.EventFactory(
        title="Summer roundtable", starts_at=_london(year, 7, 14, 9), ends_at=_london(year, 7, 14, 10)
    )
    winter = factories.EventFactory(
        title="Winter roundtable", starts_at=_london(year, 1, 13, 9), ends_at=_london(year, 1, 13, 10)
    )
    return summer, winter


def test_nine_o_clock_in_bst_and_gmt_on_the_page(visitor_client, summer_and_winter):
    summer, winter = summer_and_winter
    assert summer.starts_at.astimezone(dt.UTC).hour == 8  # stored in UTC
    assert winter.starts_at.astimezone(dt.UTC).hour == 9
    summer_page = visitor_client.get(summer.get_absolute_url()).content.decode()
    winter_page = visitor_client.get(winter.get_absolute_url()).content.decode()
    assert "09:00–10:00 BST" in summer_page
    assert "09:00–10:00 GMT" in winter_page
    listing = visitor_client.get("/events/").content.decode()
    assert "09:00–10:00 BST" in listing and "09:00–10:00 GMT" in listing


def test_nine_o_clock_in_bst_and_gmt_in_the_ics(visitor_client, summer_and_winter):
    for event in summer_and_winter:
        cal = _parse(visitor_client.get(f"/events/{event.slug}/event.ics"))
        (vevent,) = _events(cal)
        start = vevent.decoded("DTSTART")
        assert start.tzinfo is not None
        assert (start.hour, start.minute) == (9, 0)
        assert start.astimezone(LONDON).hour == 9
        assert start == event.starts_at
        assert vevent["DTSTART"].params["TZID"] == "Europe/London"
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_event_ics_has_the_required_properties(visitor_client, event):
    response = visitor_client.get(f"/events/{event.slug}/event.ics")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content.decode()
    assert raw.startswith("BEGIN:VCALENDAR\r\n") and raw.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded lines
    (vevent,) = _events(_parse(response))
    for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "URL", "STATUS", "SEQUENCE"):
        assert prop in vevent, prop
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["URL"]).endswith(event.get_absolute_url())
    assert event.join_url not in raw  # the join link is for confirmed attendees only


def test_uid_is_stable_across_edits_and_sequence_rises(visitor_client, event, alice):
    services.registration_create(event=event, member=alice)
    before = _events(_parse(visitor_client.get(f"/events/{event.slug}/event.ics")))[0]
    services.event_update(
        event=event,
        changes={
            "title": "Renamed roundtable",
            "starts_at": event.starts_at + dt.timedelta(hours=1),
            "ends_at": event.ends_at + dt.timedelta(hours=1),
        },
    )
    after = _events(_parse(visitor_client.get(f"/events/{event.slug}/event.ics")))[0]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["SUMMARY"]) == "Renamed roundtable"


def test_public_feed_has_upcoming_published_events(visitor_client, summer_and_winter):
    factories.EventFactory(title="Draft", status="draft")
    factories.EventFactory(
        title="Past", starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=3)
    )
    cancelled = factories.EventFactory(title="Called off")
    services.event_cancel(event=cancelled)
    cal = _parse(visitor_client.get("/events/feed.ics"))
    summaries = {str(e["SUMMARY"]): str(e["STATUS"]) for e in _events(cal)}
    assert summaries == {"Summer roundtable": "CONFIRMED", "Winter roundtable": "CONFIRMED", "Called off": "CANCELLED"}
    uids = [str(e["UID"]) for e in _events(cal)]
    assert len(set(uids)) == len(uids)


@pytest.mark.parametrize("count", [2, 25])
def test_feed_query_budget(visitor_client, count, django_assert_max_num_queries):
    for _ in range(count):
        factories.EventFactory()
    with django_assert_max_num_queries(2):
        visitor_client.get("/events/feed.ics")


def test_private_feed_has_my_events_and_starred_sessions(client, alice, bob):
    mine = factories.EventFactory(title="Mine", kind="conference")
    session = factories.SessionFactory(event=mine, title="Keynote")
    factories.SessionFactory(event=mine, title="Not starred")
    factories.EventFactory(title="Not mine")
    services.registration_create(event=mine, member=alice)
    session.stars.create(member=alice)
    token = CalendarToken.objects.create(member=alice)
    response = client.get(f"/events/my/{token.token}.ics")
    assert response["Cache-Control"] == "private, no-store"
    summaries = sorted(str(e["SUMMARY"]) for e in _events(_parse(response)))
    assert summaries == ["Keynote (Mine)", "Mine"]


def test_private_feed_token_can_be_reset(alice_client, alice):
    alice_client.get("/events/my/")
    old = CalendarToken.objects.get(member=alice).token
    assert alice_client.get(f"/events/my/{old}.ics").status_code == 200
    response = alice_client.post("/events/my/reset-feed/")
    assert response.status_code == 302
    new = CalendarToken.objects.get(member=alice).token
    assert new != old
    assert alice_client.get(f"/events/my/{old}.ics").status_code == 404
    assert alice_client.get(f"/events/my/{new}.ics").status_code == 200
    assert alice_client.get("/events/my/not-a-real-token.ics").status_code == 404


def test_session_ics(visitor_client):
    year = timezone.localdate().year + 1
    event = factories.EventFactory(
        kind="conference", starts_at=_london(year, 11, 12, 9), ends_at=_london(year, 11, 13, 17)
    )
    session = factories.SessionFactory(event=event, starts_at=_london(year, 11, 12, 9), title="Opening keynote")
    session.speakers.add(factories.SpeakerFactory(name="Rt Hon Jo Minister"))
    (vevent,) = _events(_parse(visitor_client.get(f"/events/{event.slug}/sessions/{session.pk}.ics")))
    assert vevent.decoded("DTSTART").hour == 9
    assert "Rt Hon Jo Minister" in str(vevent["DESCRIPTION"])
    assert str(vevent["UID"]) == f"session-{session.uid}@ccio-network"


def test_draft_event_ics_is_hidden(visitor_client):
    draft = factories.EventFactory(status="draft")
    assert visitor_client.get(f"/events/{draft.slug}/event.ics").status_code == 404
