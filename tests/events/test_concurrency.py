"""Never overbooked: many members at once, each on their own database connection (PostgreSQL only)."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Event, Registration
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 24
PLACES = 5


def _run_at_once(work, items):
    """Start every thread, release them together, collect errors."""
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            work(item)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_concurrent_registrations_never_overbook():
    event = factories.EventFactory(capacity=PLACES)
    members = [factories.MemberFactory() for _ in range(THREADS)]

    _run_at_once(lambda m: services.registration_create(event=event, member=m), members)

    event.refresh_from_db()
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    waitlisted = list(Registration.objects.filter(event=event).waitlisted())
    assert confirmed.count() == PLACES == event.confirmed_count
    assert len(waitlisted) == THREADS - PLACES == event.waitlist_count
    # In order: positions 1..N with no gaps or ties, in the order the lock was granted.
    positions = [services.waitlist_position(registration=r) for r in waitlisted]
    assert positions == list(range(1, THREADS - PLACES + 1))
    assert [r.pk for r in waitlisted] == sorted(r.pk for r in waitlisted)
    assert all(a.waitlisted_at <= b.waitlisted_at for a, b in zip(waitlisted, waitlisted[1:], strict=False))
    assert max(r.confirmed_at for r in confirmed) <= waitlisted[0].waitlisted_at


def test_concurrent_cancellations_promote_exactly_the_freed_places():
    event = factories.EventFactory(capacity=PLACES)
    members = [factories.MemberFactory() for _ in range(PLACES + 10)]
    registrations = [services.registration_create(event=event, member=m) for m in members]
    first_in_line = [r.pk for r in registrations[PLACES:]]
    cancelling = registrations[:4]

    _run_at_once(lambda r: services.registration_cancel(registration=r), cancelling)

    event.refresh_from_db()
    confirmed = set(Registration.objects.filter(event=event, status="confirmed").values_list("pk", flat=True))
    assert len(confirmed) == PLACES == event.confirmed_count
    # The four first in line, and only they, were promoted.
    assert confirmed == {registrations[4].pk, *first_in_line[:4]}
    assert event.waitlist_count == 6
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 6


def test_registrations_and_cancellations_racing_keep_the_counts_exact():
    event = factories.EventFactory(capacity=PLACES)
    holders = [factories.MemberFactory() for _ in range(PLACES)]
    registrations = [services.registration_create(event=event, member=m) for m in holders]
    newcomers = [factories.MemberFactory() for _ in range(12)]

    def work(item):
        kind, value = item
        if kind == "cancel":
            services.registration_cancel(registration=value)
        else:
            services.registration_create(event=event, member=value)

    _run_at_once(work, [("cancel", r) for r in registrations[:3]] + [("register", m) for m in newcomers])

    event.refresh_from_db()
    assert Registration.objects.filter(event=event, status="confirmed").count() == PLACES == event.confirmed_count
    # 5 - 3 + 12 active registrations: 5 with a place, 9 waiting.
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 9 == event.waitlist_count
    assert Event.objects.get(pk=event.pk).confirmed_count <= PLACES


def _slow_lock(monkeypatch, *, lock):
    """Widen the window between reading the counter and writing it, with or without the row lock."""
    import time

    original = services._lock_event

    def slow(event):
        locked = original(event) if lock else Event.objects.get(pk=event.pk)
        time.sleep(0.2)
        return locked

    monkeypatch.setattr(services, "_lock_event", slow)


@pytest.mark.parametrize("lock", [True, False])
def test_the_row_lock_is_what_prevents_overbooking(monkeypatch, lock):
    """With the lock switched off the race happens (more places given than exist); with it, never."""
    _slow_lock(monkeypatch, lock=lock)
    event = factories.EventFactory(capacity=2)
    members = [factories.MemberFactory() for _ in range(6)]

    _run_at_once(lambda m: services.registration_create(event=event, member=m), members)

    confirmed = Registration.objects.filter(event=event, status="confirmed").count()
    if lock:
        assert confirmed == 2
    else:
        assert confirmed > 2  # overbooked: this is the race the lock exists to stop
