"""A conversation's page of messages and the inbox's rows are kept once for everyone in the conversation, with each
reader's own parts laid over them; what is kept for one member is kept under their version.

Every test looks at the pages first (so that they are kept), changes something, and looks again: the change shows
at once to the people it concerns, and one member's parts ("New", their own messages' look, Report links, unread
marks, the names of the others, their blocks) never reach another member.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import account_erase, suspend
from bench.measure import is_write
from messaging import moderation, services
from tests import factories
from tests.messaging.helpers import unread_in_header

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


def _page(client, conversation, query=""):
    response = client.get(f"{conversation.get_absolute_url()}{query}")
    assert response.status_code == 200
    return response.content.decode()


def _message(html, message):
    start = html.index(f'id="m-{message.number}"')
    return html[html.rindex("<article", 0, start) : html.index("</article>", start)]


def _inbox(client):
    response = client.get("/messages/")
    assert response.status_code == 200
    return response.content.decode()


def _row(html, subject):
    start = html.index(f">{subject}")
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


# --- a conversation's page ---------------------------------------------------------------


def test_each_reader_sees_their_own_parts_on_the_same_kept_page(alice, bob, carol, alice_client, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol], body="Alice opens")
    first = conversation.messages.get(number=1)
    reply = factories.make_message(conversation=conversation, author=bob, body="Bob answers")
    alice_page, bob_page = _page(alice_client, conversation), _page(bob_client, conversation)
    # Own messages look like one's own; the others' may be reported; nobody reports their own.
    assert "messaging-mine" in _message(alice_page, first) and "messaging-mine" not in _message(alice_page, reply)
    assert "messaging-mine" in _message(bob_page, reply) and "messaging-mine" not in _message(bob_page, first)
    assert f"/messages/m/{reply.pk}/report/" in alice_page and f"/messages/m/{first.pk}/report/" not in alice_page
    assert f"/messages/m/{first.pk}/report/" in bob_page and f"/messages/m/{reply.pk}/report/" not in bob_page
    # Alice had read her own opening, not Bob's answer; Bob had read neither.
    assert ">New<" not in _message(alice_page, first) and "messaging-new" not in _message(alice_page, first)
    assert ">New<" in _message(alice_page, reply) and "messaging-new" in _message(alice_page, reply)
    assert ">New<" in _message(bob_page, first) and "messaging-new" in _message(bob_page, first)
    # Reading them marks them read: nothing new the next time.
    for client in (alice_client, bob_client):
        page = _page(client, conversation)
        assert ">New<" not in page and "messaging-new" not in page
    assert "<!--me:" not in alice_page + bob_page


def test_a_new_message_shows_at_once_to_everyone_in_it(alice, bob, carol, alice_client, bob_client, carol_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol])
    for client in (alice_client, bob_client, carol_client):
        _page(client, conversation)
    factories.make_message(conversation=conversation, author=bob, body="Something new from Bob")
    for client in (alice_client, bob_client, carol_client):
        assert "Something new from Bob" in _page(client, conversation)


def test_the_last_page_of_a_long_conversation_moves_on(alice, bob, alice_client, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    factories.bulk_messages(conversation, 39, authors=[alice, bob])  # 40 messages: two full pages
    assert "Message 40" in _page(bob_client, conversation, "?page=2")
    factories.make_message(conversation=conversation, author=alice, body="The first of page three")
    assert "The first of page three" in _page(bob_client, conversation, "?page=3")
    assert "The first of page three" not in _page(bob_client, conversation, "?page=2")


def test_a_block_hides_what_the_blocked_write_from_the_blocker_only_at_once(
    alice, bob, carol, alice_client, bob_client, carol_client
):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol])
    _page(alice_client, conversation)
    alice_client.post("/messages/block/bob/", {"action": "block"})
    factories.make_message(conversation=conversation, author=bob, body="Bob after the block")
    page = _page(alice_client, conversation)
    assert "Bob after the block" not in page and 'value="unblock"' in page
    assert "Bob after the block" in _page(carol_client, conversation)
    assert 'value="unblock"' not in _page(carol_client, conversation)
    alice_client.post("/messages/block/bob/", {"action": "unblock"})
    page = _page(alice_client, conversation)
    assert "Bob after the block" in page and 'value="unblock"' not in page


def test_a_message_a_moderator_hides_is_hidden_at_once(alice, bob, mo, alice_client, bob_client, mo_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    rude = factories.make_message(conversation=conversation, author=bob, body="Something rude")
    for client in (alice_client, bob_client):
        assert "Something rude" in _page(client, conversation)
    rude.conversation.is_participant = True  # as the reporter's page sees it
    report = moderation.report_create(message=rude, reporter=alice, reason="harassment")
    assert "Something rude" in _page(alice_client, conversation)
    mo_client.post(f"/messages/reports/{report.pk}/", {"action": "hide", "reason": "Personal attack"})
    for client in (alice_client, bob_client):
        page = _page(client, conversation)
        assert "Something rude" not in page and "hidden by a moderator: Personal attack" in page


def test_a_new_name_shows_at_once(alice, bob, alice_client):
    conversation = factories.make_conversation(starter=bob, recipients=[alice])
    factories.make_message(conversation=conversation, author=alice)
    assert "Dr Bob Brown" in _page(alice_client, conversation)
    bob.display_name = "Professor Bob Brown"
    bob.save()
    page = _page(alice_client, conversation)
    assert "Professor Bob Brown" in page and "Dr Bob Brown" not in page
    assert "Professor Bob Brown" in _inbox(alice_client)


def test_an_erased_member_shows_as_a_former_member_at_once(alice, bob, alice_client):
    conversation = factories.make_conversation(starter=bob, recipients=[alice], subject="Before I go")
    assert "Dr Bob Brown" in _page(alice_client, conversation) and "Dr Bob Brown" in _inbox(alice_client)
    account_erase(user=bob)
    page = _page(alice_client, conversation)
    assert "Dr Bob Brown" not in page and "Former member" in page
    assert _row(_inbox(alice_client), "Before I go").count("With nobody else now") == 1


def test_who_leaves_loses_the_page_at_once_and_nobody_else_ever_has_it(
    alice, bob, carol, mo, alice_client, bob_client, carol_client, mo_client
):
    conversation = factories.make_conversation(starter=alice, recipients=[bob], body="Between us two")
    _page(alice_client, conversation), _page(bob_client, conversation)
    for client in (carol_client, mo_client):
        assert client.get(conversation.get_absolute_url()).status_code == 404
    assert bob_client.post(f"/messages/{conversation.pk}/leave/").status_code == 302
    assert bob_client.get(conversation.get_absolute_url()).status_code == 404
    assert "Dr Bob Brown left the conversation" in _page(alice_client, conversation)


def test_a_suspension_shows_at_once(alice, bob, alice_client, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    assert 'name="body"' in _page(bob_client, conversation)
    suspend(user=bob, until=timezone.now() + dt.timedelta(days=7), reason="A cooling-off week")
    page = _page(bob_client, conversation)
    assert 'name="body"' not in page and "Your account is suspended" in page
    assert 'name="body"' in _page(alice_client, conversation)


def test_moderators_and_the_member_see_their_own_names_for_the_team(alice, mo, alice_client, mo_client):
    conversation = services.moderators_contact(author=alice, subject="An appeal", body="Please look again")
    services.reply_create(author=mo, conversation=conversation, body="We are looking", enforce_limits=False)
    member, moderator = _page(alice_client, conversation), _page(mo_client, conversation)
    assert "The moderators (Mo Moderator)" in moderator
    assert "The moderators" in member and "Mo Moderator" not in member
    assert "The moderators (Mo Moderator)" in _page(mo_client, conversation)
    assert "Mo Moderator" not in _page(alice_client, conversation)


def test_the_page_that_reads_the_last_message_counts_it_read_in_its_header(alice, bob, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    assert unread_in_header(_inbox(bob_client)) == 1  # the header's count is kept for Bob now
    assert unread_in_header(_page(bob_client, conversation)) == 0


def test_reading_further_writes_once_and_reading_again_writes_nothing(alice, bob, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])

    def writes():
        with CaptureQueriesContext(connection) as queries:
            _page(bob_client, conversation)
        return [q["sql"] for q in queries if is_write(q["sql"])]

    assert len(writes()) == 1
    assert writes() == []
    factories.make_message(conversation=conversation, author=alice)
    assert len(writes()) == 1
    assert writes() == []


# --- the inbox -------------------------------------------------------------------------------


def test_each_member_sees_their_own_unread_marks_and_the_others_names(alice, bob, carol, alice_client, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol], subject="Three of us")
    alice_row, bob_row = _row(_inbox(alice_client), "Three of us"), _row(_inbox(bob_client), "Three of us")
    assert "messaging-unread" not in alice_row and " new<" not in alice_row
    assert f'href="/messages/{conversation.pk}/"' in alice_row
    assert "messaging-unread" in bob_row and "1 new<" in bob_row and "(1 unread)" in bob_row
    assert f'href="/messages/{conversation.pk}/unread/"' in bob_row
    assert "With Dr Bob Brown, Dr Carol Clarke" in alice_row
    assert "With Dr Alice Adams, Dr Carol Clarke" in bob_row
    assert "<!--me:" not in alice_row + bob_row


def test_a_message_and_reading_it_show_at_once_in_the_inbox(alice, bob, alice_client, bob_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob], subject="Our contract")
    _inbox(alice_client), _inbox(bob_client)
    _page(bob_client, conversation)
    assert "messaging-unread" not in _row(_inbox(bob_client), "Our contract")
    factories.make_message(conversation=conversation, author=alice)
    factories.make_message(conversation=conversation, author=alice)
    assert "2 new<" in _row(_inbox(bob_client), "Our contract")
    assert "messaging-unread" not in _row(_inbox(alice_client), "Our contract")
    _page(bob_client, conversation)
    assert "messaging-unread" not in _row(_inbox(bob_client), "Our contract")


def test_a_new_conversation_shows_at_once_at_the_top_and_only_to_those_in_it(
    alice, bob, carol, alice_client, bob_client, carol_client
):
    factories.make_conversation(starter=alice, recipients=[bob], subject="The older one")
    for client in (alice_client, bob_client, carol_client):
        _inbox(client)
    factories.make_conversation(starter=bob, recipients=[alice], subject="The newer one")
    for client in (alice_client, bob_client):
        html = _inbox(client)
        assert html.index("The newer one") < html.index("The older one")
    assert "The newer one" not in _inbox(carol_client) and "The older one" not in _inbox(carol_client)


def test_leaving_and_adding_show_at_once_in_everyones_inbox(alice, bob, carol, alice_client, bob_client, carol_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob], subject="Growing")
    for client in (alice_client, bob_client, carol_client):
        _inbox(client)
    services.participants_add(conversation=conversation, by=alice, people=[carol])
    assert "With Dr Bob Brown, Dr Carol Clarke" in _row(_inbox(alice_client), "Growing")
    assert "With Dr Alice Adams, Dr Bob Brown" in _row(_inbox(carol_client), "Growing")
    services.conversation_leave(conversation=conversation, user=bob)
    assert "Growing" not in _inbox(bob_client)
    row = _row(_inbox(alice_client), "Growing")
    assert "With Dr Carol Clarke" in row and "Dr Bob Brown" not in row


def test_more_than_four_others_are_counted(alice, alice_client):
    people = [factories.MemberFactory(username=f"peer{n}", display_name=f"Peer {n}") for n in range(6)]
    factories.make_conversation(starter=alice, recipients=people, subject="Many of us")
    row = _row(_inbox(alice_client), "Many of us")
    assert "With Peer 0, Peer 1, Peer 2, Peer 3 and 2 more" in row


def test_inbox_pages_follow_the_conversations(alice, bob, alice_client):
    factories.bulk_conversations(31, starter=bob, other=alice)
    assert _inbox(alice_client).count('data-testid="conversation"') == 30
    second = alice_client.get("/messages/?page=2").content.decode()
    assert second.count('data-testid="conversation"') == 1
    assert alice_client.get("/messages/?page=99").content.decode().count('data-testid="conversation"') == 1
    factories.make_conversation(starter=bob, recipients=[alice], subject="Pushes one over")
    assert alice_client.get("/messages/?page=2").content.decode().count('data-testid="conversation"') == 2


def test_what_an_erased_member_wrote_shows_again_to_who_blocked_them(alice, bob, carol, alice_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob, carol])
    alice_client.post("/messages/block/bob/", {"action": "block"})
    factories.make_message(conversation=conversation, author=bob, body="Written while blocked")
    assert "Written while blocked" not in _page(alice_client, conversation)
    account_erase(user=bob)  # the block goes with the account, as everything else of theirs
    assert "Written while blocked" in _page(alice_client, conversation)


@pytest.mark.parametrize("which", ["inbox", "first", "last"])
def test_looking_again_asks_the_database_nothing(which, alice, bob, alice_client, settings, django_assert_num_queries):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    factories.bulk_conversations(40, starter=bob, other=alice)
    conversation = factories.make_conversation(starter=bob, recipients=[alice])
    factories.bulk_messages(conversation, 50, authors=[alice, bob])
    first = conversation.get_absolute_url()
    url = {"inbox": "/messages/", "first": first, "last": f"{first}?page=3"}[which]
    alice_client.get(url)  # reads further: her version moves on
    alice_client.get(url)  # what is kept for her is kept again
    with django_assert_num_queries(0):
        assert alice_client.get(url).status_code == 200
