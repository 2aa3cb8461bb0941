from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.context_processors import UnreadCount
from notifications.models import Notification
from tests.factories import NotificationFactory


def _count_queries(client, url="/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured if "notifications_notification" in q["sql"]]


def test_bell_shows_the_unread_count_in_the_header(alice_client, alice):
    NotificationFactory.create_batch(3, recipient=alice)
    read = NotificationFactory(recipient=alice)
    Notification.objects.filter(pk=read.pk).mark_read()
    response, queries = _count_queries(alice_client)
    html = response.content.decode()
    assert 'data-testid="header-notifications"' in html
    assert "Notifications, 3 unread" in html
    assert len(queries) == 1


def test_bell_without_unread_has_a_plain_label(alice_client):
    html = alice_client.get("/").content.decode()
    assert 'href="/notifications/"' in html
    assert ">Notifications</span>" in html
    assert "unread" not in html


def test_count_costs_one_query_on_the_notifications_page_too(alice_client, alice):
    NotificationFactory.create_batch(2, recipient=alice)
    _, queries = _count_queries(alice_client, "/notifications/")
    unread_counts = [q for q in queries if "COUNT" in q and "read_at" in q]
    assert len(unread_counts) == 1


def test_visitors_have_no_bell_and_no_query(db, visitor_client):
    response, queries = _count_queries(visitor_client)
    assert 'data-testid="header-notifications"' not in response.content.decode()
    assert queries == []


def test_count_is_lazy(alice, django_assert_num_queries):
    assert not alice.is_editor  # roles are loaded once per request (the header asks them first)
    with django_assert_num_queries(0):
        count = UnreadCount(alice)
    with django_assert_num_queries(1):
        assert int(count) == 0
        assert not count
        assert str(count) == "0"
