"""Who may do what: visitor, una (unverified), alice (member), sam (suspended), ed (editor)."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Registration
from tests import factories

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "una", "alice", "sam", "ed"]


@pytest.fixture
def as_persona(request, visitor_client):
    """(client, user or None) for a persona name."""

    def get(name):
        if name == "visitor":
            return visitor_client, None
        return request.getfixturevalue(f"{name}_client"), request.getfixturevalue(name)

    return get


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [("visitor", "login"), ("una", 403), ("alice", "registered"), ("sam", "refused"), ("ed", "registered")],
)
def test_register(as_persona, event, persona, outcome):
    client, user = as_persona(persona)
    response = client.post(f"/events/{event.slug}/register/", follow=False)
    if outcome == "login":
        assert _is_login_redirect(response)
    elif outcome == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    registered = Registration.objects.filter(event=event, status="confirmed")
    assert registered.exists() == (outcome == "registered")
    if outcome == "refused":
        page = client.get(event.get_absolute_url()).content.decode()
        assert "suspended" in page


def test_register_needs_post(alice_client, event):
    assert alice_client.get(f"/events/{event.slug}/register/").status_code == 405


@pytest.mark.parametrize(
    ("persona", "outcome"),
    [("visitor", "login"), ("una", 403), ("alice", "cancelled"), ("sam", "cancelled"), ("ed", "cancelled")],
)
def test_cancel_own_registration(as_persona, event, persona, outcome):
    client, user = as_persona(persona)
    other = factories.MemberFactory()
    Registration.objects.create(event=event, member=other, status="confirmed")
    if user is not None:
        Registration.objects.create(event=event, member=user, status="confirmed")
    Event.objects.filter(pk=event.pk).update(confirmed_count=Registration.objects.count())
    response = client.post(f"/events/{event.slug}/cancel-registration/")
    if outcome == "login":
        assert _is_login_redirect(response)
    elif outcome == 403:
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert Registration.objects.get(member=user).status == "cancelled"
    # Nobody can cancel someone else's place.
    assert Registration.objects.get(member=other).status == "confirmed"


@pytest.mark.parametrize(
    ("persona", "sees_link"), [("visitor", False), ("una", False), ("alice", True), ("sam", False), ("ed", True)]
)
def test_join_link_only_for_confirmed_attendees_near_the_start(as_persona, persona, sees_link):
    soon = timezone.now() + dt.timedelta(minutes=10)
    event = factories.EventFactory(starts_at=soon, ends_at=soon + dt.timedelta(hours=1), join_link_minutes_before=30)
    client, user = as_persona(persona)
    if user is not None:
        Registration.objects.create(event=event, member=user, status="confirmed")
    page = client.get(event.get_absolute_url()).content.decode()
    assert (event.join_url in page) == sees_link


def test_join_link_hidden_before_its_time_and_from_the_waitlist(alice_client, alice, bob_client, bob):
    event = factories.EventFactory(join_link_minutes_before=30)  # next week
    Registration.objects.create(event=event, member=alice, status="confirmed")
    page = alice_client.get(event.get_absolute_url()).content.decode()
    assert event.join_url not in page
    assert "The join link appears here from" in page
    soon = timezone.now() + dt.timedelta(minutes=10)
    Event.objects.filter(pk=event.pk).update(starts_at=soon, ends_at=soon + dt.timedelta(hours=1))
    Registration.objects.create(event=event, member=bob, status="waitlisted", waitlisted_at=timezone.now())
    assert event.join_url in alice_client.get(event.get_absolute_url()).content.decode()
    assert event.join_url not in bob_client.get(event.get_absolute_url()).content.decode()


ORGANISER_VIEWS = [
    ("get", "/events/{slug}/attendees/"),
    ("get", "/events/{slug}/attendees.csv"),
    ("get", "/events/{slug}/email/"),
    ("post", "/events/{slug}/email/"),
    ("get", "/events/{slug}/edit/"),
    ("post", "/events/{slug}/edit/"),
    ("get", "/events/{slug}/cancel/"),
    ("post", "/events/{slug}/cancel/"),
    ("get", "/events/{slug}/repeat/"),
    ("get", "/events/new/"),
    ("post", "/events/new/"),
]


@pytest.mark.parametrize(("method", "url"), ORGANISER_VIEWS)
@pytest.mark.parametrize("persona", ["visitor", "una", "alice", "sam"])
def test_organiser_views_are_refused_to_everyone_but_editors(as_persona, event, persona, method, url):
    client, _ = as_persona(persona)
    response = getattr(client, method)(url.format(slug=event.slug), {"subject": "x", "message": "y", "reason": "z"})
    if persona == "visitor":
        assert _is_login_redirect(response)
    else:
        assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == "published"


@pytest.mark.parametrize(("method", "url"), [v for v in ORGANISER_VIEWS if v[0] == "get"])
def test_editors_open_the_organiser_views(ed_client, event, method, url):
    assert ed_client.get(url.format(slug=event.slug)).status_code == 200


def test_editors_without_two_factor_are_sent_to_set_it_up(event):
    from django.test import Client

    client = Client()
    client.force_login(factories.EditorFactory(mfa=False))
    response = client.get(f"/events/{event.slug}/attendees/")
    assert response.status_code == 302 and "totp" in response["Location"]


def test_editor_cancels_an_event(ed_client, event, alice):
    Registration.objects.create(event=event, member=alice, status="confirmed")
    response = ed_client.post(f"/events/{event.slug}/cancel/", {"reason": "Speaker unwell."})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled"
    from notifications.models import Notification

    assert Notification.objects.filter(recipient=alice, kind="events.cancelled").exists()


def test_the_star_button_needs_a_registration(alice_client, alice, bob_client):
    session = factories.SessionFactory()
    url = f"/events/{session.event.slug}/sessions/{session.pk}/star/"
    bob_client.post(url)
    assert not session.stars.exists()
    Registration.objects.create(event=session.event, member=alice, status="confirmed")
    alice_client.post(url)
    assert session.stars.filter(member=alice).exists()
    alice_client.post(url)
    assert not session.stars.exists()
