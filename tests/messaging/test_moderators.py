"""Writing to the moderators as a team, and reports: the only way moderators see a conversation between members."""

import pytest

from messaging import moderation, services
from messaging.models import Conversation, Message, Report
from notifications.models import Notification
from tests import factories


def _contact(client, subject="About my membership", body="Could you look at my application?"):
    return client.post("/messages/moderators/new/", {"subject": subject, "body": body})


@pytest.fixture
def mo2(db):
    return factories.ModeratorFactory(username="mo2", display_name="Second Moderator")


@pytest.mark.parametrize("who", ["alice", "sam", "applicant"])
def test_members_suspended_members_and_applicants_write_to_the_moderators(request, who, mo, mo2):
    client = request.getfixturevalue(f"{who}_client")
    page = client.get("/messages/moderators/new/").content.decode()
    assert "Every moderator sees what you write here" in page
    response = _contact(client)
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == conversation.get_absolute_url()
    assert conversation.kind == "moderators" and conversation.awaiting_moderators
    assert "Could you look at my application?" in client.get(conversation.get_absolute_url()).content.decode()
    assert "About my membership" in client.get("/messages/").content.decode()
    # Every moderator is told, through their own notification preferences.
    told = set(Notification.objects.filter(kind="messaging.moderators").values_list("recipient__username", flat=True))
    assert told == {"mo", "mo2"}


@pytest.mark.parametrize("who", ["una", "visitor"])
def test_people_who_are_neither_members_nor_applicants_cannot(request, db, who):
    client = request.getfixturevalue(f"{who}_client")
    response = _contact(client)
    assert response.status_code in (200, 403)  # a visitor's text is kept with a sign-in link
    assert not Conversation.objects.exists()
    with pytest.raises(services.MessagingError):
        services.moderators_contact(author=request.getfixturevalue("una"), subject="Hello", body="Hi")


def test_every_moderator_sees_it_and_answers_as_the_moderators(alice, alice_client, mo, mo_client, mo2):
    _contact(alice_client)
    conversation = Conversation.objects.get()
    inbox = mo_client.get("/messages/moderators/").content.decode()
    assert "About my membership" in inbox and "Waiting for an answer" in inbox and "From Dr Alice Adams" in inbox
    page = mo_client.get(conversation.get_absolute_url()).content.decode()
    assert "Could you look at my application?" in page and "You answer for the team" in page
    assert mo_client.post(f"/messages/{conversation.pk}/reply/", {"body": "We are on it."}).status_code == 302
    message = conversation.messages.get(number=2)
    assert message.as_moderators and message.author == mo
    conversation.refresh_from_db()
    assert not conversation.awaiting_moderators and conversation.moderators_replied_number == 2
    # The member sees the team, not the moderator; moderators see who answered.
    member_page = alice_client.get(conversation.get_absolute_url()).content.decode()
    assert "The moderators</h2>" in member_page and "Mo Moderator" not in member_page
    from tests.conftest import _client_for

    assert "The moderators (Mo Moderator)" in _client_for(mo2).get(conversation.get_absolute_url()).content.decode()
    notice = Notification.objects.get(recipient=alice, kind="messaging.message")
    assert notice.title == "The moderators replied to “About my membership”" and notice.actor is None
    # The member answers: it waits again.
    alice_client.post(f"/messages/{conversation.pk}/reply/", {"body": "Thank you!"})
    conversation.refresh_from_db()
    assert conversation.awaiting_moderators


def test_a_moderator_marks_it_handled_and_the_member_leaves(alice, alice_client, mo_client, bob_client):
    _contact(alice_client)
    conversation = Conversation.objects.get()
    assert bob_client.post(f"/messages/{conversation.pk}/handled/").status_code == 404
    assert mo_client.post(f"/messages/{conversation.pk}/handled/").status_code == 302
    conversation.refresh_from_db()
    assert not conversation.awaiting_moderators
    assert mo_client.get(f"/messages/{conversation.pk}/leave/").status_code == 403  # moderators do not leave
    alice_client.post(f"/messages/{conversation.pk}/leave/")
    assert mo_client.get(conversation.get_absolute_url()).status_code == 200  # still in the moderators' inbox


def test_moderators_jump_to_what_came_after_their_last_answer(alice, alice_client, mo, mo_client):
    _contact(alice_client)
    conversation = Conversation.objects.get()
    services.reply_create(author=mo, conversation=conversation, body="Answer", enforce_limits=False)
    services.reply_create(author=alice, conversation=conversation, body="Follow-up", enforce_limits=False)
    assert mo_client.get(f"/messages/{conversation.pk}/unread/")["Location"].endswith("#m-3")


def test_the_moderators_inbox_is_for_moderators_with_two_factor(alice_client, ed_client, mo_client):
    assert alice_client.get("/messages/moderators/").status_code == 403
    assert ed_client.get("/messages/moderators/").status_code == 403
    assert mo_client.get("/messages/moderators/").status_code == 200
    no_mfa = factories.ModeratorFactory(username="mo3", mfa=False)
    from tests.conftest import _client_for

    client = _client_for(no_mfa)
    assert client.get("/messages/moderators/")["Location"].startswith("/accounts/2fa/")
    _contact(_client_for(factories.MemberFactory(username="m9")))
    conversation = Conversation.objects.get()
    # Without the second factor a moderator is a plain member (core.second_factor), whom the banner tells.
    assert client.get(conversation.get_absolute_url()).status_code == 404


