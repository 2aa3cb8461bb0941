"""Abuse limits for new members, identical messages refused, and hostile text that stays inert and is never lost."""

import datetime as dt

import pytest
from django.utils import timezone

from messaging import services
from messaging.models import MAX_BODY_LENGTH, Conversation, Message
from tests import factories

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


def _assert_inert(html):
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered and '<img src="x"' not in lowered
    assert 'href="javascript:' not in lowered
    assert "<svg onload" not in lowered


@pytest.fixture
def newcomer(db):
    return factories.MemberFactory(username="newbie", date_joined=timezone.now())


@pytest.fixture
def veteran(db):
    return factories.MemberFactory(username="old-hand", date_joined=timezone.now() - dt.timedelta(days=400))


def test_new_members_send_at_most_n_messages_a_minute(newcomer, bob, settings):
    settings.MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE = 3
    conversation = factories.make_conversation(starter=bob, recipients=[newcomer])
    for n in range(3):
        services.reply_create(author=newcomer, conversation=conversation, body=f"Message {n}")
    with pytest.raises(services.MessagingError, match="at most 3 messages a minute"):
        services.reply_create(author=newcomer, conversation=conversation, body="One too many")


def test_new_members_start_at_most_n_conversations_a_day(newcomer, bob, settings):
    settings.MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY = 2
    settings.MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE = 100
    for n in range(2):
        services.conversation_start(starter=newcomer, recipients=[bob], subject=f"Hello {n}", body=f"Hi {n}")
    with pytest.raises(services.MessagingError, match="at most 2 conversations a day"):
        services.conversation_start(starter=newcomer, recipients=[bob], subject="Third", body="Hi again")
    with pytest.raises(services.MessagingError, match="at most 2 conversations a day"):
        services.moderators_contact(author=newcomer, subject="Help", body="Please")


def test_members_of_longer_standing_and_moderators_are_not_limited(veteran, bob, mo, settings):
    settings.MESSAGING_NEW_MEMBER_MESSAGES_PER_MINUTE = 1
    settings.MESSAGING_NEW_MEMBER_CONVERSATIONS_PER_DAY = 1
    mo.date_joined = timezone.now()
    mo.save()
    for author in (veteran, mo):
        for n in range(3):
            services.conversation_start(starter=author, recipients=[bob], subject=f"Hello {n}", body=f"{author} {n}")
    assert Conversation.objects.count() == 6


def test_the_same_message_twice_in_a_row_is_refused_anywhere(alice, bob, carol, alice_client):
    first = factories.make_conversation(starter=alice, recipients=[bob], body="Buy my product")
    second = factories.make_conversation(starter=alice, recipients=[carol], body="Something else")
    services.reply_create(author=alice, conversation=first, body="Same words")
    response = alice_client.post(f"/messages/{second.pk}/reply/", {"body": "Same words  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "You have just sent exactly this message" in page and "Same words" in page
    assert "<title>Error: " in page


def test_moderators_may_send_the_team_the_same_answer(alice, bob, mo):
    first = services.moderators_contact(author=alice, subject="Question", body="One", enforce_limits=False)
    second = services.moderators_contact(author=bob, subject="Question", body="Two", enforce_limits=False)
    for conversation in (first, second):
        services.reply_create(author=mo, conversation=conversation, body="Thank you, we are looking into it.")
    assert Message.objects.filter(as_moderators=True).count() == 2


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_subjects_and_bodies_stay_inert_everywhere(
    alice, alice_client, bob, bob_client, mo, mo_client, payload
):
    response = alice_client.post("/messages/new/", {"to": ["bob"], "subject": f"Subject {payload}", "body": payload})
    assert response.status_code == 302, response.content.decode()[:2000]
    conversation = Conversation.objects.get()
    bob_client.post(f"/messages/{conversation.pk}/reply/", {"body": f"Reply {payload}"})
    alice_client.post("/messages/moderators/new/", {"subject": f"Team {payload}", "body": f"Body {payload}"})
    message = Message.objects.filter(author=bob).get()
    alice_client.post(f"/messages/m/{message.pk}/report/", {"reason": "other", "detail": payload})
    for client in (alice_client, bob_client):
        for url in [
            "/messages/",
            conversation.get_absolute_url(),
            "/messages/search/?q=Subject",
            f"/messages/search/?q={payload}",
            f"/messages/{conversation.pk}/search/?q=Reply",
            "/notifications/",
        ]:
            _assert_inert(client.get(url).content.decode())
    for url in ["/messages/moderators/", "/forum/moderation/", f"/messages/reports/{message.reports.get().pk}/"]:
        _assert_inert(mo_client.get(url).content.decode())
    _assert_inert(alice_client.post("/messages/preview/", {"body": payload}).content.decode())
    _assert_inert(alice_client.get(f"/messages/people/?q={payload}").content.decode())


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Nul\x00 byte", "Fine body", "Null characters are not allowed."),
        ("Fine subject", "Nul\x00 byte", "Null characters are not allowed."),
        ("x" * 151, "Fine body", "Subjects can be at most 150 characters long; yours has 151."),
        ("Fine subject", "y" * (MAX_BODY_LENGTH + 1), f"Messages can be at most {MAX_BODY_LENGTH:,} characters"),
        ("ab", "Fine body", "at least 3 characters"),
    ],
)
def test_bad_text_gets_a_clear_400_and_is_kept(alice_client, bob, subject, body, expected):
    response = alice_client.post("/messages/new/", {"to": ["bob"], "subject": subject, "body": body})
    assert response.status_code == 400
    page = response.content.decode().replace("\x00", "")
    assert expected in page
    kept = (body if "Fine" in subject else subject).replace("\x00", "")
    if len(kept) < 1000:
        assert kept[:40] in page
    else:
        assert page.count("y" * 1000) >= 1  # the over-long draft is shown again, whole
    assert not Conversation.objects.exists()


def test_nul_bytes_in_search_and_picker_are_harmless(alice_client, conversation):
    assert alice_client.get("/messages/search/?q=a%00b").status_code == 200
    assert alice_client.get("/messages/people/?q=bo%00b").status_code == 200
    assert alice_client.get("/messages/new/?to=b%00ob").status_code == 200
    assert alice_client.post(
        "/messages/new/", {"to": ["bo\x00b"], "subject": "Hi there", "body": "x"}
    ).status_code in (
        302,
        400,
    )


def test_markdown_attacks_are_sanitised(alice, bob, alice_client):
    body = '[click](javascript:alert(1)) <iframe src="x"></iframe> ![img](https://evil.example/x.png) **ok**'
    conversation = factories.make_conversation(starter=alice, recipients=[bob], body=body)
    html = conversation.messages.get().body_html
    assert (
        'href="javascript:' not in html
        and "<iframe" not in html
        and "<img" not in html
        and "<strong>ok</strong>" in html
    )
