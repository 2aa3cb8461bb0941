"""Who may start a conversation with a member (their choice), and blocks the blocked member is never told of."""

import pytest

from messaging import services
from messaging.models import Block, Conversation, Participant, Preferences
from notifications.models import Notification
from tests import factories
from tests.messaging.helpers import unread_in_header

REFUSED = "is not taking new conversations from you."


def _problems(page):
    """The error summary: what the member is told."""
    return page.split("data-error-summary", 1)[1].split("</div>", 1)[0]


def _start(client, *to):
    return client.post("/messages/new/", {"to": list(to), "subject": "A question", "body": "Can we talk?"})


def test_preferences_page_saves_the_choice(alice_client, alice):
    page = alice_client.get("/messages/settings/").content.decode()
    assert 'value="all"' in page and "checked" in page
    response = alice_client.post("/messages/settings/", {"who_can_start": "shared", "email_content": "no"})
    assert response.status_code == 302
    preferences = Preferences.objects.get(user=alice)
    assert preferences.who_can_start == "shared" and preferences.email_content is False
    response = alice_client.post("/messages/settings/", {"who_can_start": "everyone!", "email_content": "no"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_nobody_means_nobody(alice_client, bob, carol):
    services.preferences_save(user=bob, who_can_start="nobody", email_content=True)
    response = _start(alice_client, "bob")
    assert response.status_code == 400 and f"Dr Bob Brown {REFUSED}" in response.content.decode()
    with pytest.raises(services.MessagingError, match=REFUSED):
        factories.make_conversation(starter=carol, recipients=[bob])
    assert not Conversation.objects.exists()


def test_shared_means_members_already_in_a_conversation_with_them(alice, alice_client, bob, carol, carol_client):
    services.preferences_save(user=bob, who_can_start="shared", email_content=True)
    assert _start(carol_client, "bob").status_code == 400
    shared = factories.make_conversation(starter=bob, recipients=[alice], subject="Bob writes first")
    assert _start(alice_client, "bob").status_code == 302
    # Leaving the shared conversation ends the sharing.
    services.conversation_leave(conversation=shared, user=alice)
    services.conversation_leave(conversation=Conversation.objects.exclude(pk=shared.pk).get(), user=alice)
    response = alice_client.post("/messages/new/", {"to": ["bob"], "subject": "Again", "body": "Another try"})
    assert response.status_code == 400 and REFUSED in response.content.decode()


def test_the_moderators_conversation_does_not_count_as_shared(alice, bob, mo, alice_client):
    services.preferences_save(user=mo, who_can_start="shared", email_content=True)
    services.moderators_contact(author=alice, subject="A question", body="For the team", enforce_limits=False)
    assert _start(alice_client, "mo").status_code == 400


def test_a_blocked_member_cannot_start_or_be_added_and_is_told_the_same_as_for_privacy(
    alice, alice_client, bob, carol
):
    services.block(blocker=bob, blocked=alice)
    blocked_answer = _start(alice_client, "bob").content.decode()
    assert f"Dr Bob Brown {REFUSED}" in blocked_answer
    services.unblock(blocker=bob, blocked=alice)
    services.preferences_save(user=bob, who_can_start="nobody", email_content=True)
    privacy_answer = _start(alice_client, "bob").content.decode()
    assert f"Dr Bob Brown {REFUSED}" in privacy_answer
    assert _problems(blocked_answer) == _problems(privacy_answer)
    # Adding: the same rule through the form and by posting directly.
    services.preferences_save(user=bob, who_can_start="all", email_content=True)
    services.block(blocker=bob, blocked=alice)
    conversation = factories.make_conversation(starter=alice, recipients=[carol])
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": ["bob"]})
    assert response.status_code == 400 and REFUSED in response.content.decode()
    with pytest.raises(services.MessagingError, match=REFUSED):
        services.participants_add(conversation=conversation, by=alice, people=[bob])
    assert not Participant.objects.filter(conversation=conversation, user=bob).exists()


def test_privacy_refuses_adding_too(alice, alice_client, bob, carol):
    conversation = factories.make_conversation(starter=alice, recipients=[carol])
    services.preferences_save(user=bob, who_can_start="nobody", email_content=True)
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": ["bob"]})
    assert response.status_code == 400 and REFUSED in response.content.decode()


def test_in_a_shared_conversation_the_blocker_no_longer_sees_or_hears_the_blocked(
    alice, bob, carol, alice_client, bob_client, carol_client, django_capture_on_commit_callbacks
):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol], subject="Three of us")
    factories.make_message(conversation=conversation, author=bob, body="Said before the block")
    bob_client.get(f"/messages/{conversation.pk}/")
    alice_client.get(f"/messages/{conversation.pk}/")
    response = alice_client.post("/messages/block/bob/", {"action": "block", "next": f"/messages/{conversation.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/messages/{conversation.pk}/"
    Notification.objects.all().delete()
    # Bob writes; he sees his message as sent and is told nothing.
    assert bob_client.post(f"/messages/{conversation.pk}/reply/", {"body": "Said after the block"}).status_code == 302
    assert "Said after the block" in bob_client.get(f"/messages/{conversation.pk}/").content.decode()
    # Carol sees it; Alice does not, is not notified, and it is not unread for her.
    assert "Said after the block" in carol_client.get(f"/messages/{conversation.pk}/").content.decode()
    page = alice_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Said before the block" in page and "Said after the block" not in page
    assert not Notification.objects.filter(recipient=alice).exists()
    assert Notification.objects.filter(recipient=carol).exists()
    assert unread_in_header(alice_client.get("/").content.decode()) == 0
    assert "Said after" not in alice_client.get("/messages/search/?q=said").content.decode()
    # Unblocking shows what he writes from now on.
    alice_client.post("/messages/block/bob/", {"action": "unblock"})
    factories.make_message(conversation=conversation, author=bob, body="Said after the unblock")
    assert "Said after the unblock" in alice_client.get(f"/messages/{conversation.pk}/").content.decode()


def test_blocks_are_listed_and_undone_on_the_preferences_page(alice, alice_client, bob):
    alice_client.post("/messages/block/bob/", {"action": "block"})
    alice_client.post("/messages/block/bob/", {"action": "block"})  # twice: harmless
    assert Block.objects.filter(blocker=alice, blocked=bob).count() == 1
    page = alice_client.get("/messages/settings/").content.decode()
    assert "Dr Bob Brown" in page and "Unblock" in page
    alice_client.post("/messages/block/bob/", {"action": "unblock"})
    assert not Block.objects.exists()


def test_block_refusals(alice, alice_client):
    assert alice_client.post("/messages/block/alice/", {"action": "block"}).status_code == 302
    assert not Block.objects.exists()
    assert alice_client.post("/messages/block/nobody-here/", {"action": "block"}).status_code == 404
    assert alice_client.get("/messages/block/alice/").status_code == 405
    response = alice_client.post("/messages/block/alice/", {"action": "block", "next": "https://evil.example/"})
    assert response["Location"] == "/messages/settings/"
