"""Organisers and members at the same moment, each on their own connection (PostgreSQL only)."""

import threading
import time

import pytest
from django.db import connection

from core import locks
from events import services
from events.models import Event, Registration
from tests import factories
from tests.events.test_organisers import _form_data
from tests.threads import at_once, signed_in_client

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


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
    clients = [signed_in_client(ed), signed_in_client(ed)]

    responses, errors = at_once(lambda client: client.post("/events/new/", _form_data()), clients)

    assert errors == []
    assert [r.status_code for r in responses] == [302, 302]  # never a 500
    if lock:
        assert Event.objects.count() == 1
    else:
        assert Event.objects.count() == 2  # the race the lock stops (the second took "-2")


def test_organisers_creating_the_same_title_at_once_get_their_own_addresses():
    clients = [signed_in_client(factories.EditorFactory()) for _ in range(3)]

    responses, errors = at_once(lambda client: client.post("/events/new/", _form_data()), clients)

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
        return signed_in_client(waiting).post(f"/events/{event.slug}/cancel-registration/", {"seen": "waitlisted"})

    def cancel():
        read.wait(10)
        services.registration_cancel(registration=place)
        promoted.set()

    results, errors = at_once(lambda work: work(), [leave, cancel])

    assert errors == []
    registration = Registration.objects.get(event=event, member=waiting)
    assert registration.is_confirmed
    event.refresh_from_db()
    assert event.confirmed_count == 1 and event.waitlist_count == 0
