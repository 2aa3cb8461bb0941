import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import NotificationFactory

LIST = "/notifications/"


@pytest.mark.parametrize("url", [LIST, "/account/notifications/"])
def test_visitor_is_sent_to_sign_in(db, visitor_client, url):
    response = visitor_client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_visitor_cannot_mark_all_read_or_open(visitor_client, alice):
    notification = NotificationFactory(recipient=alice)
    assert visitor_client.post(reverse("notifications:mark_all_read")).status_code == 302
    response = visitor_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    notification.refresh_from_db()
    assert notification.read_at is None


def test_list_shows_own_notifications_newest_first_unread_highlighted(alice_client, alice, bob):
    old = NotificationFactory(recipient=alice, title="Older one")
    new = NotificationFactory(recipient=alice, title="Newer one")
    Notification.objects.filter(pk=old.pk).update(created_at=new.created_at.replace(year=2020))
    NotificationFactory(recipient=bob, title="Bob's private notice")
    response = alice_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer one") < html.index("Older one")
    assert "Bob&#x27;s private notice" not in html and "Bob's private notice" not in html
    assert html.count('class="list-group-item notification-unread"') == 2
    assert reverse("notifications:open", args=[new.pk]) in html
    assert html.count("<h1") == 1


def test_read_notifications_are_not_highlighted(alice_client, alice):
    notification = NotificationFactory(recipient=alice)
    Notification.objects.filter(pk=notification.pk).mark_read()
    html = alice_client.get(LIST).content.decode()
    assert "notification-unread" not in html
    assert "You are all caught up." in html


def test_list_is_paginated(alice_client, alice):
    NotificationFactory.create_batch(30, recipient=alice)
    response = alice_client.get(LIST)
    assert len(response.context["notifications"]) == 25
    assert len(alice_client.get(LIST + "?page=2").context["notifications"]) == 5
    assert alice_client.get(LIST + "?page=999").status_code == 200


@pytest.mark.parametrize("count", [3, 40])
def test_list_query_budget_does_not_grow(alice_client, alice, count, django_assert_max_num_queries):
    NotificationFactory.create_batch(count, recipient=alice)
    # session, user, groups (role check), unread count, page count, page rows
    with django_assert_max_num_queries(7):
        response = alice_client.get(LIST)
    assert response.status_code == 200


def test_open_marks_read_and_redirects(alice_client, alice):
    notification = NotificationFactory(recipient=alice, url="/forum/p/42/")
    response = alice_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == "/forum/p/42/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_member_cannot_open_another_members_notification(bob_client, alice):
    notification = NotificationFactory(recipient=alice)
    response = bob_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_open_unknown_is_404(alice_client):
    assert alice_client.get(reverse("notifications:open", args=[999999])).status_code == 404


def test_open_never_redirects_off_site(alice_client, alice):
    notification = NotificationFactory(recipient=alice)
    Notification.objects.filter(pk=notification.pk).update(url="//evil.example/")
    response = alice_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == LIST


def test_mark_all_read_only_touches_own(alice_client, alice, bob):
    NotificationFactory.create_batch(3, recipient=alice)
    bobs = NotificationFactory(recipient=bob)
    response = alice_client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    bobs.refresh_from_db()
    assert bobs.read_at is None


def test_mark_all_read_needs_post(alice_client):
    assert alice_client.get(reverse("notifications:mark_all_read")).status_code == 405


@pytest.mark.parametrize("persona", ["una_client", "sam_client", "ed_client", "mo_client"])
def test_every_signed_in_person_sees_own_list(db, request, persona):
    client = request.getfixturevalue(persona)
    assert client.get(LIST).status_code == 200
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302


def test_hostile_text_is_escaped_on_the_page(alice_client, alice):
    NotificationFactory(
        recipient=alice,
        title="<script>alert(1)</script>",
        body="<img src=x onerror=alert(1)> [x](javascript:alert(1))",
    )
    html = alice_client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_body_is_shortened_in_the_list(alice_client, alice):
    NotificationFactory(recipient=alice, body="word " * 400)
    html = alice_client.get(LIST).content.decode()
    assert "word " * 100 not in html
