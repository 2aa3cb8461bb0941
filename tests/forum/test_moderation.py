"""Flags, the moderators' queue, hiding, pinning, locking, moving, suspending, and the log."""

import datetime as dt

from django.utils import timezone

from forum.models import Category, Flag, ModerationAction, Topic
from notifications.models import Notification
from tests import factories


def test_flag_then_hide_from_queue(alice_client, mo_client, topic, bob, mo):
    reply = factories.make_reply(topic=topic, author=bob, body="Something rude")
    response = alice_client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "inappropriate", "detail": "Rude"})
    assert response.status_code == 302
    flag = Flag.objects.get()
    queue = mo_client.get("/forum/moderation/").content.decode()
    assert "Something rude" in queue and "Inappropriate or offensive" in queue
    response = mo_client.post(f"/forum/moderation/flags/{flag.pk}/", {"action": "hide", "reason": "Be kind"})
    assert response.status_code == 302
    reply.refresh_from_db()
    flag.refresh_from_db()
    assert reply.hidden and reply.hidden_reason == "Be kind" and flag.status == Flag.Status.ACTED
    assert "No open flags" in mo_client.get("/forum/moderation/").content.decode()
    note = Notification.objects.get(recipient=bob, kind="forum.moderation")
    assert "Be kind" in note.body
    action = ModerationAction.objects.get(kind="hide_post")
    assert action.moderator == mo and action.post == reply and action.reason == "Be kind"


def test_hide_needs_a_reason(mo_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Hmm")
    flag = Flag.objects.create(post=reply, reporter=topic.author, reason="spam")
    mo_client.post(f"/forum/moderation/flags/{flag.pk}/", {"action": "hide", "reason": ""})
    reply.refresh_from_db()
    assert not reply.hidden


def test_flagging_twice_is_explained(alice_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Twice")
    alice_client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "spam"})
    response = alice_client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "spam"}, follow=True)
    assert "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1


def test_dismiss_flag(mo_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Fine")
    flag = Flag.objects.create(post=reply, reporter=topic.author, reason="spam")
    mo_client.post(f"/forum/moderation/flags/{flag.pk}/", {"action": "dismiss", "reason": "Not spam"})
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED
    reply.refresh_from_db()
    assert not reply.hidden


def test_pin_lock_hide_move_are_logged(mo_client, topic, public_cat):
    for action in ["pin", "lock", "hide_topic", "unhide_topic"]:
        response = mo_client.post(f"/forum/t/{topic.pk}/moderate/", {"action": action, "reason": f"Because {action}"})
        assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.pinned and topic.locked and not topic.hidden
    response = mo_client.post(
        f"/forum/t/{topic.pk}/moderate/", {"action": "move", "category": public_cat.pk, "reason": "Wider audience"}
    )
    topic.refresh_from_db()
    assert topic.category == public_cat
    public_cat.refresh_from_db()
    assert public_cat.topic_count == 1 and public_cat.post_count == 1
    assert Category.objects.get(slug="clinical-safety").topic_count == 0
    log = mo_client.get("/forum/moderation/log/").content.decode()
    for text in ["Pinned a topic", "Locked a topic", "Hid a topic", "Moved a topic", "Wider audience"]:
        assert text in log


def test_move_needs_a_category(mo_client, topic):
    response = mo_client.post(f"/forum/t/{topic.pk}/moderate/", {"action": "move", "reason": "x"})
    assert "Choose the category" in response.content.decode()


def test_suspend_member_stops_posting(mo_client, bob, topic, bob_client):
    until = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    response = mo_client.post("/forum/moderation/suspend/bob/", {"until": until, "reason": "Personal attacks"})
    assert response.status_code == 302
    bob.refresh_from_db()
    assert bob.is_suspended and bob.suspension_reason == "Personal attacks"
    assert ModerationAction.objects.filter(kind="suspend", target_user=bob).exists()
    assert bob_client.get(topic.get_absolute_url()).status_code == 200
    assert bob_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Let me back"}).status_code == 403
    mo_client.post("/forum/moderation/suspend/bob/", {"lift": "1"})
    bob.refresh_from_db()
    assert not bob.is_suspended


def test_suspend_date_must_be_future(mo_client, bob):
    response = mo_client.post("/forum/moderation/suspend/bob/", {"until": "2001-01-01", "reason": "x"})
    assert "future" in response.content.decode()


def test_locked_topic_shows_notice_and_refuses_members(alice_client, topic):
    Topic.objects.filter(pk=topic.pk).update(locked=True)
    assert "This topic is locked" in alice_client.get(topic.get_absolute_url()).content.decode()
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Still?"}, follow=True)
    assert "This topic is locked" in response.content.decode()
    assert topic.posts.count() == 1


def test_moderator_edit_of_others_post_is_logged(mo_client, topic):
    post = topic.posts.get()
    mo_client.post(f"/forum/p/{post.pk}/edit/", {"title": topic.title, "body": "Redacted by a moderator"})
    assert ModerationAction.objects.filter(kind="edit_post", post=post).exists()
