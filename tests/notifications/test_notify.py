import pytest
from django.core import mail

from notifications import kinds, notify
from notifications.models import Notification
from tests.factories import MemberFactory


def test_notify_creates_a_row(alice, bob):
    notification = notify(alice, "forum.reply", title="Bob replied", url="/forum/p/1/", actor=bob, body="Hello")
    assert notification is not None
    row = Notification.objects.get(recipient=alice, kind="forum.reply")
    assert row == notification
    assert (row.title, row.url, row.body, row.actor) == ("Bob replied", "/forum/p/1/", "Hello", bob)
    assert row.read_at is None
    assert row.delivery == kinds.IMMEDIATE


def test_actor_notifying_themself_creates_nothing(alice):
    assert notify(alice, "forum.reply", title="You replied", url="/forum/p/1/", actor=alice) is None
    assert not Notification.objects.exists()


def test_inactive_recipient_gets_nothing(alice, bob):
    alice.is_active = False
    alice.save()
    assert notify(alice, "forum.reply", title="Bob replied", url="/forum/p/1/", actor=bob) is None
    assert not Notification.objects.exists()


def test_no_recipient_gets_nothing():
    assert notify(None, "forum.reply", title="x", url="/forum/") is None


def test_unknown_kind_is_a_programming_error(alice):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(alice, "forum.nonsense", title="x", url="/forum/")


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "forum/p/1/"])
def test_url_must_be_a_site_path(alice, url):
    with pytest.raises(ValueError):
        notify(alice, "forum.reply", title="x", url=url)


def test_long_title_and_body_are_shortened(alice):
    notification = notify(alice, "forum.reply", title="Long " * 100, url="/forum/", body="word " * 2000)
    assert len(notification.title) <= 200
    assert len(notification.body) <= 5000
    assert "\n" not in notify(alice, "forum.reply", title="two\nlines", url="/forum/").title


def test_every_kind_in_the_interface_is_registered():
    expected = {
        "forum.reply",
        "forum.mention",
        "forum.reaction",
        "forum.accepted",
        "forum.moderation",
        "events.registered",
        "events.waitlisted",
        "events.promoted",
        "events.changed",
        "events.cancelled",
        "events.reminder",
        "events.message",
        "events.cancelled_by_you",
        "accounts.membership",
        "accounts.application",
        "editorial.review",
        "editorial.decision",
        "messaging.message",
        "messaging.moderation",
        "messaging.moderators",
        "surveys.opened",
        "surveys.reminder",
        "surveys.results",
        "pages.contact",
    }
    assert set(kinds.KINDS) == expected
    assert all(kind.default in kinds.FREQUENCIES for kind in kinds.all_kinds())


def test_no_email_until_the_transaction_commits(alice, bob):
    mail.outbox.clear()
    notify(alice, "forum.reply", title="Bob replied", url="/forum/p/1/", actor=bob)
    assert mail.outbox == []


def test_suspended_member_still_notified(sam):
    assert notify(sam, "forum.moderation", title="A moderator hid your post", url="/forum/p/9/") is not None


def test_many_recipients(db):
    members = MemberFactory.create_batch(3)
    for member in members:
        notify(member, "events.changed", title="The venue changed", url="/events/summer/")
    assert Notification.objects.filter(kind="events.changed").count() == 3
