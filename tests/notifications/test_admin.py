import pytest
from django.test import Client

from notifications.models import NotificationPreference
from tests.factories import MemberFactory, NotificationFactory


@pytest.fixture
def admin_client_mfa(db):
    admin = MemberFactory(username="root", is_staff=True, is_superuser=True, mfa=True)
    client = Client()
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/notifications/notification/",
        "/admin/notifications/notificationpreference/",
        "/admin/notifications/notificationpreference/add/",
        "/admin/notifications/digestlog/",
    ],
)
def test_admin_pages_load(admin_client_mfa, alice, url):
    NotificationFactory.create_batch(3, recipient=alice)
    NotificationPreference.objects.create(recipient=alice, kind="forum.reply", frequency="daily")
    assert admin_client_mfa.get(url).status_code == 200


def test_notifications_cannot_be_added_in_the_admin(admin_client_mfa):
    assert admin_client_mfa.get("/admin/notifications/notification/add/").status_code == 403


def test_admin_change_page_for_a_notification(admin_client_mfa, alice):
    notification = NotificationFactory(recipient=alice, title="<script>alert(1)</script>")
    response = admin_client_mfa.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_change_or_deletion_in_the_admin_shows_at_once_on_the_members_list(admin_client_mfa, alice, settings):
    from tests.conftest import _client_for

    settings.CONTENT_CACHE = True
    alice_client = _client_for(alice)
    kept, gone = NotificationFactory(recipient=alice, title="Kept one"), NotificationFactory(recipient=alice)
    assert "notification-unread" in alice_client.get("/notifications/").content.decode()
    change = f"/admin/notifications/notification/{kept.pk}/change/"
    response = admin_client_mfa.post(change, {"read_at_0": "01/01/2025", "read_at_1": "09:00:00"})
    assert response.status_code == 302, response.content.decode()[:3000]
    admin_client_mfa.post(f"/admin/notifications/notification/{gone.pk}/delete/", {"post": "yes"})
    html = alice_client.get("/notifications/").content.decode()
    assert "notification-unread" not in html and "Kept one" in html and gone.title not in html
