"""What members hear: confirmed, waitlisted, promoted, changed, cancelled, reminders, messages."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events import services
from events.models import Event, Registration
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _kinds(user):
    return list(
        Notification.objects.filter(recipient=user).order_by("created_at", "id").values_list("kind", flat=True)
    )


def test_the_whole_journey_of_notifications(small_event, members):
    a, b, c, d = members
    regs = {m: services.registration_create(event=small_event, member=m) for m in members}
    services.registration_cancel(registration=regs[a])
    services.event_update(event=small_event, changes={"venue_name": "Room 101", "format": "hybrid"})
    services.event_cancel(event=small_event, reason="Snow.")
    assert _kinds(a) == ["events.registered", "events.cancelled_by_you"]  # not told of later changes
    assert _kinds(b) == ["events.registered", "events.changed", "events.cancelled"]
    assert _kinds(c) == ["events.waitlisted", "events.promoted", "events.changed", "events.cancelled"]
    assert _kinds(d) == ["events.waitlisted", "events.changed", "events.cancelled"]
    promoted = Notification.objects.get(recipient=c, kind="events.promoted")
    assert promoted.url == small_event.get_absolute_url()


def test_confirmation_email_is_sent(event, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, member=alice)
    assert any(alice.email in message.to for message in mail.outbox)
    assert any(event.title in message.subject or event.title in message.body for message in mail.outbox)


def _soon(hours):
    return timezone.now() + dt.timedelta(hours=hours)


def test_reminders_go_once_to_confirmed_attendees_the_day_before(alice, bob, members):
    tomorrow = factories.EventFactory(starts_at=_soon(20), ends_at=_soon(21), capacity=2)
    next_week = factories.EventFactory()
    services.registration_create(event=tomorrow, member=alice)
    services.registration_create(event=tomorrow, member=bob)
    services.registration_create(event=tomorrow, member=members[0])  # waitlisted: no reminder
    services.registration_create(event=next_week, member=alice)
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    reminders = Notification.objects.filter(kind="events.reminder")
    assert sorted(r.recipient_id for r in reminders) == sorted([alice.pk, bob.pk])
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_no_reminders_for_cancelled_events(alice):
    event = factories.EventFactory(starts_at=_soon(5), ends_at=_soon(6))
    services.registration_create(event=event, member=alice)
    services.event_cancel(event=event)
    assert services.send_reminders() == 0


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_reminder_runs_at_the_same_time_send_each_reminder_once():
    event = factories.EventFactory(starts_at=_soon(3), ends_at=_soon(4), capacity=None)
    for _ in range(8):
        services.registration_create(event=event, member=factories.MemberFactory())
    Notification.objects.all().delete()
    barrier = threading.Barrier(4)

    def run():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.send_reminders()
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Notification.objects.filter(kind="events.reminder").count() == 8


def test_a_cancelled_event_is_not_cancelled_twice(event, alice):
    services.registration_create(event=event, member=alice)
    services.event_cancel(event=event)
    services.event_cancel(event=event)
    assert Notification.objects.filter(kind="events.cancelled").count() == 1
    assert Event.objects.get(pk=event.pk).status == "cancelled"


def test_moving_an_event_resets_its_reminders(alice):
    event = factories.EventFactory(starts_at=_soon(5), ends_at=_soon(6))
    services.registration_create(event=event, member=alice)
    assert services.send_reminders() == 1
    services.event_update(event=event, changes={"starts_at": _soon(24 * 7), "ends_at": _soon(24 * 7 + 1)})
    assert services.send_reminders() == 0
    Event.objects.filter(pk=event.pk).update(starts_at=_soon(10), ends_at=_soon(11))
    assert services.send_reminders() == 1
