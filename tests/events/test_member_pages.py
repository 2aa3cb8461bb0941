"""The events pages members use are rendered once and kept, with each member's own parts laid over.

The upcoming list and an event page are the same for everyone who may see
them (kept per content version); each member's registration badges, their
"Your place" panel, their stars and the forms' CSRF token are laid over them
for each view. "My events" is kept for its member alone. Whatever is kept, a
change shows at once to the people it concerns, and one member's parts never
reach another member or a visitor.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import suspend
from events import services
from events.models import Registration
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]

REGISTERED = "You are registered"
WAITING = "You are on the waiting list"


@pytest.fixture
def carol_client(db):
    client = Client()
    client.force_login(factories.MemberFactory(username="carol", display_name="Dr Carol Cole"))
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _row(html, event):
    start = html.index(f'href="{event.get_absolute_url()}"')
    return html[start : html.index("</li>", start)]


def _panel(html):
    start = html.index('aria-labelledby="registration-title"')
    return html[start : html.index("</section>", start)]


def _events_queries(client, url):
    """The statements the page ran on events tables."""
    with CaptureQueriesContext(connection) as queries:
        _html(client, url)
    return [q["sql"] for q in queries if "events_" in q["sql"]]


# --- the upcoming list ------------------------------------------------------------


@pytest.fixture
def two_events(alice, bob):
    roomy = factories.EventFactory(title="Roomy roundtable")
    full = factories.EventFactory(title="Full webinar", capacity=1)
    services.registration_create(event=roomy, member=alice)
    services.registration_create(event=full, member=alice)
    services.registration_create(event=full, member=bob)  # waitlisted
    return roomy, full


def test_each_member_sees_their_own_badges_on_the_same_kept_list(
    two_events, alice_client, bob_client, carol_client, visitor_client
):
    roomy, full = two_events
    alice_html, bob_html = _html(alice_client, "/events/"), _html(bob_client, "/events/")
    assert REGISTERED in _row(alice_html, roomy) and REGISTERED in _row(alice_html, full)
    assert WAITING not in alice_html
    assert WAITING in _row(bob_html, full) and REGISTERED not in bob_html
    for html in (_html(carol_client, "/events/"), _html(visitor_client, "/events/")):
        assert REGISTERED not in html and WAITING not in html
        assert "<!--me:" not in html


def test_registering_and_cancelling_show_on_the_list_at_once(two_events, alice, bob, bob_client, carol_client):
    roomy, full = two_events
    _html(bob_client, "/events/")
    _html(carol_client, "/events/")
    bob_client.post(f"/events/{roomy.slug}/register/")
    html = _html(bob_client, "/events/")
    assert REGISTERED in _row(html, roomy)
    assert "18 places left" in _row(_html(carol_client, "/events/"), roomy)
    # Alice gives up her place at the full webinar: Bob, first in line, has it now.
    services.registration_cancel(registration=Registration.objects.get(event=full, member=alice))
    html = _html(bob_client, "/events/")
    assert REGISTERED in _row(html, full) and WAITING not in html
    assert REGISTERED not in _html(carol_client, "/events/")


def test_a_new_event_and_an_unpublished_one_show_on_the_list_at_once(two_events, alice_client):
    roomy, _ = two_events
    _html(alice_client, "/events/")
    factories.EventFactory(title="Just announced clinic")
    roomy.status = "draft"
    roomy.save()
    html = _html(alice_client, "/events/")
    assert "Just announced clinic" in html and "Roomy roundtable" not in html


def test_a_member_runs_one_events_query_on_the_kept_list(two_events, alice_client):
    _html(alice_client, "/events/")
    assert len(_events_queries(alice_client, "/events/")) == 1


def test_the_members_list_is_kept_until_the_first_listed_event_ends(alice_client, monkeypatch):
    soon = timezone.now() + dt.timedelta(seconds=30)
    factories.EventFactory(title="Under way", starts_at=soon - dt.timedelta(hours=1), ends_at=soon)
    factories.EventFactory(title="Next week")
    assert "Under way" in _html(alice_client, "/events/")
    assert alice_client.get("/events/").changes_at == soon
    monkeypatch.setattr(timezone, "now", lambda: soon + dt.timedelta(seconds=1))
    html = _html(alice_client, "/events/")
    assert "Under way" not in html and "Next week" in html


def test_filters_and_pages_are_kept_apart_and_odd_ones_still_answer(alice_client):
    factories.EventFactory(title="Online roundtable", kind="roundtable")
    factories.InPersonEventFactory(title="Midlands meeting", kind="regional")
    whole = _html(alice_client, "/events/")
    assert "Online roundtable" in whole and "Midlands meeting" in whole
    regional = _html(alice_client, "/events/?kind=regional")
    assert "Midlands meeting" in regional and "Online roundtable" not in regional
    assert '<option value="regional" selected>' in regional
    assert "Midlands meeting" in _html(alice_client, "/events/?page=1")
    odd = _html(alice_client, "/events/?kind=nonsense&page=x")
    assert "Online roundtable" in odd and "Midlands meeting" in odd


# --- an event page ----------------------------------------------------------------


def test_each_viewer_gets_their_own_place_on_the_same_kept_page(
    event, alice, alice_client, bob_client, sam_client, visitor_client
):
    services.registration_create(event=event, member=alice)
    url = event.get_absolute_url()
    assert "You are registered." in _panel(_html(alice_client, url))
    bob = _panel(_html(bob_client, url))
    assert f'action="/events/{event.slug}/register/"' in bob and "You are registered." not in bob
    assert "suspended" in _panel(_html(sam_client, url))
    visitor = _panel(_html(visitor_client, url))
    assert "Sign in to register" in visitor and "csrfmiddlewaretoken" not in visitor


def test_the_register_forms_token_is_the_viewers_own(event, bob):
    url = event.get_absolute_url()
    tokens = []
    for user in (factories.MemberFactory(username="carol"), bob):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _panel(_html(client, url))).group(1)
        tokens.append(token)
        response = client.post(f"/events/{event.slug}/register/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, "the register form's token is refused"
    assert tokens[0] != tokens[1]
    assert event.registrations.filter(member=bob, status="confirmed").exists()


def test_registering_shows_at_once_to_the_member_and_in_the_places_left(small_event, bob_client, carol_client):
    url = small_event.get_absolute_url()
    assert "2 places left" in _html(carol_client, url)
    _html(bob_client, url)
    bob_client.post(f"/events/{small_event.slug}/register/")
    assert "You are registered." in _panel(_html(bob_client, url))
    carol = _html(carol_client, url)
    assert "1 place left" in carol and "You are registered." not in carol


def test_a_waitlisted_member_sees_their_place_in_line_move_at_once(small_event, members, bob, bob_client):
    for member in members[:3]:
        services.registration_create(event=small_event, member=member)  # two places, then one waiting
    services.registration_create(event=small_event, member=bob)
    url = small_event.get_absolute_url()
    assert "You are number 2 on the waiting list." in _html(bob_client, url)
    services.waitlist_leave(registration=Registration.objects.get(event=small_event, member=members[2]))
    assert "You are number 1 on the waiting list." in _html(bob_client, url)


def test_an_edit_and_a_cancellation_show_at_once_to_a_member_with_the_page_kept(event, alice, alice_client):
    services.registration_create(event=event, member=alice)
    url = event.get_absolute_url()
    _html(alice_client, url)
    services.event_update(event=event, changes={"description": "Now about **interoperability**."})
    assert "<strong>interoperability</strong>" in _html(alice_client, url)
    services.event_cancel(event=event, reason="The speaker is unwell.")
    html = _html(alice_client, url)
    assert "The speaker is unwell." in html and "your place no longer stands" in _panel(html)


def test_a_suspension_and_a_lost_membership_show_at_once(event, alice, alice_client):
    url = event.get_absolute_url()
    assert f'action="/events/{event.slug}/register/"' in _panel(_html(alice_client, url))
    suspend(user=alice, until=timezone.now() + dt.timedelta(days=7), reason="Personal attacks")
    assert "suspended" in _panel(_html(alice_client, url))
    suspend(user=alice, until=None, reason="")
    alice.groups.clear()
    assert "Only members of the network can register" in _panel(_html(alice_client, url))


def test_drafts_and_the_organiser_panel_are_for_organisers_only_however_kept(alice_client, ed, ed_client):
    draft = factories.EventFactory(title="Planned summit", status="draft")
    url = draft.get_absolute_url()
    html = _html(ed_client, url)
    assert "Draft: only organisers can see this page." in html and "Edit event" in html
    assert alice_client.get(url).status_code == 404
    draft.status = "published"
    draft.save()
    html = _html(alice_client, url)
    assert "Planned summit" in html and "Edit event" not in html and "Draft:" not in html
    ed.groups.clear()
    assert "Edit event" not in _html(ed_client, url)


def test_another_date_of_the_series_is_marked_past_once_it_ends(event, alice_client, monkeypatch):
    _, (second, third) = services.series_create(event=event, repeat="weekly", count=3)
    url = third.get_absolute_url()
    html = _html(alice_client, url)
    assert f'href="{event.get_absolute_url()}"' in html and "(past)" not in html
    monkeypatch.setattr(timezone, "now", lambda: event.ends_at + dt.timedelta(minutes=1))
    assert html.count("(past)") == 0 and _html(alice_client, url).count("(past)") == 1


def test_a_refused_registration_keeps_what_was_typed(event, alice_client):
    event.questions.create(text="Dietary needs", required=True)
    event.questions.create(text="Anything else?")
    _html(alice_client, event.get_absolute_url())
    response = alice_client.post(f"/events/{event.slug}/register/", {"q_999": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html and "Dietary needs" in html and "is-invalid" in html
    question = event.questions.get(text="Anything else?")
    response = alice_client.post(f"/events/{event.slug}/register/", {f"q_{question.pk}": "Step-free access please"})
    assert response.status_code == 400 and "Step-free access please" in response.content.decode()


def test_the_page_costs_one_events_query_for_a_member_with_no_place(event, alice_client):
    _html(alice_client, event.get_absolute_url())
    assert len(_events_queries(alice_client, event.get_absolute_url())) == 1


def test_an_unknown_event_is_not_found_and_nothing_is_kept(alice_client):
    from django.core.cache import cache

    assert alice_client.get("/events/no-such-event/").status_code == 404
    assert not [key for key in cache._cache if "event-page" in key], "an address anyone can make up fills nothing"


# --- the conference agenda: each member's own stars ----------------------------------


@pytest.fixture
def conference(db):
    event = factories.EventFactory(title="CCIO Summit", kind="conference", capacity=None)
    keynote = factories.SessionFactory(event=event, title="Opening keynote", track="Main hall")
    panel = factories.SessionFactory(event=event, title="Safety panel", track="Main hall")
    return event, keynote, panel


def _session(html, session):
    start = html.index(f'id="session-{session.pk}"')
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_stars_are_each_members_own(conference, alice, bob, alice_client, bob_client, carol_client, visitor_client):
    event, keynote, panel = conference
    url = event.get_absolute_url()
    services.registration_create(event=event, member=alice)
    services.registration_create(event=event, member=bob)
    for client in (alice_client, bob_client, carol_client, visitor_client):
        _html(client, url)  # everything kept
    alice_client.post(f"/events/{event.slug}/sessions/{keynote.pk}/star/")
    alice_html = _html(alice_client, url)
    assert "In my agenda" in _session(alice_html, keynote) and 'mb-3 starred"' in _session(alice_html, keynote)
    assert "Add to my agenda" in _session(alice_html, panel)
    assert 'id="my-agenda-title"' in alice_html
    bob_html = _html(bob_client, url)
    assert "In my agenda" not in bob_html and "Add to my agenda" in _session(bob_html, keynote)
    assert 'mb-3 starred"' not in bob_html and 'id="my-agenda-title"' not in bob_html
    assert "Star sessions to build your own agenda" in bob_html
    for html in (_html(carol_client, url), _html(visitor_client, url)):
        assert "my agenda" not in html.lower()
        assert "Star sessions" not in html and "csrfmiddlewaretoken" not in _session(html, keynote)
    alice_client.post(f"/events/{event.slug}/sessions/{keynote.pk}/star/")
    assert "In my agenda" not in _html(alice_client, url)


def test_the_star_button_is_the_same_on_the_page_and_from_htmx(conference, alice, alice_client):
    event, keynote, _ = conference
    services.registration_create(event=event, member=alice)
    star = f"/events/{event.slug}/sessions/{keynote.pk}/star/"
    fragment = alice_client.post(star, headers={"HX-Request": "true"}).content.decode()
    page = _session(_html(alice_client, event.get_absolute_url()), keynote)
    form = re.compile(r"<form.*?</form>", re.DOTALL)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked afresh for each response
    assert token.sub("", form.search(fragment).group(0)) == token.sub("", form.search(page).group(0))
    assert "In my agenda" in page


# --- my events ------------------------------------------------------------------------


def test_my_events_shows_a_registration_and_a_cancellation_at_once(event, alice, alice_client):
    assert "You have no upcoming events" in _html(alice_client, "/events/my/")
    alice_client.post(f"/events/{event.slug}/register/")
    assert "You have a place" in _html(alice_client, "/events/my/")
    registration = Registration.objects.get(event=event, member=alice)
    services.registration_cancel(registration=registration)
    assert "You have no upcoming events" in _html(alice_client, "/events/my/")


def test_my_events_are_never_another_members(event, alice, alice_client, bob_client):
    services.registration_create(event=event, member=alice)
    assert event.title in _html(alice_client, "/events/my/")
    assert event.title not in _html(bob_client, "/events/my/")


def test_a_place_in_line_and_a_promotion_show_on_my_events_at_once(small_event, members, bob, bob_client):
    for member in members[:3]:
        services.registration_create(event=small_event, member=member)
    services.registration_create(event=small_event, member=bob)
    assert "Number 2 on the waiting list" in _html(bob_client, "/events/my/")
    services.registration_cancel(registration=Registration.objects.get(event=small_event, member=members[0]))
    assert "Number 1 on the waiting list" in _html(bob_client, "/events/my/")
    services.registration_cancel(registration=Registration.objects.get(event=small_event, member=members[1]))
    assert "You have a place" in _html(bob_client, "/events/my/")


def test_an_event_moved_or_unpublished_shows_on_my_events_at_once(event, alice, alice_client):
    services.registration_create(event=event, member=alice)
    _html(alice_client, "/events/my/")
    services.event_update(event=event, changes={"title": "Renamed roundtable"})
    assert "Renamed roundtable" in _html(alice_client, "/events/my/")
    event.status = "draft"
    event.save()
    assert "Renamed roundtable" not in _html(alice_client, "/events/my/")


def test_my_events_are_kept_until_an_event_starts(event, alice, alice_client, monkeypatch):
    services.registration_create(event=event, member=alice)
    assert "Cancel my place" in _html(alice_client, "/events/my/")
    later = event.starts_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    html = _html(alice_client, "/events/my/")
    assert "Cancel my place" not in html and "You have a place" in html
    monkeypatch.setattr(timezone, "now", lambda: event.ends_at + dt.timedelta(minutes=1))
    html = _html(alice_client, "/events/my/")
    assert "You have no upcoming events" in html and "Events you attended" in html


def test_a_new_calendar_address_shows_at_once(alice_client):
    first = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', _html(alice_client, "/events/my/"))
    alice_client.post("/events/my/reset-feed/")
    second = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', _html(alice_client, "/events/my/"))
    assert first.group(1) != second.group(1)


def test_my_events_costs_one_events_query_when_kept(event, alice, alice_client):
    services.registration_create(event=event, member=alice)
    _html(alice_client, "/events/my/")
    assert len(_events_queries(alice_client, "/events/my/")) == 1


# --- the month grid's menu is the viewer's ------------------------------------------------


def test_the_month_grids_menu_follows_the_viewers_roles(alice_client, ed_client, visitor_client):
    today = timezone.localdate()
    url = f"/events/calendar/{today.year}/{today.month}/"
    assert "/events/my/" not in _html(visitor_client, url)
    alice = _html(alice_client, url)
    assert 'href="/events/my/"' in alice and 'href="/events/new/"' not in alice
    assert 'href="/events/new/"' in _html(ed_client, url)
