"""Two participants replying at the same instant both keep their message, in order, with read state right."""

import threading

import pytest
from django.db import connection

from messaging import locks
from messaging.models import Conversation, Message, Participant
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Transactional tests flush the tables, groups from the data migration included."""
    from django.contrib.auth.models import Group

    from accounts import roles

    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def _race(conversation, authors, wait=None):
    barrier = threading.Barrier(len(authors))
    errors = []

    def reply(author):
        from messaging.services import reply_create

        try:
            barrier.wait(timeout=10)
            reply_create(author=author, conversation=conversation, body=f"At the same moment, from {author.username}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(a,)) for a in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_participants_replying_at_once_both_keep_their_message():
    alice = factories.MemberFactory(username="alice")
    bob = factories.MemberFactory(username="bob")
    conversation = factories.make_conversation(starter=alice, recipients=[bob], subject="Race", body="First")
    Participant.objects.filter(user=bob).update(last_read_number=1)  # bob has read message 1
    errors = _race(conversation, [alice, bob])
    assert errors == []
    messages = list(Message.objects.filter(conversation=conversation).order_by("number"))
    assert [m.number for m in messages] == [1, 2, 3]
    assert {m.author.username for m in messages[1:]} == {"alice", "bob"}
    assert messages[1].created <= messages[2].created
    conversation.refresh_from_db()
    assert conversation.last_number == 3 and conversation.last_message_at == messages[2].created
    states = dict(Participant.objects.values_list("user__username", "last_read_number"))
    # Each has read up to what they saw: the first writer their own message (2); the second
    # writer never saw message 2, so their position stays at 1 and 2 is their first unread.
    # Each sees the conversation as unread once, for the other's message.
    first, second = messages[1].author, messages[2].author
    assert states[first.username] == 2 and states[second.username] == 1
    from notifications.header import header_counts

    assert header_counts(first)["messages"] == 1 and header_counts(second)["messages"] == 1


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_race_loses_a_message(monkeypatch):
    """Shows what the lock prevents: both read the same last number and one insert fails."""
    alice = factories.MemberFactory(username="alice")
    bob = factories.MemberFactory(username="bob")
    conversation = factories.make_conversation(starter=alice, recipients=[bob], subject="Race", body="First")
    monkeypatch.setattr(locks, "ENABLED", False)
    original = locks.lock_conversation
    gate = threading.Barrier(2)

    def slow_lock(conversation_id):
        result = original(conversation_id)
        gate.wait(timeout=10)  # both have read last_number before either writes
        return result

    monkeypatch.setattr("messaging.services.lock_conversation", slow_lock)
    errors = _race(conversation, [alice, bob])
    assert len(errors) == 1  # the unique (conversation, number) constraint refused the duplicate number
    assert Conversation.objects.get(pk=conversation.pk).last_number == 2


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_new_conversation_is_made_once():
    alice = factories.MemberFactory(username="alice")
    bob = factories.MemberFactory(username="bob")
    barrier = threading.Barrier(2)
    outcomes = []

    def start():
        from messaging.services import MessagingError, conversation_start

        try:
            barrier.wait(timeout=10)
            conversation_start(starter=alice, recipients=[bob], subject="Twice", body="The same words")
            outcomes.append("made")
        except MessagingError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert outcomes.count("made") == 1
    assert any("exactly this message" in outcome for outcome in outcomes)
    assert Conversation.objects.count() == 1
