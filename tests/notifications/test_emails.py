import re

from django.conf import settings
from django.core import mail

from notifications import kinds
from notifications.models import Notification
from notifications.preferences import set_preference
from notifications.tasks import send_notification_email


def _html(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def test_immediate_sends_one_email_with_link_and_unsubscribe(send, alice, bob):
    notification = send(alice, actor=bob, body="We staggered the go-live.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert "EPR go-live" in message.subject
    link = f"{settings.SITE_URL}/forum/p/123/"
    assert link in message.body
    assert link in _html(message)
    unsubscribe = re.search(rf"{re.escape(settings.SITE_URL)}/notifications/unsubscribe/[^/\s]+/", message.body)
    assert unsubscribe
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe.group(0)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_the_email_task_never_sends_twice(send, alice):
    notification = send(alice)
    send_notification_email.call(notification.pk)
    assert len(mail.outbox) == 1


def test_daily_sends_nothing_now(send, alice):
    set_preference(user=alice, kind="forum.reply", frequency=kinds.DAILY)
    notification = send(alice)
    assert mail.outbox == []
    assert notification.delivery == kinds.DAILY


def test_never_sends_nothing_but_keeps_the_site_notification(send, alice):
    set_preference(user=alice, kind="forum.reply", frequency=kinds.NEVER)
    send(alice)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice, kind="forum.reply").exists()


def test_kind_default_applies_without_a_preference(send, alice):
    send(alice, kind="forum.reaction")  # daily by default
    assert mail.outbox == []
    send(alice, kind="events.cancelled")  # immediate by default
    assert len(mail.outbox) == 1


def test_preference_for_one_kind_leaves_others_alone(send, alice):
    set_preference(user=alice, kind="forum.reply", frequency=kinds.NEVER)
    send(alice, kind="forum.mention")
    assert len(mail.outbox) == 1


def test_hostile_text_is_escaped_in_the_html_email(send, alice):
    send(alice, title="<script>alert(1)</script>", body="<img src=x onerror=alert(1)> [x](javascript:alert(1))")
    html = _html(mail.outbox[0])
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    # The plain-text part shows the text as typed, not entity-encoded.
    assert "<script>alert(1)</script>" in mail.outbox[0].body


def test_deactivated_before_the_task_runs_gets_no_email(alice, django_capture_on_commit_callbacks):
    from notifications import notify

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(alice, "forum.reply", title="x", url="/forum/")
    alice.is_active = False
    alice.save()
    mail.outbox.clear()
    for callback in callbacks:
        callback()
    assert mail.outbox == []
