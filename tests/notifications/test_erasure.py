from accounts.services import account_erase
from notifications import kinds, notify
from notifications.models import DigestLog, Notification, NotificationPreference
from notifications.preferences import set_preference
from tests.factories import NotificationFactory


def test_erasing_an_account_deletes_their_notifications_and_preferences(alice, bob):
    NotificationFactory.create_batch(2, recipient=alice)
    set_preference(user=alice, kind="forum.reply", frequency=kinds.NEVER)
    DigestLog.objects.create(recipient=alice, date="2026-01-01")
    kept = NotificationFactory(recipient=bob)
    account_erase(user=alice)
    assert not Notification.objects.filter(recipient=alice).exists()
    assert not NotificationPreference.objects.filter(recipient=alice).exists()
    assert not DigestLog.objects.filter(recipient=alice).exists()
    assert Notification.objects.filter(pk=kept.pk).exists()


def test_erased_actor_name_leaves_others_notifications(alice, bob):
    notification = notify(bob, "forum.reply", title="replied to “EPR”", url="/forum/p/1/", actor=alice)
    assert notification.text == "Dr Alice Adams replied to “EPR”"
    account_erase(user=alice)
    notification = Notification.objects.get(pk=notification.pk)
    assert notification.text == "Former member replied to “EPR”"
    assert "Alice" not in notification.title


def test_a_title_from_before_the_convention_still_loses_the_current_name(alice, bob):
    """Rows the data migration could not convert: the current name is replaced, as before."""
    old = NotificationFactory(recipient=bob, actor=alice, title="Dr Alice Adams did something unusual")
    account_erase(user=alice)
    old.refresh_from_db()
    assert old.title == "Former member did something unusual"
