"""Deleting an account leaves the member's messages for the others, as by "Former member";
the data export holds the member's own conversations and messages, never other members' words."""

import json

from django.urls import reverse

from accounts.services import account_erase, export_account
from messaging import moderation, services
from messaging.models import Block, Participant, Preferences
from tests import factories
from tests.factories import TEST_PASSWORD


def test_erasure_keeps_messages_as_former_member(alice, bob, carol, conversation, bob_client, mo):
    factories.make_message(conversation=conversation, author=alice, body="Alice's words stay")
    services.block(blocker=alice, blocked=carol)
    services.block(blocker=carol, blocked=alice)
    services.preferences_save(user=alice, who_can_start="nobody", email_content=False)
    team = services.moderators_contact(author=alice, subject="Help", body="Help me", enforce_limits=False)
    account_erase(user=alice)
    page = bob_client.get(conversation.get_absolute_url()).content.decode()
    assert "Alice's words stay" in page and "Former member" in page and "Dr Alice Adams" not in page
    assert Participant.objects.get(conversation=conversation, user=alice).left_at is not None
    assert not Block.objects.exists() and not Preferences.objects.exists()
    team.refresh_from_db()
    assert not team.awaiting_moderators
    from tests.conftest import _client_for

    assert "From Former member" in _client_for(mo).get("/messages/moderators/").content.decode()


def _download(client):
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_export_holds_own_conversations_and_messages_only(alice, alice_client, bob, carol, conversation):
    factories.make_message(conversation=conversation, author=bob, body="Bob's private reply")
    factories.make_message(conversation=conversation, author=alice, body="Alice's second message")
    factories.make_conversation(starter=bob, recipients=[carol], subject="Not Alice's business", body="Secret")
    services.block(blocker=alice, blocked=carol)
    services.preferences_save(user=alice, who_can_start="shared", email_content=False)
    reply = conversation.messages.get(number=2)
    reply.conversation.is_participant = True
    moderation.report_create(message=reply, reporter=alice, reason="spam", detail="Alice's report")
    data = _download(alice_client)["private_messages"]
    text = json.dumps(data)
    assert "Bob's private reply" not in text and "Not Alice's business" not in text and "Secret" not in text
    assert [c["subject"] for c in data["conversations"]] == ["Our EPR contract"]
    assert data["conversations"][0]["started_by_you"] is True
    assert [m["body_markdown"] for m in data["messages_written"]] == [
        "Bob, a private word about the contract.",
        "Alice's second message",
    ]
    assert data["preferences"] == {"who_can_start": "shared", "email_content": False}
    assert data["members_blocked"][0]["username"] == "carol"
    assert data["reports_made"][0]["detail"] == "Alice's report"


def test_export_costs_the_same_for_few_and_many_messages(alice, bob, conversation, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            export_account(alice)
        return len(queries)

    few = count()
    factories.bulk_messages(conversation, 200, authors=[alice, bob])
    factories.bulk_conversations(50, starter=alice, other=bob)
    assert count() == few
