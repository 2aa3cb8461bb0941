"""Organisers and members at the same moment, each on their own connection (PostgreSQL only)."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from core import locks
from events import services
from events.models import Event, Registration
from tests import factories
from tests.events.test_organisers import _form_data

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _at_once(work, items):
    barrier = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=10)
            results.append(work(item))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def _client(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("lock", [True, False])
def test_create_event_clicked_twice_makes_one_event(monkeypatch, lock):
    monkeypatch.setattr(locks, "ENABLED", lock)
    real = services.unique_slug

    def slow_slug(*args, **kwargs):
        slug = real(*args, **kwargs)
        time.sleep(0.3)  # the window between looking for a copy and saving
        return slug

    monkeypatch.setattr(services, "unique_slug", slow_slug)
    ed = factories.EditorFactory()
    clients = [_client(ed), _client(ed)]

    responses, errors = _at_once(lambda client: client.post("/events/new/", _form_data()), clients)

    assert errors == []
    assert [r.status_code for r in responses] == [302, 302]  # never a 500
    if lock:
        assert Event.objects.count() == 1
    else:
        assert Event.objects.count() == 2  # the race the lock stops (the second took "-2")


def test_organisers_creating_the_same_title_at_once_get_their_own_addresses():
    clients = [_client(factories.EditorFactory()) for _ in range(3)]

    responses, errors = _at_once(lambda client: client.post("/events/new/", _form_data()), clients)

    assert errors == []
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "north-west-ccio-meeting",
        "north-west-ccio-meeting-2",
        "north-west-ccio-meeting-3",
    ]


def test_leave_the_waiting_list_racing_a_promotion_keeps_the_new_place(monkeypatch):
    event = factories.EventFactory(capacity=1)
    holder, waiting = factories.MemberFactory(), factories.MemberFactory()
    place = services.registration_create(event=event, member=holder)
    services.registration_create(event=event, member=waiting)
    read, promoted = threading.Event(), threading.Event()
    real = services.waitlist_leave

    def leave_after_the_promotion(**kwargs):
        read.set()  # the view has read "waitlisted"...
        promoted.wait(10)  # ...and the promotion commits before the leave runs
        return real(**kwargs)

    monkeypatch.setattr(services, "waitlist_leave", leave_after_the_promotion)

    def leave():
        return _client(waiting).post(f"/events/{event.slug}/cancel-registration/", {"seen": "waitlisted"})

    def cancel():
        read.wait(10)
        services.registration_cancel(registration=place)
        promoted.set()

    results, errors = _at_once(lambda work: work(), [leave, cancel])

    assert errors == []
    registration = Registration.objects.get(event=event, member=waiting)
    assert registration.is_confirmed
    event.refresh_from_db()
    assert event.confirmed_count == 1 and event.waitlist_count == 0
