"""A member downloads the personal data the site holds about them (UK GDPR access and portability)."""

import json

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import MembershipApplication
from events.models import CalendarToken, EventQuestion, SessionStar
from events.services import registration_create
from forum import moderation
from forum import services as forum
from forum.models import Post
from notifications.preferences import set_preference
from tests.factories import (
    TEST_PASSWORD,
    DirectoryEntryFactory,
    EventFactory,
    MembershipApplicationFactory,
    NotificationFactory,
    SessionFactory,
    UserFactory,
    bulk_posts,
    make_reply,
    make_topic,
)

EXPORT = reverse("accounts:export")
HOSTILE = "<script>alert('owned')</script> & <b>bold</b>"


def _reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def _download(client):
    response = client.post(EXPORT)
    assert response.status_code == 200, response.content[:500]
    return response, json.loads(response.content)


@pytest.fixture
def alice_and_bob_data(alice, bob, django_capture_on_commit_callbacks):
    """Alice and Bob each leave traces in every app; Bob's must never reach Alice's download."""
    DirectoryEntryFactory(user=alice, bio="Alice leads the **EPR** programme.", visibility="nobody")
    DirectoryEntryFactory(user=bob, bio="Bob's private bio, members only.")
    MembershipApplicationFactory(
        user=alice,
        job_title="Aspiring CCIO",
        reason="Alice wants to learn from peers.",
        status=MembershipApplication.Status.APPROVED,
        decision_reason="Welcome, Alice.",
        decided_at=timezone.now(),
    )
    MembershipApplicationFactory(user=bob, reason="Bob's reason for joining.")

    topic = make_topic(author=alice, title="Alice on EPR go-live", body="Alice's opening post " + HOSTILE)
    bob_reply = make_reply(topic=topic, author=bob, body="Bob's reply, under the Chatham House rule.")
    alice_reply = make_reply(topic=topic, author=alice, body="Alice's first draft of a reply.")
    forum.post_edit(post=alice_reply, editor=alice, body="Alice's edited reply.")
    forum.reaction_toggle(post=bob_reply, user=alice)
    forum.bookmark_toggle(post=bob_reply, user=alice)
    moderation.flag_create(post=bob_reply, reporter=alice, reason="other", detail="Alice's flag detail")
    moderation.flag_create(post=alice_reply, reporter=bob, reason="spam", detail="Bob's flag about Alice")

    event = EventFactory(title="Digital roundtable")
    question = EventQuestion.objects.create(event=event, text="Dietary needs")
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(event=event, member=alice, answers={str(question.pk): "Alice is vegetarian"})
        registration_create(event=event, member=bob, answers={str(question.pk): "Bob needs step-free access"})
    SessionStar.objects.create(session=SessionFactory(title="Alice's favourite session"), member=alice)
    tokens = [CalendarToken.objects.create(member=alice).token, CalendarToken.objects.create(member=bob).token]

    NotificationFactory(recipient=alice, title="Something Alice should know")
    NotificationFactory(recipient=bob, title="Something only Bob should know")
    set_preference(user=alice, kind="forum.reaction", frequency="never")
    return {"topic": topic, "event": event, "tokens": tokens}


# --- who may download --------------------------------------------------------


