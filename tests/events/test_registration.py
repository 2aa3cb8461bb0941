"""Registering, the waitlist, cancelling and promotion, through events.services."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from events import services
from events.models import Event, Registration
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_member_registers_and_is_told(event, alice):
    registration = services.registration_create(event=event, member=alice)
    assert registration.is_confirmed
    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert Notification.objects.filter(recipient=alice, kind="events.registered").exists()


def test_when_full_members_join_the_waitlist_in_order(small_event, members):
    results = [services.registration_create(event=small_event, member=m) for m in members]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [services.waitlist_position(registration=r) for r in results[2:]] == [1, 2]
    small_event.refresh_from_db()
    assert (small_event.confirmed_count, small_event.waitlist_count) == (2, 2)
    assert Notification.objects.filter(recipient=members[2], kind="events.waitlisted").exists()


def test_cancelling_promotes_the_first_on_the_waitlist(small_event, members):
    regs = [services.registration_create(event=small_event, member=m) for m in members]
    services.registration_cancel(registration=regs[0])
    for r in regs:
        r.refresh_from_db()
    assert regs[0].status == "cancelled"
    assert regs[2].status == "confirmed"
    assert regs[3].status == "waitlisted"
    assert services.waitlist_position(registration=regs[3]) == 1
    small_event.refresh_from_db()
    assert (small_event.confirmed_count, small_event.waitlist_count) == (2, 1)
    assert Notification.objects.filter(recipient=members[2], kind="events.promoted").count() == 1
    assert not Notification.objects.filter(recipient=members[3], kind="events.promoted").exists()


def test_leaving_the_waitlist_promotes_nobody_and_moves_the_queue(small_event, members):
    regs = [services.registration_create(event=small_event, member=m) for m in members]
    services.waitlist_leave(registration=regs[2])
    regs[3].refresh_from_db()
    assert regs[3].is_waitlisted
    assert services.waitlist_position(registration=regs[3]) == 1
    small_event.refresh_from_db()
    assert (small_event.confirmed_count, small_event.waitlist_count) == (2, 1)


def test_registering_twice_is_refused(event, alice):
    services.registration_create(event=event, member=alice)
    with pytest.raises(services.RegistrationError, match="already registered"):
        services.registration_create(event=event, member=alice)
    assert Registration.objects.filter(event=event, member=alice).count() == 1


def test_the_database_refuses_a_second_row(event, alice):
    services.registration_create(event=event, member=alice)
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=event, member=alice, status="confirmed")


def test_registering_again_after_cancelling_reuses_the_row(event, alice):
    first = services.registration_create(event=event, member=alice)
    services.registration_cancel(registration=first)
    again = services.registration_create(event=event, member=alice)
    assert again.pk == first.pk and again.is_confirmed
    event.refresh_from_db()
    assert event.confirmed_count == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not open"),
        ({"starts_at": timezone.now() - dt.timedelta(hours=2)}, "already started"),
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=1)}, "Registration opens on"),
        ({"registration_closes_at": timezone.now() - dt.timedelta(minutes=1)}, "closed"),
    ],
)
def test_registration_outside_the_rules_is_refused_clearly(event, alice, change, message):
    Event.objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    with pytest.raises(services.RegistrationError, match=message):
        services.registration_create(event=event, member=alice)
    assert not Registration.objects.exists()


def test_suspended_and_unverified_people_cannot_register(event, sam, una):
    with pytest.raises(services.RegistrationError, match="suspended"):
        services.registration_create(event=event, member=sam)
    with pytest.raises(services.RegistrationError, match="Only members"):
        services.registration_create(event=event, member=una)


def test_required_questions_must_be_answered(event, alice):
    question = event.questions.create(text="Dietary needs", required=True)
    with pytest.raises(services.RegistrationError, match="Dietary needs"):
        services.registration_create(event=event, member=alice, answers={})
    registration = services.registration_create(
        event=event, member=alice, answers={str(question.pk): "Vegetarian", "999": "ignored"}
    )
    assert registration.answers == {str(question.pk): "Vegetarian"}


def test_unlimited_capacity_never_waitlists(alice, bob):
    event = factories.EventFactory(capacity=None)
    assert services.registration_create(event=event, member=alice).is_confirmed
    assert services.registration_create(event=event, member=bob).is_confirmed


def test_more_places_promote_from_the_waitlist(small_event, members):
    regs = [services.registration_create(event=small_event, member=m) for m in members]
    services.event_update(event=small_event, changes={"capacity": 3})
    regs[2].refresh_from_db()
    regs[3].refresh_from_db()
    assert regs[2].is_confirmed and regs[3].is_waitlisted
    assert small_event.confirmed_count == 3


def test_a_cancelled_place_after_the_start_cannot_be_given_up(event, alice):
    registration = services.registration_create(event=event, member=alice)
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(services.RegistrationError, match="started"):
        services.registration_cancel(registration=registration)


def test_erasing_an_account_gives_up_future_places(small_event, members):
    from accounts.signals import account_erased
    from events.receivers import erase_member_data

    assert erase_member_data in account_erased._live_receivers(None)[0]
    regs = [services.registration_create(event=small_event, member=m) for m in members[:3]]
    erase_member_data(sender=None, user=members[0])
    regs[0].refresh_from_db()
    regs[2].refresh_from_db()
    assert regs[0].status == "cancelled"
    assert regs[2].is_confirmed


def test_account_erasure_end_to_end(small_event, members):
    from accounts.services import account_erase
    from events.models import CalendarToken

    regs = [services.registration_create(event=small_event, member=m) for m in members[:3]]
    CalendarToken.objects.create(member=members[0])
    account_erase(user=members[0])
    regs[0].refresh_from_db()
    regs[2].refresh_from_db()
    assert regs[0].status == "cancelled" and regs[0].answers == {}
    assert regs[2].is_confirmed
    assert not CalendarToken.objects.filter(member=members[0]).exists()
