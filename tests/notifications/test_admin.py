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
