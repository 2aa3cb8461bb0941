"""The public pages: list, month grid, archive, event page, speaker page, my events; with query budgets."""

import datetime as dt

import pytest
from django.utils import timezone

from events import services
from events.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def _at(days, hour=9):
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def test_the_list_shows_upcoming_published_events_only(visitor_client):
    factories.EventFactory(title="Next week roundtable")
    factories.EventFactory(title="A draft", status="draft")
    factories.EventFactory(title="Long gone", starts_at=_at(-30), ends_at=_at(-30, 10))
    response = visitor_client.get("/events/")
    assert response.status_code == 200
    assert b"Next week roundtable" in response.content
    assert b"A draft" not in response.content
    assert b"Long gone" not in response.content


def test_the_list_filters_by_kind_and_format(visitor_client):
    factories.EventFactory(title="Online roundtable", kind="roundtable", format="online")
    factories.InPersonEventFactory(title="Midlands meeting", kind="regional")
    factories.EventFactory(title="Webinar on AI", kind="webinar")
    page = visitor_client.get("/events/?kind=regional").content.decode()
    assert "Midlands meeting" in page and "Online roundtable" not in page and "Webinar on AI" not in page
    page = visitor_client.get("/events/?format=online").content.decode()
    assert "Online roundtable" in page and "Webinar on AI" in page and "Midlands meeting" not in page
    assert visitor_client.get("/events/?kind=<script>").status_code == 200


def test_places_left_and_waitlist_only(visitor_client, alice, bob):
    full = factories.EventFactory(title="Full one", capacity=1)
    services.registration_create(event=full, member=alice)
    factories.EventFactory(title="Roomy one", capacity=10)
    page = visitor_client.get("/events/").content.decode()
    assert "Waitlist only" in page
    assert "10 places left" in page


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_budget_does_not_grow(alice_client, alice, count, django_assert_max_num_queries):
    for n in range(count):
        event = factories.EventFactory()
        if n % 2:
            services.registration_create(event=event, member=alice)
    with django_assert_max_num_queries(8):
        response = alice_client.get("/events/")
    assert response.status_code == 200


