"""Inputs that used to give 500: each now gets a page that says what happened."""

import datetime as dt

import pytest

from events.models import Event
from tests.factories import EventFactory, make_topic


def test_a_forum_search_page_beyond_any_integer_is_just_an_empty_page(alice_client, alice, members_cat):
    make_topic(author=alice, category=members_cat, title="Testing the EPR")
    response = alice_client.get("/forum/search/?q=test&page=99999999999999999999999")
    assert response.status_code == 200


def test_a_topic_page_beyond_any_integer_shows_the_last_page(alice_client, alice, members_cat):
    topic = make_topic(author=alice, category=members_cat, title="Testing the EPR")
    response = alice_client.get(f"{topic.get_absolute_url()}?page=99999999999999999999999")
    assert response.status_code == 200


def test_a_nul_byte_in_the_path_gets_the_400_page(alice_client):
    response = alice_client.get("/events/my/%00.ics")
    assert response.status_code == 400
    assert b"We could not accept that request" in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/forum/new-topic/?category=%00",
        "/forum/?page=%00",
        "/forum/search/?q=a%00b&page=%00",
        "/members/?q=%00&region=%00",
        "/profiles/?region=%00",
        "/articles/?topic=%00&page=%00",
        "/events/?kind=%00&format=%00",
        "/search/?q=a%00b",
        "/editor/?status=%00",
        "/notifications/?page=%00",
    ],
)
def test_a_nul_byte_in_a_query_answers_with_a_page(alice_client, ed_client, path):
    client = ed_client if path.startswith("/editor/") else alice_client
    assert client.get(path).status_code in (200, 400)


def _event_form(year):
    data = {
        "title": "A meeting from another age",
        "summary": "Typed in a hurry.",
        "description": "",
        "kind": "webinar",
        "format": "online",
        "starts_at": f"{year:04d}-06-01T10:00",
        "ends_at": f"{year:04d}-06-01T11:00",
        "join_url": "https://meet.example/ccio",
        "join_link_minutes_before": "30",
        "capacity": "",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "status": "published",
    }
    for prefix in ("questions", "materials"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


@pytest.mark.parametrize("year", [1, 1999, 2101, 9999])
def test_an_event_dated_outside_a_sane_range_is_refused_at_the_form(ed_client, year):
    data = _event_form(year)
    response = ed_client.post("/events/new/", data)
    assert response.status_code == 400
    assert b"Choose a date between 2000 and 2100." in response.content
    assert b"A meeting from another age" in response.content  # what was typed is kept
    assert not Event.objects.exists()


def test_an_event_saved_with_an_impossible_date_before_the_check_does_not_break_the_feeds(client, db):
    EventFactory(title="Fine event", status=Event.Status.PUBLISHED)
    start = dt.datetime(9999, 6, 1, 10, tzinfo=dt.UTC)
    bad = EventFactory(title="Typo event", status=Event.Status.PUBLISHED, starts_at=start, ends_at=start)
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    assert b"Fine event" in response.content and b"Typo event" not in response.content
    assert client.get(f"/events/{bad.slug}/event.ics").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/events/{slug}/register/", "/events/{slug}/cancel-registration/", "/events/my/reset-feed/", "/forum/preview/"],
)
def test_a_post_only_address_opened_in_the_browser_gets_a_page(alice_client, path):
    event = EventFactory(status=Event.Status.PUBLISHED)
    response = alice_client.get(path.format(slug=event.slug))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert b"This address only takes a form" in response.content
    assert b"Skip to main content" in response.content  # the site's own page
