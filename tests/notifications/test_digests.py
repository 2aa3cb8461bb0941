import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from notifications import kinds, notify
from notifications.models import DigestLog, Notification
from notifications.preferences import set_preference
from notifications.services import send_digest, send_digests
from tests.factories import MemberFactory


@pytest.fixture
def daily(alice, bob):
    for member in (alice, bob):
        set_preference(user=member, kind="forum.reply", frequency=kinds.DAILY)
    return alice, bob


def _run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_digest_sends_one_email_per_member_never_twice(daily, django_capture_on_commit_callbacks):
    alice, bob = daily
    for n in range(3):
        notify(alice, "forum.reply", title=f"Reply {n} for Alice", url=f"/forum/p/{n}/")
    notify(bob, "forum.reply", title="Reply for Bob", url="/forum/p/9/")
    mail.outbox.clear()

    _run(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([alice.email, bob.email])
    alice_mail = next(m for m in mail.outbox if m.to == [alice.email])
    for n in range(3):
        assert f"Reply {n} for Alice" in alice_mail.body
        assert f"{settings.SITE_URL}/forum/p/{n}/" in alice_mail.body
    assert "Reply for Bob" not in alice_mail.body
    assert "/notifications/unsubscribe/" in alice_mail.extra_headers["List-Unsubscribe"]
    assert not Notification.objects.awaiting_digest().exists()

    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_at_most_one_digest_per_day_even_with_new_notifications(daily, django_capture_on_commit_callbacks):
    alice, _ = daily
    notify(alice, "forum.reply", title="First", url="/forum/p/1/")
    _run(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    late = notify(alice, "forum.reply", title="Later the same day", url="/forum/p/2/")
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # Tomorrow it goes, once, and the first one is not repeated.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(today=tomorrow)
    assert len(mail.outbox) == 1
    assert "Later the same day" in mail.outbox[0].body
    assert "First" not in mail.outbox[0].body
    late.refresh_from_db()
    assert late.digested_at is not None


def test_immediate_and_never_notifications_are_not_in_digests(alice, django_capture_on_commit_callbacks):
    set_preference(user=alice, kind="forum.mention", frequency=kinds.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        notify(alice, "forum.reply", title="Immediate one", url="/forum/p/1/")
        notify(alice, "forum.mention", title="Never one", url="/forum/p/2/")
    mail.outbox.clear()
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not DigestLog.objects.exists()


def test_switching_to_never_before_the_digest_drops_it(daily, django_capture_on_commit_callbacks):
    alice, _ = daily
    notify(alice, "forum.reply", title="Reply", url="/forum/p/1/")
    set_preference(user=alice, kind="forum.reply", frequency=kinds.NEVER)
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Notification.objects.awaiting_digest().exists()


def test_inactive_members_get_no_digest(daily, django_capture_on_commit_callbacks):
    alice, _ = daily
    notify(alice, "forum.reply", title="Reply", url="/forum/p/1/")
    alice.is_active = False
    alice.save()
    _run(django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_digest_log_is_unique_per_member_per_day(daily):
    alice, _ = daily
    DigestLog.objects.create(recipient=alice, date=timezone.localdate())
    notify(alice, "forum.reply", title="Reply", url="/forum/p/1/")
    assert send_digest(recipient=alice) is None
    assert Notification.objects.awaiting_digest().count() == 1


def test_hostile_text_is_escaped_in_the_digest_html(daily, django_capture_on_commit_callbacks):
    alice, _ = daily
    notify(
        alice, "forum.reply", title="<script>alert(1)</script>", url="/forum/p/1/", body="<img src=x onerror=alert(1)>"
    )
    _run(django_capture_on_commit_callbacks)
    html = next(c for c, t in mail.outbox[0].alternatives if t == "text/html")
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_one_digest():
    member = MemberFactory()
    set_preference(user=member, kind="forum.reply", frequency=kinds.DAILY)
    for n in range(5):
        notify(member, "forum.reply", title=f"Reply {n}", url=f"/forum/p/{n}/")
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(len(send_digests()))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 1
    assert DigestLog.objects.filter(recipient=member).count() == 1
