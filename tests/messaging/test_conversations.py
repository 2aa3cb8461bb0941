"""Starting conversations, replying, the inbox, read state, long conversations, adding people and leaving."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import account_erase
from messaging import services
from messaging.models import Conversation, Message, Participant
from tests import factories
from tests.messaging.helpers import unread_in_header


def _names(n):
    return [factories.MemberFactory(username=f"peer{i:02d}") for i in range(n)]


# --- starting -----------------------------------------------------------------


def test_a_member_starts_a_conversation_from_a_link(alice_client, alice, bob):
    page = alice_client.get("/messages/new/?to=bob").content.decode()
    assert 'value="bob"' in page and "checked" in page and "Dr Bob Brown" in page
    response = alice_client.post(
        "/messages/new/", {"to": ["bob"], "subject": "Clinical safety case", "body": "Hi *Bob*"}
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/messages/{conversation.pk}/"
    assert conversation.kind == "members" and conversation.started_by == alice and conversation.last_number == 1
    message = conversation.messages.get()
    assert message.number == 1 and message.body_html == "<p>Hi <em>Bob</em></p>\n"
    states = dict(Participant.objects.values_list("user__username", "last_read_number"))
    assert states == {"alice": 1, "bob": 0}


def test_up_to_twenty_people(alice_client, alice):
    people = _names(21)
    response = alice_client.post(
        "/messages/new/", {"to": [p.username for p in people], "subject": "Too many", "body": "Hello all"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 20 people" in page and "you chose 21" in page
    assert "Hello all" in page and "Too many" in page  # nothing lost
    assert not Conversation.objects.exists()
    response = alice_client.post(
        "/messages/new/", {"to": [p.username for p in people[:20]], "subject": "Twenty", "body": "Hello all"}
    )
    assert response.status_code == 302
    assert Participant.objects.count() == 21


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ([], "Choose at least one member to write to."),
        (["alice"], "You cannot start a conversation with only yourself"),
        (["nobody-here"], "There is no member called “nobody-here”."),
        (["sam"], "cannot receive messages at the moment"),
        (["una"], "is not a member of the network"),
    ],
)
def test_refused_recipients_get_a_clear_message(alice_client, sam, una, to, expected):
    response = alice_client.post("/messages/new/", {"to": to, "subject": "A question", "body": "Kept text"})
    assert response.status_code == 400
    page = response.content.decode()
    assert expected in page
    assert "<title>Error: " in page and "data-error-summary" in page and 'href="#id_to"' in page
    assert "Kept text" in page
    assert not Conversation.objects.exists()


def test_an_erased_member_cannot_be_messaged(alice_client, bob):
    account_erase(user=bob)
    response = alice_client.post("/messages/new/", {"to": ["bob"], "subject": "Hello", "body": "Hi"})
    assert response.status_code == 400 and "There is no member called “bob”." in response.content.decode()
    username = bob.username  # former-member-N
    response = alice_client.post("/messages/new/", {"to": [username], "subject": "Hello", "body": "Hi"})
    assert response.status_code == 400 and "account is closed" in response.content.decode()
    with pytest.raises(services.MessagingError, match="account is closed"):
        factories.make_conversation(starter=factories.MemberFactory(), recipients=[bob])


@pytest.mark.parametrize("who", ["sam", "una", "applicant"])
def test_only_members_in_good_standing_start_conversations(request, who, alice):
    client = request.getfixturevalue(f"{who}_client")
    assert client.get("/messages/new/").status_code == 403
    response = client.post("/messages/new/", {"to": ["alice"], "subject": "Hello there", "body": "Hi"})
    assert response.status_code == 403
    assert not Conversation.objects.exists()
    with pytest.raises(services.MessagingError):
        factories.make_conversation(starter=request.getfixturevalue(who), recipients=[alice])


def test_missing_subject_and_body_are_explained_and_kept(alice_client, bob):
    response = alice_client.post("/messages/new/", {"to": ["bob"], "subject": "", "body": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please give the conversation a subject." in page
    assert "Please write your message before sending it." in page
    assert 'href="#id_subject"' in page and 'href="#id_body"' in page
    assert 'value="bob"' in page  # the chosen person is kept


def test_preview_and_find_keep_everything_and_show_no_errors(alice_client, bob, carol):
    response = alice_client.post(
        "/messages/new/", {"to": ["bob"], "subject": "", "body": "**bold** words", "preview": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bold</strong>" in page and "There is a problem" not in page and 'value="bob"' in page
    response = alice_client.post(
        "/messages/new/", {"to": ["bob"], "subject": "Kept", "body": "Kept body", "q": "Carol", "find": "1"}
    )
    page = response.content.decode()
    assert 'id="found-carol"' in page and 'id="to-bob"' in page and "Kept body" in page
    assert 'id="found-bob"' not in page  # already chosen


def test_the_picker_offers_only_members_who_accept(alice_client, alice, bob, carol, sam, una, mo):
    factories.MemberFactory(username="dora", display_name="Dr Dora Closed")
    services.preferences_save(
        user=factories.MemberFactory(username="dan", display_name="Dr Dan Nobody"),
        who_can_start="nobody",
        email_content=True,
    )
    services.block(blocker=carol, blocked=alice)
    page = alice_client.get("/messages/people/?q=Dr").content.decode()
    assert "Dr Bob Brown" in page and "Dr Dora Closed" in page
    assert "Dr Carol Clarke" not in page  # carol blocked alice
    assert "Dr Dan Nobody" not in page  # nobody may write to dan
    assert "Dr Alice Adams" not in page  # not oneself
    assert "sam" not in alice_client.get("/messages/people/?q=sam").content.decode().lower().replace("“sam”", "")
    assert "found-una" not in alice_client.get("/messages/people/?q=una").content.decode()
    excluded = alice_client.get("/messages/people/?q=Dr&to=bob").content.decode()
    assert "Dr Bob Brown" not in excluded
    assert alice_client.get("/messages/people/?q=x").status_code == 200  # too short: nothing offered


# --- replying, inbox and read state ------------------------------------------------


def test_reply_moves_counters_and_read_state(alice, bob, conversation, alice_client, bob_client):
    assert bob_client.post(f"/messages/{conversation.pk}/reply/", {"body": "Reply from Bob"}).status_code == 302
    conversation.refresh_from_db()
    assert conversation.last_number == 2
    states = dict(Participant.objects.values_list("user__username", "last_read_number"))
    assert states == {"alice": 1, "bob": 0}  # bob had not read message 1, so his position stays
    bob_client.get(f"/messages/{conversation.pk}/")
    assert Participant.objects.get(user=bob).last_read_number == 2
    page = alice_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Reply from Bob" in page and "messaging-new" in page
    assert Participant.objects.get(user=alice).last_read_number == 2


def test_inbox_orders_by_last_message_and_marks_unread(alice, bob, carol, alice_client):
    older = factories.make_conversation(starter=alice, recipients=[bob], subject="Older one")
    newer = factories.make_conversation(starter=alice, recipients=[carol], subject="Newer one")
    Conversation.objects.filter(pk=older.pk).update(last_message_at=timezone.now() - dt.timedelta(days=1))
    page = alice_client.get("/messages/").content.decode()
    assert page.index("Newer one") < page.index("Older one")
    factories.make_message(conversation=older, author=bob, body="Bob answers")
    page = alice_client.get("/messages/").content.decode()
    assert page.index("Older one") < page.index("Newer one")
    assert f'href="/messages/{older.pk}/unread/"' in page and "1 new" in page
    assert f'href="/messages/{newer.pk}/"' in page
    assert "With Dr Bob Brown" in page


def test_header_count_and_jump_to_first_unread(alice, bob, conversation, bob_client, alice_client):
    factories.bulk_messages(conversation, 44, authors=[alice])
    factories.make_message(conversation=conversation, author=alice, body="The newest")
    Participant.objects.filter(user=bob).update(last_read_number=25)
    page = bob_client.get("/").content.decode()
    assert unread_in_header(page) == 1
    response = bob_client.get(f"/messages/{conversation.pk}/unread/")
    assert response["Location"] == f"/messages/{conversation.pk}/?page=2#m-26"
    page = bob_client.get(f"/messages/{conversation.pk}/?page=3").content.decode()
    assert "The newest" in page
    assert Participant.objects.get(user=bob).last_read_number == 46
    assert unread_in_header(bob_client.get("/").content.decode()) == 0
    permalink = Message.objects.get(conversation=conversation, number=21)
    assert bob_client.get(f"/messages/m/{permalink.pk}/")["Location"] == f"/messages/{conversation.pk}/?page=2#m-21"


def test_reading_an_earlier_page_never_moves_read_state_back(bob, conversation, bob_client, alice):
    factories.bulk_messages(conversation, 45, authors=[alice])
    bob_client.get(f"/messages/{conversation.pk}/?page=3")
    bob_client.get(f"/messages/{conversation.pk}/?page=1")
    assert Participant.objects.get(user=bob).last_read_number == 46


def test_pages_are_cut_by_number_without_offset(alice, bob, conversation, alice_client):
    factories.bulk_messages(conversation, 500, authors=[alice, bob])
    with CaptureQueriesContext(connection) as queries:
        page = alice_client.get(f"/messages/{conversation.pk}/?page=26").content.decode()
    assert "Message 501" in page and "Page 26 of 26" in page
    message_queries = [
        q["sql"] for q in queries if 'FROM "messaging_message"' in q["sql"] and '"number" >=' in q["sql"]
    ]
    assert message_queries and all("OFFSET" not in sql for sql in message_queries)
    assert "Page 26 of 26" in alice_client.get(f"/messages/{conversation.pk}/?page=999").content.decode()
    assert alice_client.get(f"/messages/{conversation.pk}/?page=abc").status_code == 200


def test_the_reply_form_is_on_the_last_page_only(alice, bob, conversation, alice_client):
    factories.bulk_messages(conversation, 30, authors=[bob])
    assert 'id="reply-heading"' not in alice_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert 'id="reply-heading"' in alice_client.get(f"/messages/{conversation.pk}/?page=2").content.decode()


def test_a_suspended_member_reads_but_does_not_write(alice, sam, sam_client):
    conversation = factories.make_conversation(starter=alice, recipients=[factories.MemberFactory(username="x1")])
    Participant.objects.create(conversation=conversation, user=sam)
    page = sam_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "you can read this conversation but not write in it" in page
    response = sam_client.post(f"/messages/{conversation.pk}/reply/", {"body": "Let me speak"})
    assert response.status_code == 403
    with pytest.raises(services.MessagingError, match="suspended"):
        factories.make_message(conversation=conversation, author=sam)
    assert conversation.messages.count() == 1


# --- adding people and leaving ------------------------------------------------------


def test_the_starter_adds_people_who_see_the_history(alice, bob, carol, conversation, alice_client, carol_client):
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": ["carol"]})
    assert response.status_code == 302
    page = carol_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "a private word about the contract" in page
    assert "Dr Alice Adams added Dr Carol Clarke" in page
    assert list(conversation.messages.values_list("kind", flat=True)) == ["message", "joined"]


def test_only_the_starter_adds_people(bob, carol, conversation, bob_client):
    assert bob_client.get(f"/messages/{conversation.pk}/add/").status_code == 403
    assert bob_client.post(f"/messages/{conversation.pk}/add/", {"to": ["carol"]}).status_code == 403
    with pytest.raises(services.MessagingError, match="Only the member who started"):
        services.participants_add(conversation=conversation, by=bob, people=[carol])
    assert not Participant.objects.filter(user=carol).exists()


def test_adding_refusals(alice, bob, conversation, alice_client):
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": ["bob"]})
    assert response.status_code == 400 and "already in this conversation" in response.content.decode()
    people = _names(20)
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": [p.username for p in people]})
    assert response.status_code == 400 and "you chose 21" in response.content.decode()
    response = alice_client.post(f"/messages/{conversation.pk}/add/", {"to": [p.username for p in people[:19]]})
    assert response.status_code == 302
    assert Participant.objects.filter(conversation=conversation).count() == 21


def test_leaving_and_being_added_again(alice, bob, conversation, alice_client, bob_client):
    bob_client.post(f"/messages/{conversation.pk}/leave/")
    assert f"/messages/{conversation.pk}/" not in bob_client.get("/messages/").content.decode()
    factories.make_message(conversation=conversation, author=alice, body="Bob cannot see this one")
    assert unread_in_header(bob_client.get("/").content.decode()) == 0
    alice_client.post(f"/messages/{conversation.pk}/add/", {"to": ["bob"]})
    page = bob_client.get(f"/messages/{conversation.pk}/").content.decode()
    assert "Bob cannot see this one" in page and "Dr Alice Adams added Dr Bob Brown" in page
    assert Participant.objects.filter(conversation=conversation, user=bob).count() == 1


def test_leaving_twice_is_harmless(bob, conversation, bob_client):
    bob_client.post(f"/messages/{conversation.pk}/leave/")
    assert bob_client.post(f"/messages/{conversation.pk}/leave/").status_code == 404
    assert conversation.messages.filter(kind="left").count() == 1


def test_a_double_submit_never_creates_two_conversations_or_a_500(alice, bob, alice_client):
    data = {"to": ["bob"], "subject": "Double submit", "body": "Only once please"}
    assert alice_client.post("/messages/new/", data).status_code == 302
    second = alice_client.post("/messages/new/", data)
    assert second.status_code == 400 and "You have just sent exactly this message" in second.content.decode()
    assert Conversation.objects.count() == 1
