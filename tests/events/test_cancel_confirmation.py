"""A member who gives up their own place (or waiting-list place) is sent a confirmation."""

import datetime as dt

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration
from notifications import kinds
from notifications.models import Notification
from notifications.preferences import set_preference
from tests import factories

pytestmark = pytest.mark.django_db

KIND = "events.cancelled_by_you"


def _confirmations(user=None):
    notes = Notification.objects.filter(kind=KIND)
    return list(notes.filter(recipient=user) if user else notes)


def test_cancelling_your_place_confirms_it_on_the_site_and_by_email(
    event, alice, mailoutbox, django_capture_on_commit_callbacks
):
    registration = services.registration_create(event=event, member=alice)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    [note] = _confirmations(alice)
    assert note.title == "You cancelled your place at “EPR optimisation roundtable”"
    assert note.url == event.get_absolute_url()
    assert "confirmed place" in note.body
    assert "waiting list" not in note.body
    [message] = mailoutbox
    assert message.to == [alice.email]
    assert "You cancelled your place" in message.subject


def test_leaving_the_waiting_list_says_so(small_event, members):
    first, second, third = members[:3]
    services.registration_create(event=small_event, member=first)
    services.registration_create(event=small_event, member=second)
    waiting = services.registration_create(event=small_event, member=third)
    assert waiting.is_waitlisted
    services.waitlist_leave(registration=waiting)
    [note] = _confirmations(third)
    assert note.title == "You left the waiting list for “Small group”"
    assert "waiting list" in note.body
    assert "confirmed place" not in note.body
    assert _confirmations(first) == _confirmations(second) == []


def test_cancelling_on_the_event_page_confirms_it(alice_client, alice, event):
    services.registration_create(event=event, member=alice)
    response = alice_client.post(f"/events/{event.slug}/cancel-registration/")
    assert response.status_code == 302
    assert Registration.objects.get(event=event, member=alice).status == Registration.Status.CANCELLED
    assert len(_confirmations(alice)) == 1
    assert "You cancelled your place" in alice_client.get("/notifications/").content.decode()


def test_the_person_promoted_in_your_place_still_hears_only_of_the_promotion(small_event, members):
    first, second, third = members[:3]
    place = services.registration_create(event=small_event, member=first)
    services.registration_create(event=small_event, member=second)
    services.registration_create(event=small_event, member=third)
    services.registration_cancel(registration=place)
    assert len(_confirmations(first)) == 1
    assert _confirmations(third) == []
    assert Notification.objects.filter(recipient=third, kind="events.promoted").count() == 1


def test_no_email_for_a_member_who_chose_never(event, alice, mailoutbox, django_capture_on_commit_callbacks):
    set_preference(user=alice, kind=KIND, frequency=kinds.NEVER)
    registration = services.registration_create(event=event, member=alice)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    assert mailoutbox == []
    assert len(_confirmations(alice)) == 1


def test_an_organiser_cancelling_the_event_sends_only_the_cancellation(ed_client, event, alice, bob):
    services.registration_create(event=event, member=alice)
    services.registration_create(event=event, member=bob)
    response = ed_client.post(f"/events/{event.slug}/cancel/", {"reason": "Snow."})
    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    assert _confirmations() == []
    assert Notification.objects.filter(kind="events.cancelled").count() == 2


def test_a_place_already_cancelled_is_not_confirmed_twice(event, alice):
    registration = services.registration_create(event=event, member=alice)
    services.registration_cancel(registration=registration)
    services.registration_cancel(registration=registration)
    assert len(_confirmations(alice)) == 1


def test_a_refused_cancellation_sends_nothing(alice):
    event = factories.EventFactory(title="Started")
    registration = services.registration_create(event=event, member=alice)
    started = timezone.now() - dt.timedelta(minutes=5)
    Event.objects.filter(pk=event.pk).update(starts_at=started, ends_at=started + dt.timedelta(hours=1))
    with pytest.raises(services.RegistrationError, match="already started"):
        services.registration_cancel(registration=registration)
    assert _confirmations() == []


def test_cancelled_for_the_member_by_someone_else_tells_them_who(event, alice, ed):
    registration = services.registration_create(event=event, member=alice)
    services.registration_cancel(registration=registration, by=ed)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED
    assert _confirmations() == []
    told = Notification.objects.get(recipient=alice, kind="events.changed")
    assert told.text == f"Ed Editor cancelled your place at “{event.title}”" and told.actor == ed


def test_an_administrator_cancelling_places_in_the_admin_tells_the_members(client, event, alice):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    registration = services.registration_create(event=event, member=alice)
    response = client.post(
        "/admin/events/registration/",
        {"action": "cancel_registrations", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED
    assert _confirmations() == []
    assert Notification.objects.get(recipient=alice, kind="events.changed").actor == admin


def test_erasing_an_account_gives_up_places_without_a_confirmation(event, alice):
    from accounts.services import account_erase

    services.registration_create(event=event, member=alice)
    account_erase(user=alice)
    assert Registration.objects.get(event=event, member=alice).status == Registration.Status.CANCELLED
    assert _confirmations() == []
