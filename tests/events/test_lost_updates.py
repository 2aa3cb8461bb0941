"""Actions apply to what the person saw: nobody's change is undone by a form that was open meanwhile."""

import pytest
from django.utils import timezone

from events import services
from events.models import Event, EventQuestion, Registration
from tests import factories
from tests.events.test_organisers import _form_data


def _edit_data(client, event, **changes):
    """The organiser's edit form as they saw it, with their changes."""
    form = client.get(f"/events/{event.slug}/edit/").context["form"]
    data = _form_data(
        title=event.title,
        summary=event.summary,
        description=event.description,
        kind=event.kind,
        format=event.format,
        starts_at=timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        ends_at=timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        venue_postcode=event.venue_postcode,
        join_url=event.join_url,
        capacity="" if event.capacity is None else str(event.capacity),
        status=event.status,
        seen_version=form.initial["seen_version"],
    )
    return {**data, **changes}


# --- the waiting list -----------------------------------------------------------------


def test_leave_the_waiting_list_pressed_as_a_place_comes_up_keeps_the_place(alice, bob_client, bob):
    event = factories.EventFactory(capacity=1)
    alice_place = services.registration_create(event=event, member=alice)
    services.registration_create(event=event, member=bob)
    page = bob_client.get(f"/events/{event.slug}/cancel-registration/confirm/").content.decode()
    assert "Yes, leave the waiting list" in page and 'name="seen" value="waitlisted"' in page

    services.registration_cancel(registration=alice_place)  # bob is promoted meanwhile
    response = bob_client.post(f"/events/{event.slug}/cancel-registration/", {"seen": "waitlisted"}, follow=True)

    registration = Registration.objects.get(event=event, member=bob)
    assert registration.is_confirmed
    assert "A place came up for you just before you pressed the button" in response.content.decode()
    assert "You have left the waiting list" not in response.content.decode()


def test_leave_the_waiting_list_still_works_when_nothing_changed(bob_client, alice, bob):
    event = factories.EventFactory(capacity=1)
    services.registration_create(event=event, member=alice)
    services.registration_create(event=event, member=bob)
    response = bob_client.post(f"/events/{event.slug}/cancel-registration/", {"seen": "waitlisted"}, follow=True)
    assert not Registration.objects.get(event=event, member=bob).is_active
    assert "You have left the waiting list" in response.content.decode()


def test_cancel_my_place_after_the_organiser_cancelled_it_says_so(alice_client, alice, ed):
    event = factories.EventFactory()
    place = services.registration_create(event=event, member=alice)
    services.registration_cancel(registration=place, by=ed)
    response = alice_client.post(f"/events/{event.slug}/cancel-registration/", {"seen": "confirmed"}, follow=True)
    assert response.status_code == 200
    assert "You are not registered for this event" in response.content.decode()


# --- organisers editing the same event --------------------------------------------------


def test_an_edit_writes_only_what_the_organiser_changed(ed_client):
    event = factories.EventFactory(capacity=10, title="Roundtable on EPR")
    data = _edit_data(ed_client, event, title="Roundtable on EPR optimisation")
    services.event_update(event=event, changes={"capacity": 20})  # another organiser, meanwhile

    response = ed_client.post(f"/events/{event.slug}/edit/", data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Roundtable on EPR optimisation"
    assert event.capacity == 20  # not put back to the 10 the form showed


def test_two_organisers_changing_the_same_field_are_told_and_nothing_typed_is_lost(ed_client):
    event = factories.EventFactory(capacity=10)
    data = _edit_data(ed_client, event, capacity="15", summary="My new summary for the roundtable.")
    services.event_update(event=event, changes={"capacity": 20})

    response = ed_client.post(f"/events/{event.slug}/edit/", data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "While you were editing, someone else changed capacity" in page
    assert 'value="15"' in page and "My new summary for the roundtable." in page
    event.refresh_from_db()
    assert event.capacity == 20 and event.summary != "My new summary for the roundtable."
    # Saving again, having seen the message, keeps the organiser's version.
    again = {**data, "seen_version": response.context["form"].data["seen_version"]}
    assert ed_client.post(f"/events/{event.slug}/edit/", again).status_code == 302
    event.refresh_from_db()
    assert event.capacity == 15 and event.summary == "My new summary for the roundtable."


# --- double submits ------------------------------------------------------------------


def test_a_new_event_sent_twice_is_one_event_with_its_questions_once(ed_client):
    data = _form_data(**{"questions-TOTAL_FORMS": "1", "questions-0-text": "Dietary needs", "questions-0-order": "1"})
    first = ed_client.post("/events/new/", data)
    second = ed_client.post("/events/new/", data)
    event = Event.objects.get()
    assert first["Location"] == second["Location"] == event.get_absolute_url()
    assert EventQuestion.objects.filter(event=event).count() == 1


def test_the_same_title_by_another_organiser_is_a_second_event(ed_client, db):
    other = factories.EditorFactory()
    factories.EventFactory(title="North West CCIO meeting", slug="north-west-ccio-meeting", organiser=other)
    ed_client.post("/events/new/", _form_data())
    assert sorted(Event.objects.values_list("slug", flat=True)) == [
        "north-west-ccio-meeting",
        "north-west-ccio-meeting-2",
    ]


@pytest.mark.parametrize("field", ["title", "starts_at"])
def test_a_second_event_differing_in_title_or_time_is_a_second_event(ed_client, field):
    ed_client.post("/events/new/", _form_data())
    changed = {"title": "Another meeting"} if field == "title" else {}
    if field == "starts_at":
        changed["starts_at"] = _form_data()["starts_at"].replace("T10:", "T11:")
    ed_client.post("/events/new/", _form_data(**changed))
    assert Event.objects.count() == 2
