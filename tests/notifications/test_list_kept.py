"""The notification list is kept per person, its rows per notification: every change shows at once, to its member only.

Each test looks at the list first (so that it is kept), changes something, and looks again.
"""

import pytest
from django.test import Client

from notifications import notify
from notifications.models import Notification
from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]

LIST = "/notifications/"


def _list(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


def _row(html, text):
    start = html.index(text)
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_a_new_notification_shows_at_once_to_its_member_only(alice, bob, alice_client, bob_client):
    _list(alice_client), _list(bob_client)
    notify(alice, "forum.reply", title="replied to “EPR go-live”", url="/forum/", actor=bob)
    row = _row(_list(alice_client), "replied to “EPR go-live”")
    assert "Dr Bob Brown replied" in row and "notification-unread" in row and ">New<" in row
    assert "EPR go-live" not in _list(bob_client)


def test_opening_one_and_marking_all_read_show_at_once(alice, alice_client):
    first = notify(alice, "forum.reply", title="First news", url="/forum/")
    notify(alice, "forum.reply", title="Second news", url="/forum/")
    html = _list(alice_client)
    assert "notification-unread" in _row(html, "First news") and "notification-unread" in _row(html, "Second news")
    alice_client.get(f"/notifications/{first.pk}/open/")
    html = _list(alice_client)
    assert "notification-unread" not in _row(html, "First news") and ">New<" not in _row(html, "First news")
    assert "notification-unread" in _row(html, "Second news")
    alice_client.post("/notifications/mark-all-read/")
    html = _list(alice_client)
    assert "notification-unread" not in html and "You are all caught up." in html


def test_a_new_name_of_who_caused_it_shows_at_once(alice, bob, alice_client):
    notify(alice, "forum.reply", title="replied to “Sepsis”", url="/forum/", actor=bob)
    assert "Dr Bob Brown replied" in _list(alice_client)
    bob.display_name = "Professor Bob Brown"
    bob.save()
    html = _list(alice_client)
    assert "Professor Bob Brown replied" in html and "Dr Bob Brown" not in html


def test_an_editors_notifications_show_only_where_their_second_factor_counts(ed, alice):
    notify(ed, "editorial.review", title="An article waits for review", url="/articles/", actor=alice)
    with_factor = Client()
    with_factor.force_login(ed)  # as allauth, with the authenticator app
    password_only = Client()
    assert password_only.login(username="ed", password=TEST_PASSWORD)
    for _ in range(2):  # kept the first time, read back the second
        assert "An article waits for review" in _list(with_factor)
        assert "An article waits for review" not in _list(password_only)


def test_pages_follow_the_notifications(alice, alice_client):
    factories.NotificationFactory.create_batch(26, recipient=alice)
    assert _list(alice_client).count('data-testid="notification"') == 25
    assert _list(alice_client, "?page=2").count('data-testid="notification"') == 1
    assert _list(alice_client, "?page=99").count('data-testid="notification"') == 1
    notify(alice, "forum.reply", title="One more", url="/forum/")
    assert "One more" in _list(alice_client)
    assert _list(alice_client, "?page=2").count('data-testid="notification"') == 2
    assert Notification.objects.filter(recipient=alice).count() == 27


def test_looking_again_asks_the_database_nothing(alice, alice_client, settings, django_assert_num_queries):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    factories.NotificationFactory.create_batch(30, recipient=alice)
    for query in ("", "?page=2"):
        _list(alice_client, query)
        with django_assert_num_queries(0):
            _list(alice_client, query)
