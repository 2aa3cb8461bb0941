"""Who caused a notification is named as they are when it is shown, never as they were when it was made.

Every app passes the person as actor= and writes the title without their
name; the list, the emails and the digests show the actor's current public
name (or "Former member") in front of it.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command

from accounts.services import account_erase
from editorial import services as editorial
from events import services as events
from forum import moderation
from forum import services as forum
from notifications import kinds, notify
from notifications.models import Notification
from notifications.preferences import set_preference
from tests import factories


def _rename(user, name):
    user.display_name = name
    user.save(update_fields=["display_name"])


@pytest.fixture
def caused_by_bob(db, alice, bob, ed, members_cat, settings, django_capture_on_commit_callbacks):
    """One notification of every kind a person causes, each caused by bob (made an editor) and received by alice."""
    settings.FORUM_NEW_MEMBER_DAYS = 0
    from accounts import roles
    from accounts.services import add_role

    add_role(bob, roles.EDITORS)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(bob, generate_totp_secret())
    add_role(alice, roles.EDITORS)
    TOTP.activate(alice, generate_totp_secret())
    with django_capture_on_commit_callbacks(execute=True):
        topic = factories.make_topic(author=alice, category=members_cat, title="EPR", body="Go-live?")
        reply = factories.make_reply(topic=topic, author=bob, body="Ask @alice about it")
        forum.reaction_toggle(post=topic.posts.get(number=1), user=bob)
        factories.make_reply(topic=topic, author=alice, body="Thanks")
        factories.make_reply(topic=topic, author=bob, body="You are welcome")
        answer = factories.make_reply(topic=factories.make_topic(author=bob, category=members_cat), author=alice)
        forum.accept_toggle(post=answer, user=bob)
        article = factories.ArticleFactory(title="Lessons", status="draft")
        editorial.submit(item=article, by=bob)
        mine = factories.ArticleFactory(title="Mine", status="draft")
        editorial.submit(item=mine, by=alice)
        editorial.approve(item=mine, by=bob)
        event = factories.EventFactory(title="Roundtable")
        registration = events.registration_create(event=event, member=alice)
        events.event_message(event=event, sender=bob, subject="Parking", message="Park at the back.")
        events.registration_cancel(registration=registration, by=bob)
        other = factories.EventFactory(title="Workshop")
        events.registration_create(event=other, member=alice)
        events.event_cancel(event=other, by=bob, reason="Snow")
    return Notification.objects.filter(recipient=alice, actor=bob).order_by("pk"), reply


EXPECTED = {
    "forum.mention": 'mentioned you in "EPR"',
    "forum.reply": 'replied to "EPR"',
    "forum.reaction": 'liked your post in "EPR"',
    "forum.accepted": 'accepted your answer in "EPR go-live lessons"',
    "editorial.review": "sent “Lessons” for review",
    "editorial.decision": "approved “Mine”",
    "events.message": "wrote about “Roundtable”: Parking",
    "events.changed": "cancelled your place at “Roundtable”",
}


def test_every_caller_passes_the_actor_and_keeps_their_name_out_of_the_title(caused_by_bob, bob):
    notifications, _ = caused_by_bob
    titles = {n.kind: n.title for n in notifications}
    assert {kind: titles.get(kind) for kind in EXPECTED} == EXPECTED
    assert titles["events.cancelled"].startswith("cancelled “Workshop” (")
    for notification in notifications:
        assert "Bob" not in notification.title
        assert notification.actor_named and notification.text == f"Dr Bob Brown {notification.title}"


def test_the_list_emails_and_digests_show_the_current_name(caused_by_bob, alice, alice_client, bob):
    notifications, _ = caused_by_bob
    assert any("Dr Bob Brown" in m.subject for m in mail.outbox)
    _rename(bob, "Prof Robert Brown")
    page = alice_client.get("/notifications/").content.decode()
    assert "Prof Robert Brown replied to" in page and "Dr Bob Brown" not in page
    from notifications.emails import notification_message

    message = notification_message(Notification.objects.select_related("actor").get(pk=notifications[0].pk))
    assert "Prof Robert Brown" in message.subject and "Dr Bob Brown" not in message.body


def test_a_digest_after_erasure_says_former_member(db, alice, bob, django_capture_on_commit_callbacks):
    set_preference(user=alice, kind="forum.reply", frequency=kinds.DAILY)
    notify(alice, "forum.reply", title='replied to "EPR"', url="/forum/p/1/", actor=bob)
    account_erase(user=bob)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [digest] = mail.outbox
    assert 'Former member replied to "EPR"' in digest.body
    assert "Bob" not in digest.body and "Bob" not in digest.alternatives[0][0]


def test_an_actor_deleted_outright_shows_as_former_member(db, alice, bob):
    notification = notify(alice, "forum.reply", title='replied to "EPR"', url="/forum/p/1/", actor=bob)
    bob.delete()
    assert Notification.objects.get(pk=notification.pk).text == 'Former member replied to "EPR"'


def test_moderators_act_without_being_named(db, alice, mo, members_cat):
    post = factories.make_topic(author=alice, category=members_cat).posts.get()
    moderation.post_hide(post=post, moderator=mo, reason="Names a patient")
    notification = Notification.objects.get(recipient=alice, kind="forum.moderation")
    assert notification.actor is None and notification.text.startswith("A moderator hid your post")


def test_the_list_costs_the_same_with_many_actors(alice, alice_client, django_assert_max_num_queries):
    for n in range(30):
        notify(alice, "forum.reply", title=f'replied to "{n}"', url="/forum/", actor=factories.MemberFactory())
    with django_assert_max_num_queries(8):
        response = alice_client.get("/notifications/")
    assert response.content.decode().count(" replied to ") == 25


# --- the data migration ---------------------------------------------------------


def test_the_migration_takes_names_out_of_old_titles_even_renamed_ones(db, alice, bob, mo):
    migration = importlib.import_module("notifications.migrations.0004_titles_without_actor_names")
    old = {
        "forum.reply": factories.NotificationFactory(
            recipient=alice, kind="forum.reply", actor=bob, title='Dr Robert Brown replied to "EPR"'
        ),
        "forum.mention": factories.NotificationFactory(
            recipient=alice, kind="forum.mention", actor=bob, title='Dr Bob Brown mentioned you in "EPR"'
        ),
        "editorial.decision": factories.NotificationFactory(
            recipient=alice, kind="editorial.decision", actor=bob, title="Bob sent “Mine” back to draft"
        ),
        "forum.accepted": factories.NotificationFactory(
            recipient=alice, kind="forum.accepted", actor=bob, title='Your answer in "EPR" was accepted'
        ),
        "events.changed": factories.NotificationFactory(
            recipient=alice,
            kind="events.changed",
            actor=bob,
            title="Your place at “Roundtable” was cancelled by the organisers",
        ),
        "forum.moderation": factories.NotificationFactory(
            recipient=alice, kind="forum.moderation", actor=mo, title='A moderator hid your post in "EPR"'
        ),
        "erased": factories.NotificationFactory(
            recipient=alice, kind="forum.reaction", actor=None, title='Former member liked your post in "EPR"'
        ),
        "unknown": factories.NotificationFactory(
            recipient=alice, kind="forum.reply", actor=bob, title="Something else entirely"
        ),
    }
    migration.forwards(django_apps, None)
    texts = {key: Notification.objects.get(pk=n.pk).text for key, n in old.items()}
    assert texts == {
        "forum.reply": 'Dr Bob Brown replied to "EPR"',
        "forum.mention": 'Dr Bob Brown mentioned you in "EPR"',
        "editorial.decision": "Dr Bob Brown sent “Mine” back to draft",
        "forum.accepted": 'Dr Bob Brown accepted your answer in "EPR"',
        "events.changed": "Dr Bob Brown cancelled your place at “Roundtable”",
        "forum.moderation": 'A moderator hid your post in "EPR"',
        "erased": 'Former member liked your post in "EPR"',
        "unknown": "Something else entirely",
    }
    assert Notification.objects.get(pk=old["forum.moderation"].pk).actor is None
    assert "Robert" not in Notification.objects.get(pk=old["forum.reply"].pk).title
