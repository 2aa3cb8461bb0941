"""The public event pages are cached for visitors, never shown stale, and kept no longer than the clock allows."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.content_cache import LIFETIME_SECONDS, _lifetime
from events import services
from events.models import Event, Series
from tests import factories

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _from_now(**delta):
    return timezone.now() + dt.timedelta(**delta)


def _this_month():
    today = timezone.localdate()
    return f"/events/calendar/{today.year}/{today.month}/"


# --- the upcoming list --------------------------------------------------------


def test_a_visitor_gets_the_second_view_of_the_list_from_the_cache(visitor_client, event, django_assert_num_queries):
    first = visitor_client.get("/events/")
    with django_assert_num_queries(0):
        second = visitor_client.get("/events/")
    assert b"EPR optimisation roundtable" in second.content
    assert second.content == first.content


@pytest.mark.parametrize("count", [3, 30])
def test_a_visitors_first_view_of_the_list_has_a_budget_that_does_not_grow(
    visitor_client, count, django_assert_max_num_queries
):
    for _ in range(count):
        factories.EventFactory()
    with django_assert_max_num_queries(3):
        response = visitor_client.get("/events/")
    assert response.status_code == 200


def test_a_newly_published_event_shows_on_the_list_at_once(visitor_client, event):
    visitor_client.get("/events/")
    factories.EventFactory(title="Just announced webinar")
    assert b"Just announced webinar" in visitor_client.get("/events/").content


def test_a_registration_changes_the_places_left_at_once(visitor_client, event, alice):
    assert b"20 places left" in visitor_client.get("/events/").content
    services.registration_create(event=event, member=alice)
    page = visitor_client.get("/events/").content
    assert b"19 places left" in page and b"20 places left" not in page


def test_a_filtered_list_is_cached_apart_from_the_whole_list(visitor_client):
    factories.EventFactory(title="Online roundtable", kind="roundtable")
    factories.InPersonEventFactory(title="Midlands meeting", kind="regional")
    visitor_client.get("/events/")
    page = visitor_client.get("/events/?kind=regional").content
    assert b"Midlands meeting" in page and b"Online roundtable" not in page


def test_the_list_is_kept_until_the_first_listed_event_ends(visitor_client):
    soon = _from_now(seconds=30)
    factories.EventFactory(title="Under way now", starts_at=_from_now(hours=-1), ends_at=soon)
    factories.EventFactory(title="Next week")
    factories.EventFactory(title="Draft ending sooner", status="draft", starts_at=_from_now(hours=-1), ends_at=soon)
    factories.EventFactory(title="Already over", starts_at=_from_now(hours=-2), ends_at=_from_now(hours=-1))
    response = visitor_client.get("/events/")
    assert b"Under way now" in response.content and b"Already over" not in response.content
    assert response.changes_at == soon
    assert 0 < _lifetime(response) <= 30


def test_a_list_with_nothing_upcoming_changes_only_with_content(visitor_client):
    factories.EventFactory(title="Already over", starts_at=_from_now(hours=-2), ends_at=_from_now(hours=-1))
    response = visitor_client.get("/events/")
    assert b"No upcoming events" in response.content
    assert response.changes_at is None
    assert _lifetime(response) == LIFETIME_SECONDS


def test_a_member_sees_their_own_badges_not_the_visitors_copy(visitor_client, alice_client, bob_client, event, alice):
    services.registration_create(event=event, member=alice)
    assert b"You are registered" not in visitor_client.get("/events/").content
    assert b"You are registered" in alice_client.get("/events/").content
    page = bob_client.get("/events/").content
    assert b"Dr Bob Brown" in page and b"You are registered" not in page
    assert b"You are registered" not in visitor_client.get("/events/").content


# --- the month grid -----------------------------------------------------------


def test_a_visitor_gets_the_second_view_of_the_month_from_the_cache(visitor_client, django_assert_num_queries):
    factories.EventFactory(title="This month's call", starts_at=_from_now(minutes=5), ends_at=_from_now(minutes=65))
    first = visitor_client.get(_this_month())
    with django_assert_num_queries(0):
        second = visitor_client.get(_this_month())
    assert second.content == first.content
    assert b'aria-current="date"' in second.content


def test_a_new_event_shows_on_the_month_at_once(visitor_client):
    visitor_client.get(_this_month())
    factories.EventFactory(title="Added later", starts_at=_from_now(minutes=5), ends_at=_from_now(minutes=65))
    assert b"Added later" in visitor_client.get(_this_month()).content


def test_the_month_is_kept_until_midnight_in_london(visitor_client):
    response = visitor_client.get(_this_month())
    midnight = timezone.localtime(response.changes_at, LONDON)
    assert midnight.date() == timezone.localdate() + dt.timedelta(days=1)
    assert midnight.time() == dt.time(0, 0)
    assert 0 < _lifetime(response) <= LIFETIME_SECONDS


@pytest.mark.parametrize(
    "now, midnight",
    [
        # Summer: London is an hour ahead of UTC, so its midnight is 23:00 UTC.
        (dt.datetime(2026, 7, 1, 22, 59, 30, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, 23, 0, tzinfo=dt.UTC)),
        (dt.datetime(2026, 1, 14, 23, 59, 30, tzinfo=dt.UTC), dt.datetime(2026, 1, 15, 0, 0, tzinfo=dt.UTC)),
    ],
)
def test_just_before_midnight_today_moves_on_in_half_a_minute(visitor_client, monkeypatch, now, midnight):
    monkeypatch.setattr(timezone, "now", lambda: now)
    local = timezone.localtime(now)
    response = visitor_client.get(f"/events/calendar/{local.year}/{local.month}/")
    weekday = rf'<span class="visually-hidden">{local:%A} </span>{local.day}<'
    today_cell = r'aria-current="date">\s*<span class="day-number">' + weekday
    assert re.search(today_cell, response.content.decode())
    assert response.changes_at == midnight
    assert _lifetime(response) == 30


def test_a_member_on_the_month_gets_their_own_page(visitor_client, alice_client):
    visitor_client.get(_this_month())
    page = alice_client.get(_this_month()).content
    assert b"Dr Alice Adams" in page


# --- the event page -----------------------------------------------------------


def test_a_visitor_gets_the_second_view_of_an_event_from_the_cache(visitor_client, event, django_assert_num_queries):
    first = visitor_client.get(event.get_absolute_url())
    with django_assert_num_queries(0):
        second = visitor_client.get(event.get_absolute_url())
    assert b"Sign in to register" in second.content
    assert second.content == first.content


def test_a_registration_shows_on_the_event_page_at_once(visitor_client, small_event, alice):
    assert b"2 places left" in visitor_client.get(small_event.get_absolute_url()).content
    services.registration_create(event=small_event, member=alice)
    assert b"1 place left" in visitor_client.get(small_event.get_absolute_url()).content


def test_a_cancellation_shows_on_the_event_page_at_once(visitor_client, event):
    visitor_client.get(event.get_absolute_url())
    services.event_cancel(event=event, reason="The speaker is unwell.")
    page = visitor_client.get(event.get_absolute_url()).content
    assert b"This event has been cancelled" in page and b"The speaker is unwell." in page


def test_the_event_page_is_kept_until_registration_opens(visitor_client):
    opens = _from_now(hours=1)
    event = factories.EventFactory(registration_opens_at=opens, registration_closes_at=_from_now(days=3))
    assert visitor_client.get(event.get_absolute_url()).changes_at == opens


def test_the_event_page_is_kept_until_registration_closes(visitor_client):
    closes = _from_now(seconds=30)
    event = factories.EventFactory(registration_opens_at=_from_now(days=-3), registration_closes_at=closes)
    response = visitor_client.get(event.get_absolute_url())
    assert response.changes_at == closes
    assert 0 < _lifetime(response) <= 30


def test_the_event_page_is_kept_until_the_event_starts(visitor_client):
    starts = _from_now(minutes=5)
    event = factories.EventFactory(starts_at=starts, ends_at=_from_now(minutes=65))
    assert visitor_client.get(event.get_absolute_url()).changes_at == starts


def test_an_event_under_way_is_kept_until_it_ends(visitor_client):
    ends = _from_now(seconds=30)
    event = factories.EventFactory(starts_at=_from_now(hours=-1), ends_at=ends)
    response = visitor_client.get(event.get_absolute_url())
    assert response.changes_at == ends
    assert 0 < _lifetime(response) <= 30


def test_a_past_event_changes_only_with_content(visitor_client):
    event = factories.EventFactory(starts_at=_from_now(days=-2), ends_at=_from_now(days=-2, hours=1))
    response = visitor_client.get(event.get_absolute_url())
    assert response.changes_at is None
    assert _lifetime(response) == LIFETIME_SECONDS


def test_the_event_page_is_kept_until_another_date_of_its_series_is_past(visitor_client):
    series = Series.objects.create(title="Weekly CCIO call", repeat=Series.Repeat.WEEKLY)
    ends = _from_now(seconds=30)
    factories.EventFactory(series=series, starts_at=_from_now(hours=-1), ends_at=ends)
    event = factories.EventFactory(series=series)
    response = visitor_client.get(event.get_absolute_url())
    assert b"Part of the series" in response.content and b"(past)" not in response.content
    assert response.changes_at == ends


def test_a_member_sees_their_own_place_not_the_visitors_copy(visitor_client, alice_client, bob_client, event, alice):
    services.registration_create(event=event, member=alice)
    assert b"Sign in to register" in visitor_client.get(event.get_absolute_url()).content
    page = alice_client.get(event.get_absolute_url()).content
    assert b"You are registered." in page and b"Sign in to register" not in page
    page = bob_client.get(event.get_absolute_url()).content
    assert b"You are registered." not in page and b">Register<" in page


def test_drafts_stay_hidden_from_visitors_after_an_organiser_looked(visitor_client, ed_client):
    draft = factories.EventFactory(status=Event.Status.DRAFT)
    assert ed_client.get(draft.get_absolute_url()).status_code == 200
    assert visitor_client.get(draft.get_absolute_url()).status_code == 404
