"""The inbox, a conversation page and the header count cost the same queries with 3 or 1,000
conversations or messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from messaging import services
from messaging.models import Message
from tests import factories

BUDGET = 10


@pytest.fixture(autouse=True)
def _count_every_time(settings):
    """Nothing kept between views (the header's counts among them), so each view is counted whole."""
    settings.CONTENT_CACHE = False


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [q["sql"] for q in captured]


@pytest.mark.parametrize("who", ["alice", "mo"])
def test_inbox_same_queries_for_3_and_1000_conversations(request, who, alice, bob, mo, django_assert_max_num_queries):
    user = request.getfixturevalue(who)
    client = request.getfixturevalue(f"{who}_client")
    factories.bulk_conversations(3, starter=bob, other=user)
    small, _ = _queries(client, "/messages/")
    factories.bulk_conversations(997, starter=bob, other=user)
    large, _ = _queries(client, "/messages/")
    last, _ = _queries(client, "/messages/?page=34")
    assert small == large == last
    with django_assert_max_num_queries(BUDGET):
        client.get("/messages/?page=2")


def test_the_moderators_inbox_same_queries_for_3_and_1000(alice, mo_client, django_assert_max_num_queries):
    for n in range(3):
        services.moderators_contact(author=alice, subject=f"Question {n}", body=f"Body {n}", enforce_limits=False)
    small, _ = _queries(mo_client, "/messages/moderators/")
    from messaging.models import Conversation

    Conversation.objects.bulk_create(
        [
            Conversation(kind="moderators", subject=f"Bulk {n}", started_by=alice, awaiting_moderators=True)
            for n in range(997)
        ]
    )
    large, _ = _queries(mo_client, "/messages/moderators/")
    assert small == large <= BUDGET


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_conversation_pages_same_queries_for_3_and_1000_messages(request, who, alice, bob, carol):
    client = request.getfixturevalue(f"{who}_client")
    small = factories.make_conversation(starter=alice, recipients=[bob, carol], subject="Short one")
    factories.make_message(conversation=small, author=bob)
    factories.make_message(conversation=small, author=carol)
    large = factories.make_conversation(starter=alice, recipients=[bob, carol], subject="Long one")
    factories.bulk_messages(large, 999, authors=[alice, bob, carol])
    counts = [
        _queries(client, small.get_absolute_url())[0],
        _queries(client, large.get_absolute_url())[0],
        _queries(client, large.get_absolute_url() + "?page=25")[0],
        _queries(client, large.get_absolute_url() + "?page=50")[0],  # the last page
    ]
    assert len(set(counts)) == 1 and counts[0] <= BUDGET, counts
    assert "Message 999" in client.get(large.get_absolute_url() + "?page=50").content.decode()


def test_a_moderator_reading_the_team_inbox_costs_the_same(alice, mo_client):
    small = services.moderators_contact(author=alice, subject="Short", body="Hello", enforce_limits=False)
    large = services.moderators_contact(author=alice, subject="Long", body="Hello again", enforce_limits=False)
    factories.bulk_messages(large, 999, authors=[alice])
    counts = {
        _queries(mo_client, small.get_absolute_url())[0],
        _queries(mo_client, large.get_absolute_url() + "?page=50")[0],
    }
    assert len(counts) == 1 and counts.pop() <= BUDGET


def test_header_count_is_in_the_bells_query_for_3_and_1000(alice, bob, bob_client):
    factories.bulk_conversations(3, starter=alice, other=bob)
    small, sql = _queries(bob_client, "/")
    counts = [q for q in sql if "messaging_participant" in q]
    assert len(counts) == 1 and "notifications_notification" in counts[0]  # one query for both counts
    factories.bulk_conversations(997, starter=alice, other=bob)
    large, sql = _queries(bob_client, "/")
    assert small == large
    page = bob_client.get("/").content.decode()
    assert "1000 unread" in page.split('data-testid="header-messages"', 1)[1].split("</a>", 1)[0]


def test_the_header_count_query_alone(alice, bob, django_assert_num_queries):
    from notifications.context_processors import HeaderCounts

    factories.bulk_conversations(5, starter=alice, other=bob)
    factories.bulk_conversations(2, starter=alice, other=bob, unread=False)
    bob._role_names = frozenset()
    with django_assert_num_queries(1):
        counts = HeaderCounts(bob)
        assert counts["messages"] == 5 and counts["notifications"] == 0


def test_search_costs_the_same_for_few_and_many_matches(alice, bob, alice_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob], body="sepsis pathway")
    few, _ = _queries(alice_client, "/messages/search/?q=sepsis")
    Message.objects.bulk_create(
        [
            Message(conversation=conversation, number=n, author=bob, body=f"sepsis {n}", body_html="<p>x</p>")
            for n in range(2, 300)
        ]
    )
    many, _ = _queries(alice_client, "/messages/search/?q=sepsis")
    assert few == many <= BUDGET