def test_month_grid_is_a_real_table_with_neighbouring_months(visitor_client):
    event = factories.EventFactory(title="March webinar", starts_at=_at(0), ends_at=_at(0, 10))
    local = timezone.localtime(event.starts_at)
    response = visitor_client.get(f"/events/calendar/{local.year}/{local.month}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<table" in page and '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in page
    assert "March webinar" in page
    previous = (local.date().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert f"/events/calendar/{previous.year}/{previous.month}/" in page
    assert visitor_client.get("/events/calendar/").status_code == 302
    assert visitor_client.get("/events/calendar/2026/13/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_month_grid_query_budget(visitor_client, count, django_assert_max_num_queries):
    for n in range(count):
        factories.EventFactory(starts_at=_at(n % 5), ends_at=_at(n % 5, 10))
    today = timezone.localdate()
    with django_assert_max_num_queries(3):
        response = visitor_client.get(f"/events/calendar/{today.year}/{today.month}/")
    assert response.status_code == 200


def test_past_archive_lists_materials(visitor_client):
    event = factories.EventFactory(title="Last year's summit", starts_at=_at(-40), ends_at=_at(-40, 17))
    event.materials.create(title="Slides (PDF)", url="https://example.org/slides.pdf")
    page = visitor_client.get("/events/past/").content.decode()
    assert "Last year&#x27;s summit" in page and "Slides (PDF)" in page


@pytest.mark.parametrize("count", [3, 30])
def test_past_archive_query_budget(visitor_client, count, django_assert_max_num_queries):
    for _ in range(count):
        event = factories.EventFactory(starts_at=_at(-40), ends_at=_at(-40, 17))
        event.materials.create(title="Recording", url="https://example.org/rec")
    with django_assert_max_num_queries(3):
        assert visitor_client.get("/events/past/").status_code == 200


def test_event_page_shows_the_venue_and_a_map_link(visitor_client):
    event = factories.InPersonEventFactory(title="Midlands CCIO meeting")
    page = visitor_client.get(event.get_absolute_url()).content.decode()
    assert "Birmingham Council House" in page and "B1 1BB" in page
    assert "https://www.openstreetmap.org/search?query=Victoria+Square%2C+Birmingham%2C+B1+1BB" in page


def test_drafts_are_hidden_from_everyone_but_organisers(visitor_client, alice_client, ed_client):
    draft = factories.EventFactory(status="draft")
    assert visitor_client.get(draft.get_absolute_url()).status_code == 404
    assert alice_client.get(draft.get_absolute_url()).status_code == 404
    assert ed_client.get(draft.get_absolute_url()).status_code == 200


def test_a_cancelled_event_says_so(visitor_client):
    event = factories.EventFactory()
    services.event_cancel(event=event, reason="The venue flooded.")
    page = visitor_client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled" in page and "The venue flooded." in page


def test_the_waitlisted_member_sees_their_position(alice, bob, members, client):
    event = factories.EventFactory(capacity=1)
    services.registration_create(event=event, member=alice)
    services.registration_create(event=event, member=members[0])
    services.registration_create(event=event, member=bob)
    client.force_login(bob)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You are number 2 on the waiting list" in page
    assert "Leave the waiting list" in page


def test_series_shows_its_other_dates(visitor_client, ed):
    event = factories.EventFactory(title="Monthly CCIO call")
    series, copies = services.series_create(event=event, repeat="monthly", count=3, by=ed)
    page = visitor_client.get(event.get_absolute_url()).content.decode()
    assert "Part of the series" in page
    for copy in copies:
        assert copy.get_absolute_url() in page


@pytest.mark.parametrize("count", [2, 12])
def test_event_page_query_budget(alice_client, alice, count, django_assert_max_num_queries):
    event = factories.EventFactory(kind="conference", capacity=None)
    services.registration_create(event=event, member=alice)
    for n in range(count):
        member = factories.MemberFactory()
        services.registration_create(event=event, member=member)
        speaker = factories.SpeakerFactory()
        session = factories.SessionFactory(event=event, track=f"Track {n % 3}")
        session.speakers.add(speaker, factories.SpeakerFactory())
        event.questions.create(text=f"Question {n}")
        event.materials.create(title=f"Slides {n}", url="https://example.org/s")
    series, _ = services.series_create(event=event, repeat="weekly", count=count)
    session.stars.create(member=alice)
    with django_assert_max_num_queries(14):
        response = alice_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert b"My agenda" in response.content


def test_my_events_lists_places_and_waitlist_positions(alice_client, alice, members, django_assert_max_num_queries):
    full = factories.EventFactory(title="Popular", capacity=1)
    services.registration_create(event=full, member=members[0])
    services.registration_create(event=full, member=members[1])
    services.registration_create(event=full, member=alice)
    for _ in range(10):
        services.registration_create(event=factories.EventFactory(), member=alice)
    with django_assert_max_num_queries(10):
        response = alice_client.get("/events/my/")
    page = response.content.decode()
    assert "Number 2 on the waiting list" in page
    assert page.count("You have a place") == 10
    assert "/events/my/" in page and ".ics" in page


def test_home_page_shows_the_next_events(visitor_client):
    factories.EventFactory(title="Soonest roundtable")
    factories.EventFactory(title="Hidden draft", status="draft")
    response = visitor_client.get("/")
    assert b"Soonest roundtable" in response.content
    assert b"Hidden draft" not in response.content
    assert b'href="/events/"' in response.content


@pytest.mark.parametrize("count", [2, 20])
def test_home_section_is_one_query(rf, count, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from events.home import upcoming_events

    for _ in range(count):
        factories.EventFactory()
    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(1):
        section = upcoming_events(request)
    assert len(section["events"]) == min(count, 4)


def test_an_event_hidden_from_lists_is_not_on_the_calendar(visitor_client):
    factories.EventFactory(title="Secret draft", status=Event.Status.DRAFT, starts_at=_at(0), ends_at=_at(0, 10))
    today = timezone.localdate()
    assert b"Secret draft" not in visitor_client.get(f"/events/calendar/{today.year}/{today.month}/").content


def test_filters_are_kept_across_pages(visitor_client):
    for _ in range(25):
        factories.EventFactory(kind="webinar")
    page = visitor_client.get("/events/?kind=webinar&format=online").content.decode()
    assert 'href="?kind=webinar&amp;format=online&amp;page=2"' in page
