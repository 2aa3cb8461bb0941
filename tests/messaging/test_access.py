"""Every address of a conversation answers 404 to anyone who is not in it: other members, editors,
moderators, staff, suspended members, applicants. Visitors are sent to sign in."""

import pytest

from messaging.models import Message, Participant, Report
from tests import factories

OUTSIDERS = ["carol", "ed", "mo", "staff", "sam", "una", "applicant"]


def _get_urls(conversation, message):
    c, m = conversation.pk, message.pk
    return [
        f"/messages/{c}/",
        f"/messages/{c}/?page=2",
        f"/messages/{c}/unread/",
        f"/messages/{c}/reply/",
        f"/messages/{c}/add/",
        f"/messages/{c}/leave/",
        f"/messages/{c}/search/?q=contract",
        f"/messages/m/{m}/",
        f"/messages/m/{m}/report/",
    ]


def _post_urls(conversation, message):
    c, m = conversation.pk, message.pk
    return [
        (f"/messages/{c}/reply/", {"body": "Let me in"}),
        (f"/messages/{c}/add/", {"to": ["carol"]}),
        (f"/messages/{c}/leave/", {}),
        (f"/messages/{c}/handled/", {}),
        (f"/messages/m/{m}/report/", {"reason": "spam"}),
    ]


@pytest.fixture
def bobs_message(conversation, bob):
    return factories.make_message(conversation=conversation, author=bob, body="Alice, the price is confidential.")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere(request, who, conversation, bobs_message, carol):
    client = request.getfixturevalue(f"{who}_client")
    for url in _get_urls(conversation, bobs_message):
        response = client.get(url)
        assert response.status_code == 404, (who, url, response.status_code)
        assert b"confidential" not in response.content and b"Our EPR contract" not in response.content
    for url, data in _post_urls(conversation, bobs_message):
        response = client.post(url, data)
        assert response.status_code == 404, (who, url, response.status_code)
    # Nothing was written by any of them.
    assert Message.objects.filter(conversation=conversation).count() == 2
    assert Participant.objects.filter(conversation=conversation).count() == 2
    assert not Report.objects.exists()


def test_visitors_are_sent_to_sign_in(db, visitor_client, conversation, bobs_message):
    for url in _get_urls(conversation, bobs_message) + ["/messages/", "/messages/new/", "/messages/settings/"]:
        response = visitor_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url, data in _post_urls(conversation, bobs_message):
        response = visitor_client.post(url, data)
        assert b"confidential" not in response.content and b"Our EPR contract" not in response.content
        assert response.status_code in (200, 302), url  # the reply page keeps the draft and asks to sign in
    assert Message.objects.filter(conversation=conversation).count() == 2


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_participants_reach_every_page(request, who, conversation, bobs_message):
    client = request.getfixturevalue(f"{who}_client")
    for url in _get_urls(conversation, bobs_message):
        response = client.get(url, follow=True)
        if url.endswith("/add/") and who == "bob":
            assert response.status_code == 403  # only the starter adds people
        elif url.endswith("/report/") and who == "bob":
            assert response.status_code == 403  # nobody reports their own message
        else:
            assert response.status_code == 200, (who, url)


def test_a_member_who_left_no_longer_sees_it(alice_client, bob_client, conversation, bobs_message):
    assert bob_client.post(f"/messages/{conversation.pk}/leave/").status_code == 302
    assert bob_client.get(f"/messages/{conversation.pk}/").status_code == 404
    assert bob_client.get(f"/messages/m/{bobs_message.pk}/").status_code == 404
    page = alice_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Dr Bob Brown left the conversation" in page
    assert "(left)" in page


def test_private_pages_are_never_cached_by_browsers_or_proxies(alice_client, conversation):
    for url in ["/messages/", f"/messages/{conversation.pk}/"]:
        response = alice_client.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_nothing_of_messaging_is_in_the_admin(staff_client, conversation):
    from django.contrib import admin

    assert not [model for model in admin.site._registry if model._meta.app_label == "messaging"]
    assert staff_client.get("/admin/messaging/conversation/").status_code == 404
    assert b"Our EPR contract" not in staff_client.get("/admin/").content


def test_roles_hold_messaging_permissions_but_none_to_view_conversations(db):
    from django.contrib.auth.models import Group

    members = set(
        Group.objects.get(name="Members")
        .permissions.filter(content_type__app_label="messaging")
        .values_list("codename", flat=True)
    )
    moderators = set(
        Group.objects.get(name="Moderators")
        .permissions.filter(content_type__app_label="messaging")
        .values_list("codename", flat=True)
    )
    assert {"add_conversation", "add_message", "add_report"} <= members
    assert {"view_report", "change_report"} <= moderators
    assert not {"view_conversation", "view_message"} & (members | moderators)


def test_notifications_quoting_private_messages_are_not_in_the_admin(staff_client, alice, bob, conversation):
    from notifications.models import Notification

    assert Notification.objects.filter(kind="messaging.message", recipient=bob).exists()
    factories.NotificationFactory(recipient=bob, title="A forum reply about hazard logs")
    page = staff_client.get("/admin/notifications/notification/").content.decode()
    assert "A forum reply about hazard logs" in page
    assert "Our EPR contract" not in page
    private = Notification.objects.get(kind="messaging.message", recipient=bob)
    assert staff_client.get(f"/admin/notifications/notification/{private.pk}/change/").status_code == 302