# --- moderators never see what nobody reported ------------------------------------------


def test_moderators_never_see_conversations_nobody_reported(alice, bob, mo, mo_client, staff_client, conversation):
    factories.make_message(conversation=conversation, author=bob, body="Unreported words")
    for client in (mo_client, staff_client):
        assert client.get(conversation.get_absolute_url()).status_code == 404
        assert "Our EPR contract" not in client.get("/messages/moderators/").content.decode()
        assert "Our EPR contract" not in client.get("/messages/").content.decode()
        assert "Unreported" not in client.get("/messages/search/?q=unreported").content.decode()
        queue = client.get("/forum/moderation/").content.decode()
        assert "Unreported" not in queue and "Our EPR contract" not in queue
    assert "Unreported" not in staff_client.get("/admin/").content.decode()


def test_a_report_shows_that_message_and_its_conversation_to_moderators(
    alice, alice_client, bob, mo, mo_client, conversation
):
    rude = factories.make_message(conversation=conversation, author=bob, body="Something rude")
    page = alice_client.get(f"/messages/m/{rude.pk}/report/").content.decode()
    assert "Something rude" in page
    response = alice_client.post(f"/messages/m/{rude.pk}/report/", {"reason": "harassment", "detail": "Please look"})
    assert response.status_code == 302
    report = Report.objects.get()
    queue = mo_client.get("/forum/moderation/").content.decode()
    assert "Reported private messages" in queue and "Something rude" in queue and "Please look" in queue
    page = mo_client.get(f"/messages/reports/{report.pk}/").content.decode()
    assert "Something rude" in page and "a private word about the contract" in page  # its conversation
    assert "Reported</span>" in page
    # The report page is the only way in: the conversation itself still answers 404.
    assert mo_client.get(conversation.get_absolute_url()).status_code == 404
    # Reporting twice is refused kindly.
    again = alice_client.post(f"/messages/m/{rude.pk}/report/", {"reason": "spam"}, follow=True)
    assert "already reported" in again.content.decode() and Report.objects.count() == 1


def test_hiding_a_reported_message(alice, alice_client, bob, bob_client, mo_client, conversation):
    rude = factories.make_message(conversation=conversation, author=bob, body="Something rude")
    report = moderation.report_create(message=_as_participant(rude), reporter=alice, reason="harassment")
    response = mo_client.post(f"/messages/reports/{report.pk}/", {"action": "hide", "reason": ""}, follow=True)
    assert "Give a reason" in response.content.decode()
    mo_client.post(f"/messages/reports/{report.pk}/", {"action": "hide", "reason": "Personal attack"})
    report.refresh_from_db()
    assert report.status == "acted" and report.resolution == "Personal attack"
    for client in (alice_client, bob_client):
        page = client.get(conversation.get_absolute_url()).content.decode()
        assert "This message was hidden by a moderator: Personal attack" in page and "Something rude" not in page
    notice = Notification.objects.get(recipient=bob, kind="messaging.moderation")
    assert "Personal attack" in notice.body
    assert "Something rude" not in mo_client.get("/forum/moderation/").content.decode()


def test_dismissing_a_report(alice, bob, mo_client, conversation):
    message = factories.make_message(conversation=conversation, author=bob, body="Fine words")
    report = moderation.report_create(message=_as_participant(message), reporter=alice, reason="spam")
    mo_client.post(f"/messages/reports/{report.pk}/", {"action": "dismiss"})
    report.refresh_from_db()
    assert report.status == "dismissed"
    assert not Message.objects.get(pk=message.pk).hidden


@pytest.mark.parametrize("who", ["alice", "ed", "bob"])
def test_only_moderators_read_or_act_on_reports(request, who, alice, bob, conversation):
    message = factories.make_message(conversation=conversation, author=bob, body="Reported words")
    report = moderation.report_create(message=_as_participant(message), reporter=alice, reason="spam")
    client = request.getfixturevalue(f"{who}_client")
    assert client.get(f"/messages/reports/{report.pk}/").status_code == 403
    assert client.post(f"/messages/reports/{report.pk}/", {"action": "hide", "reason": "x"}).status_code == 403
    assert not Message.objects.get(pk=message.pk).hidden


def test_what_cannot_be_reported(alice, alice_client, bob, mo, conversation):
    own = conversation.messages.get(number=1)
    assert alice_client.get(f"/messages/m/{own.pk}/report/").status_code == 403
    services.conversation_leave(conversation=conversation, user=bob)
    left_line = conversation.messages.get(kind="left")
    assert alice_client.get(f"/messages/m/{left_line.pk}/report/").status_code == 403
    moderators = services.moderators_contact(author=alice, subject="Hi team", body="A question", enforce_limits=False)
    answer = services.reply_create(author=mo, conversation=moderators, body="An answer", enforce_limits=False)
    assert alice_client.get(f"/messages/m/{answer.pk}/report/").status_code == 403


def test_the_queue_lists_reports_in_one_query(alice, bob, mo_client, conversation, django_assert_max_num_queries):
    for n in range(5):
        message = factories.make_message(conversation=conversation, author=bob, body=f"Words {n}")
        moderation.report_create(message=_as_participant(message), reporter=alice, reason="spam")
    mo_client.get("/forum/moderation/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        mo_client.get("/forum/moderation/")
    assert len([q for q in queries if "messaging_report" in q["sql"]]) == 1


def _as_participant(message):
    """A message as a participant's page sees it (the report service checks they are in it)."""
    message.conversation.is_participant = True
    return message
