"""A signed-in member's page header is rendered once per section and kept until something in it changes.

The kept header must still carry this request's CSRF token (sign out works),
mark the right section as current, show what changed at once, never reach
another person, and stay live where it shows what is not the person's own
(the applications waiting for any moderator).
"""

import re

import pytest
from django.test import Client

from notifications import notify
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


def _header(html):
    return html.split("<header", 1)[1].split("</header>", 1)[0]


def _current(html):
    return re.findall(r'<a class="nav-link" href="([^"]+)" aria-current', _header(html))


def test_sign_out_works_with_the_token_in_a_kept_header(alice):
    """Alice signed in on two devices: the header kept from the first carries the second's own token."""
    first, client = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(alice)
    client.force_login(alice)
    first.get("/forum/")  # the header is kept now
    html = client.get("/forum/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _header(html)).group(1)
    assert "csrf-token" not in html
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get("/forum/bookmarks/").status_code == 302, "signed out: sent to sign in"


def test_each_section_is_marked_current_on_its_own_pages(alice_client):
    for _ in range(2):  # rendered, then kept
        assert _current(alice_client.get("/forum/").content.decode()) == ["/forum/"]
        assert _current(alice_client.get("/articles/").content.decode()) == ["/articles/"]
        assert _current(alice_client.get("/").content.decode()) == []


def test_a_notification_shows_in_the_kept_header_at_once_for_its_recipient_only(alice, alice_client, bob_client):
    for client in (alice_client, bob_client):
        client.get("/forum/")
    notify(alice, "forum.reply", title="replied", url="/forum/")
    assert "Notifications, 1 unread" in _header(alice_client.get("/forum/").content.decode())
    assert "unread" not in _header(bob_client.get("/forum/").content.decode())


def test_a_moderators_waiting_applications_are_counted_on_every_page(mo_client):
    before = _header(mo_client.get("/forum/").content.decode())
    assert 'data-testid="header-applications"' in before and "waiting" not in before
    factories.MembershipApplicationFactory()
    assert "1 waiting" in _header(mo_client.get("/forum/").content.decode())


def test_visitors_get_the_sign_in_link_back_to_their_page(visitor_client, alice_client):
    alice_client.get("/articles/")
    html = visitor_client.get("/articles/").content.decode()
    assert "?next=/articles/" in _header(html) and "Sign out" not in html
