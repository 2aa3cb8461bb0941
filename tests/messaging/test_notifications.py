"""Who hears about a new message, through the notification kinds and each member's preferences,
and "notify without content": no subject and no text in the email."""

import pytest
from django.core import mail
from django.core.management import call_command

from messaging import services
from notifications import kinds
from notifications.models import Notification
from notifications.preferences import set_preference
from tests import factories

SECRET = "The board meets on Tuesday about the outage"


def _email_text(message):
    html = next(content for content, mimetype in message.alternatives if mimetype == "text/html")
    return message.subject + message.body + html


def test_starting_notifies_each_recipient_by_email(alice, bob, carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        conversation = factories.make_conversation(
            starter=alice, recipients=[bob, carol], subject="Outage review", body=SECRET
        )
    notices = Notification.objects.filter(kind="messaging.message").order_by("recipient__username")
    assert [n.recipient.username for n in notices] == ["bob", "carol"]
    assert all(n.actor == alice and n.title == "started a conversation with you: “Outage review”" for n in notices)
    assert all(n.url == conversation.messages.get().get_absolute_url() for n in notices)
    assert sorted(m.to[0] for m in mail.outbox) == [bob.email, carol.email]
    assert SECRET in mail.outbox[0].body  # the default: the email carries the text


def test_notify_without_content_sends_neither_subject_nor_text(
    alice, bob, carol, bob_client, django_capture_on_commit_callbacks
):
    bob_client.post("/messages/settings/", {"who_can_start": "all", "email_content": "no"})
    with django_capture_on_commit_callbacks(execute=True):
        conversation = factories.make_conversation(
            starter=alice, recipients=[bob, carol], subject="Outage review", body=SECRET
        )
        factories.make_message(conversation=conversation, author=carol, body=SECRET + " again")
    to_bob = [m for m in mail.outbox if m.to == [bob.email]]
    assert len(to_bob) == 2
    for message in to_bob:
        text = _email_text(message)
        assert "Outage" not in text and "board meets" not in text
        assert "sent you a private message" in text
    notice = Notification.objects.filter(recipient=bob).first()
    assert notice.body == "" and "Outage" not in notice.title
    to_carol = [m for m in mail.outbox if m.to == [carol.email]]
    assert SECRET in to_carol[0].body  # carol did not choose it


def test_daily_digest_and_never_are_honoured(alice, bob, carol, django_capture_on_commit_callbacks):
    set_preference(user=bob, kind="messaging.message", frequency=kinds.DAILY)
    set_preference(user=carol, kind="messaging.message", frequency=kinds.NEVER)
    services.preferences_save(user=bob, who_can_start="all", email_content=False)
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_conversation(starter=alice, recipients=[bob, carol], subject="Outage review", body=SECRET)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=carol, kind="messaging.message").exists()  # on the site still
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [bob.email]
    assert "board meets" not in _email_text(mail.outbox[0]) and "Outage" not in _email_text(mail.outbox[0])


def test_replies_notify_the_others_never_the_author_nor_who_left(alice, bob, carol, conversation):
    services.participants_add(conversation=conversation, by=alice, people=[carol])
    services.conversation_leave(conversation=conversation, user=carol)
    Notification.objects.all().delete()
    factories.make_message(conversation=conversation, author=bob, body="A reply")
    assert list(Notification.objects.values_list("recipient__username", "title")) == [
        ("alice", "wrote in “Our EPR contract”")
    ]


def test_added_people_are_told(alice, bob, carol, conversation):
    services.participants_add(conversation=conversation, by=alice, people=[carol])
    notice = Notification.objects.get(recipient=carol)
    assert notice.title == "added you to the conversation “Our EPR contract”" and notice.actor == alice


def test_moderator_kind_is_offered_to_moderators_only(alice_client, mo_client):
    assert "Members write to the moderators" not in alice_client.get("/account/notifications/").content.decode()
    page = mo_client.get("/account/notifications/").content.decode()
    assert "Members write to the moderators" in page and "Private messages" in page


@pytest.mark.parametrize("email_content", [True, False])
def test_moderators_hear_with_or_without_content(alice, mo, email_content, django_capture_on_commit_callbacks):
    services.preferences_save(user=mo, who_can_start="all", email_content=email_content)
    with django_capture_on_commit_callbacks(execute=True):
        services.moderators_contact(author=alice, subject="Outage review", body=SECRET, enforce_limits=False)
    (message,) = mail.outbox
    assert (SECRET in message.body) is email_content
    assert ("Outage review" in _email_text(message)) is email_content
