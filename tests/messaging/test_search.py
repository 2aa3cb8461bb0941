"""Search within one's own conversations: full-text on PostgreSQL, a plain fallback on SQLite."""

import pytest
from django.db import connection

from messaging import services
from messaging.search import search_messages
from tests import factories


@pytest.fixture
def talk(alice, bob, carol):
    mine = factories.make_conversation(
        starter=alice, recipients=[bob], subject="Sepsis screening", body="Our sepsis alerts fire too often."
    )
    factories.make_message(conversation=mine, author=bob, body="We tuned the sepsis thresholds last spring.")
    others = factories.make_conversation(
        starter=bob, recipients=[carol], subject="Sepsis audit", body="Carol, the sepsis audit is private."
    )
    return mine, others


def test_members_find_only_their_own_conversations(alice, alice_client, carol_client, talk):
    page = alice_client.get("/messages/search/?q=sepsis").content.decode()
    assert "Sepsis screening" in page and "Sepsis audit" not in page
    assert "audit is private" not in page
    page = carol_client.get("/messages/search/?q=sepsis").content.decode()
    assert "Sepsis audit" in page and "Sepsis screening" not in page


def test_search_within_one_conversation(alice, alice_client, talk):
    mine, others = talk
    other_mine = factories.make_conversation(
        starter=alice, recipients=[others.participants.exclude(user=alice).first().user], body="sepsis elsewhere"
    )
    page = alice_client.get(f"/messages/{mine.pk}/search/?q=sepsis").content.decode()
    assert "tuned the" in page and "elsewhere" not in page
    assert alice_client.get(f"/messages/{other_mine.pk}/search/?q=sepsis").status_code == 200
    assert alice_client.get(f"/messages/{others.pk}/search/?q=sepsis").status_code == 404


def test_conversations_one_left_are_not_searched(alice, bob, talk):
    mine, _ = talk
    services.conversation_leave(conversation=mine, user=alice)
    results, _ = search_messages(alice, "sepsis")
    assert results == []


def test_an_empty_query_shows_the_form(alice_client):
    page = alice_client.get("/messages/search/?q=").content.decode()
    assert "Type words to find" in page


def test_moderators_search_the_team_inbox_but_no_member_conversation(alice, mo, mo_client, talk):
    services.moderators_contact(
        author=alice, subject="Sepsis question", body="A sepsis question", enforce_limits=False
    )
    page = mo_client.get("/messages/search/?q=sepsis").content.decode()
    assert "Sepsis question" in page and "Sepsis screening" not in page and "Sepsis audit" not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL only")
def test_postgres_ranks_subject_matches_and_highlights(alice, alice_client, talk):
    results, has_next = search_messages(alice, "screening")
    assert [r.number for r in results] == [1] and not has_next
    page = alice_client.get("/messages/search/?q=thresholds").content.decode()
    assert "<mark>thresholds</mark>" in page
    # Stemming: "alert" finds "alerts".
    assert [r.subject for r in search_messages(alice, "alert")[0]] == ["Sepsis screening"]


def test_messages_hidden_by_moderators_are_not_found(alice, bob, mo, talk):
    from messaging import moderation

    mine, _ = talk
    reply = mine.messages.get(number=2)
    reply.conversation.is_participant = True
    report = moderation.report_create(message=reply, reporter=alice, reason="other")
    moderation.message_hide(report=report, moderator=mo, reason="Names a patient")
    assert [r.number for r in search_messages(alice, "thresholds")[0]] == []
