"""The header's counts are kept per person, and every change to what they count shows at once."""

import re

import pytest

from notifications import notify
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _header(client, testid):
    html = client.get("/forum/").content.decode()
    link = html.split(f'data-testid="{testid}"', 1)[1].split("</a>", 1)[0]
    found = re.search(r"(\d+) unread", link)
    return int(found.group(1)) if found else 0


def test_a_second_page_view_does_not_count_again(alice_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    alice_client.get("/forum/")
    with CaptureQueriesContext(connection) as queries:
        alice_client.get("/forum/")
    assert not any("_header_count" in q["sql"] for q in queries)


def test_a_new_notification_and_reading_it_show_at_once(alice, alice_client):
    assert _header(alice_client, "header-notifications") == 0
    notify(alice, "forum.reply", title="replied", url="/forum/")
    notify(alice, "forum.reply", title="replied again", url="/forum/")
    assert _header(alice_client, "header-notifications") == 2
    first = Notification.objects.filter(recipient=alice).first()
    alice_client.get(f"/notifications/{first.pk}/open/")
    assert _header(alice_client, "header-notifications") == 1
    alice_client.post("/notifications/mark-all-read/")
    assert _header(alice_client, "header-notifications") == 0


def test_many_at_once_from_the_worker_show_at_once(alice, bob, alice_client, bob_client, members_cat):
    from forum.models import Watch

    topic = factories.make_topic(author=alice, category=members_cat, title="Watched by Bob")
    Watch.objects.create(user=bob, category=members_cat, level=Watch.Level.WATCHING)
    before = _header(bob_client, "header-notifications")
    factories.make_reply(topic=topic, author=alice, body="Bob will hear of this")  # notify_many, in the task
    assert _header(bob_client, "header-notifications") == before + 1


def test_messages_sent_and_read_show_at_once(alice, bob, alice_client, bob_client):
    assert _header(bob_client, "header-messages") == 0
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    assert _header(bob_client, "header-messages") == 1
    assert _header(alice_client, "header-messages") == 0, "the writer has read what they wrote"
    bob_client.get(conversation.get_absolute_url())
    assert _header(bob_client, "header-messages") == 0
    factories.make_message(conversation=conversation, author=alice)
    assert _header(bob_client, "header-messages") == 1


def test_one_members_counts_never_reach_another(alice, bob, alice_client, bob_client):
    notify(alice, "forum.reply", title="for Alice only", url="/forum/")
    assert _header(alice_client, "header-notifications") == 1
    assert _header(bob_client, "header-notifications") == 0


def test_the_page_that_reads_a_conversation_already_shows_it_read(alice, bob, bob_client):
    """The person was loaded with their version; the page moved it on by reading, and its own header knows."""
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    assert _header(bob_client, "header-messages") == 1  # the header and its counts are kept now
    html = bob_client.get(conversation.get_absolute_url()).content.decode()
    link = html.split('data-testid="header-messages"', 1)[1].split("</a>", 1)[0]
    assert "unread" not in link