def test_visitors_are_sent_to_sign_in(visitor_client, db):
    for response in (visitor_client.get(EXPORT), visitor_client.post(EXPORT)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert "Content-Disposition" not in response


def test_the_download_asks_for_the_password_again(alice_client):
    for response in (alice_client.get(EXPORT), alice_client.post(EXPORT)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert "Content-Disposition" not in response


def test_the_account_page_links_to_the_download(alice_client):
    html = alice_client.get(reverse("accounts:settings")).content.decode()
    assert f'href="{EXPORT}"' in html
    assert "Download your data" in html


def test_the_page_explains_the_download_without_downloading(alice_client):
    _reauthenticate(alice_client)
    response = alice_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert '<form method="post">' in html and "csrfmiddlewaretoken" in html
    assert "Download my data" in html
    assert "never holds your password" in html


def test_the_download_needs_the_pages_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    client.get(reverse("account_reauthenticate"))
    token = client.cookies["csrftoken"].value
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD, "csrfmiddlewaretoken": token})
    assert client.post(EXPORT).status_code == 403
    response = client.post(EXPORT, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert json.loads(response.content)["account"]["username"] == "alice"


def test_a_suspended_member_can_still_download_their_data(sam_client):
    _reauthenticate(sam_client)
    _, data = _download(sam_client)
    assert data["account"]["username"] == "sam"
    assert data["account"]["suspension"]["reason"] == "Repeated personal attacks"
    assert data["account"]["suspension"]["in_force"] is True


def test_someone_awaiting_approval_can_download_their_application(client, db):
    applicant = UserFactory(username="pat", email="pat@supplier.example")
    MembershipApplicationFactory(user=applicant, reason="Pat wants to learn from CCIOs.")
    client.force_login(applicant)
    _reauthenticate(client)
    _, data = _download(client)
    assert data["account"]["roles"] == []
    application = data["account"]["membership_application"]
    assert application["status"] == "pending"
    assert application["reason"] == "Pat wants to learn from CCIOs."
    assert data["profiles"]["directory_entry"] is None
    assert data["forum"]["posts"] == []


# --- what the file holds -----------------------------------------------------


def test_the_download_is_a_json_attachment_nobody_caches(alice_client):
    _reauthenticate(alice_client)
    response, data = _download(alice_client)
    assert response["Content-Type"] == "application/json"
    filename = f"ccio-network-alice-{timezone.localdate():%Y-%m-%d}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]
    assert set(data) >= {"exported_at", "account", "profiles", "forum", "events", "notifications"}


def test_the_download_holds_what_the_member_did_in_every_app(alice_client, alice_and_bob_data):
    _reauthenticate(alice_client)
    _, data = _download(alice_client)

    account = data["account"]
    assert account["username"] == "alice"
    assert account["email"] == "alice@nhs.net"
    assert account["display_name"] == "Dr Alice Adams"
    assert account["roles"] == ["Members"]
    assert account["email_addresses"] == [{"email": "alice@nhs.net", "verified": True, "primary": True}]
    assert account["membership_application"]["reason"] == "Alice wants to learn from peers."
    assert account["membership_application"]["decision_reason"] == "Welcome, Alice."
    assert account["suspension"] is None
    assert account["two_factor_authentication"]["set_up"] is False

    entry = data["profiles"]["directory_entry"]
    assert entry["bio_markdown"] == "Alice leads the **EPR** programme."
    assert entry["who_can_see_it"] == "nobody"
    assert entry["url"] == "/members/alice/"

    forum_data = data["forum"]
    assert [t["title"] for t in forum_data["topics_started"]] == ["Alice on EPR go-live"]
    bodies = [p["body_markdown"] for p in forum_data["posts"]]
    assert bodies == ["Alice's opening post " + HOSTILE, "Alice's edited reply."]
    edited = forum_data["posts"][1]
    assert edited["number"] == 3
    assert edited["url"] == Post.objects.get(body="Alice's edited reply.").get_absolute_url()
    assert edited["edited"] is not None
    assert edited["earlier_versions"][0]["body_markdown"] == "Alice's first draft of a reply."
    assert len(forum_data["likes_given"]) == 1 and len(forum_data["bookmarks"]) == 1
    assert forum_data["likes_given"][0]["post_url"].startswith("/forum/p/")
    assert [f["detail"] for f in forum_data["flags_raised"]] == ["Alice's flag detail"]
    assert forum_data["flags_raised"][0]["status"] == "open"

    (registration,) = data["events"]["registrations"]
    assert registration["event"] == "Digital roundtable"
    assert registration["url"] == alice_and_bob_data["event"].get_absolute_url()
    assert registration["status"] == "confirmed"
    assert registration["answers"] == [{"question": "Dietary needs", "answer": "Alice is vegetarian"}]
    assert [s["session"] for s in data["events"]["starred_sessions"]] == ["Alice's favourite session"]
    assert data["events"]["private_calendar_feed"]["set_up"] is True

    titles = [n["title"] for n in data["notifications"]["notifications"]]
    assert "Something Alice should know" in titles
    preferences = {p["kind"]: p["email"] for p in data["notifications"]["email_preferences"]}
    assert preferences["forum.reaction"] == "never"
    assert preferences["forum.reply"] == "immediate"
    assert "editorial.review" not in preferences  # offered to editors only


def test_the_download_holds_nothing_of_other_members(alice_client, alice_and_bob_data):
    _reauthenticate(alice_client)
    response, _ = _download(alice_client)
    text = response.content.decode()
    for theirs in [
        "Bob's reply",  # liked, bookmarked and flagged by Alice, and quoted in her notification
        "Bob's flag about Alice",  # a flag on her post is the moderators' business
        "Bob needs step-free access",
        "Something only Bob should know",
        "Bob's private bio",
        "Bob's reason for joining",
        "bob@nhs.net",
    ]:
        assert theirs not in text


def test_the_download_holds_no_secrets(alice, alice_client, alice_and_bob_data):
    _reauthenticate(alice_client)
    # Set up after reauthenticating, so that the test can sign in again with the password alone.
    totp_secret = generate_totp_secret()
    TOTP.activate(alice, totp_secret)
    recovery_codes = RecoveryCodes.activate(alice).get_unused_codes()
    alice.refresh_from_db()
    response, data = _download(alice_client)
    text = response.content.decode()

    assert data["account"]["two_factor_authentication"]["set_up"] is True
    assert {m["type"] for m in data["account"]["two_factor_authentication"]["methods"]} == {"totp", "recovery_codes"}
    secrets = [alice.password, totp_secret, *recovery_codes, *alice_and_bob_data["tokens"]]
    secrets.append(alice_client.session.session_key)
    for secret in secrets:
        assert secret and secret not in text
    assert "password" not in text
    assert "/events/my/" not in text  # the private calendar address itself


def test_hostile_text_comes_back_as_the_data_it_is(alice_client, alice):
    make_topic(author=alice, title="Scripts </script> in titles", body=HOSTILE)
    _reauthenticate(alice_client)
    response, data = _download(alice_client)
    assert data["forum"]["posts"][0]["body_markdown"] == HOSTILE
    assert data["forum"]["topics_started"][0]["title"] == "Scripts </script> in titles"
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"  # a browser will not sniff it into HTML


def test_deleted_and_hidden_posts_are_marked_as_such(alice, mo, alice_client):
    topic = make_topic(author=alice, title="A topic with second thoughts")
    regretted = make_reply(topic=topic, author=alice, body="I regret writing this.")
    forum.post_delete(post=regretted, user=alice)
    moderated = make_reply(topic=topic, author=alice, body="A moderator hid this.")
    moderation.post_hide(post=moderated, moderator=mo, reason="Names a patient")
    _reauthenticate(alice_client)
    _, data = _download(alice_client)
    posts = {p["body_markdown"]: p for p in data["forum"]["posts"]}
    assert posts["I regret writing this."]["deleted"] is True
    assert posts["A moderator hid this."]["hidden_by_moderators"] is True
    assert posts["A moderator hid this."]["hidden_reason"] == "Names a patient"  # she was told this reason
    assert "hidden_reason" not in posts["I regret writing this."]


def test_every_value_is_plain_json(alice, alice_and_bob_data):
    data = services.export_account(alice)
    assert json.loads(json.dumps(data)) == data  # no encoder needed: dates are ISO text already
    assert data["exported_at"].endswith("+00:00")


def test_the_export_costs_the_same_queries_for_3_posts_as_for_30(alice, bob, alice_and_bob_data):
    topic = alice_and_bob_data["topic"]
    make_reply(topic=topic, author=alice, body="Alice's third post.")
    for post in Post.objects.filter(author=alice):
        forum.post_edit(post=post, editor=alice, body=post.body + " (edited)")

    def count():
        with CaptureQueriesContext(connection) as queries:
            data = services.export_account(alice)
        return len(queries), len(data["forum"]["posts"])

    few = count()
    topic.refresh_from_db()
    bulk_posts(topic, 27, author=alice)
    for post in Post.objects.filter(author=alice).order_by("-pk")[:5]:
        forum.post_edit(post=post, editor=alice, body="Edited again.")
    many = count()
    assert (few[1], many[1]) == (3, 30)
    assert many[0] == few[0]
    assert few[0] <= 36  # about five per app that keeps personal data (pages: 1, the weekly summary: 2)
