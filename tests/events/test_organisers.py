"""Organisers (Editors): create and edit on the site, attendees, CSV, messages, series, admin."""

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    start = timezone.localtime() + dt.timedelta(days=14)
    data = {
        "title": "North West CCIO meeting",
        "summary": "Regional CCIOs meet in Manchester.",
        "description": "Lunch provided.",
        "kind": "regional",
        "format": "in_person",
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT15:00"),
        "venue_name": "Manchester Central",
        "venue_address": "Windmill Street, Manchester",
        "venue_postcode": "M2 3GX",
        "join_url": "",
        "join_link_minutes_before": "30",
        "capacity": "40",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "status": "published",
    }
    for prefix in ("questions", "materials"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data.update(overrides)
    return data


def test_an_editor_creates_an_event(ed_client, ed):
    response = ed_client.post("/events/new/", _form_data())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.slug == "north-west-ccio-meeting"
    assert event.organiser == ed
    assert timezone.localtime(event.starts_at).hour == 10
    assert event.description_html == "<p>Lunch provided.</p>\n"


def test_bad_input_keeps_what_was_typed(ed_client):
    data = _form_data(title="", summary="Kept summary text", ends_at=_form_data()["starts_at"].replace("10:", "08:"))
    response = ed_client.post("/events/new/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in page
    assert "The event must end after it starts" in page
    assert "Kept summary text" in page
    huge = ed_client.post("/events/new/", _form_data(title="x" * 5000))
    assert huge.status_code == 400 and "at most 200 characters" in huge.content.decode()
    assert "x" * 5000 in huge.content.decode()
    assert not Event.objects.exists()


def test_an_in_person_event_needs_a_venue(ed_client):
    response = ed_client.post("/events/new/", _form_data(venue_name=""))
    assert response.status_code == 400
    assert "Give the venue" in response.content.decode()


def test_editing_the_time_tells_attendees(ed_client, event, alice, bob):
    services.registration_create(event=event, member=alice)
    start = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    data = _form_data(
        title=event.title,
        summary=event.summary,
        description=event.description,
        kind=event.kind,
        format=event.format,
        venue_name="",
        venue_address="",
        venue_postcode="",
        join_url=event.join_url,
        capacity="20",
        starts_at=start.strftime("%Y-%m-%dT%H:%M"),
        ends_at=(start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    )
    response = ed_client.post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Notification.objects.filter(recipient=alice, kind="events.changed").count() == 1
    assert not Notification.objects.filter(recipient=bob).exists()
    event.refresh_from_db()
    assert event.sequence == 1


def test_editing_only_the_summary_tells_nobody(event, alice):
    services.registration_create(event=event, member=alice)
    services.event_update(event=event, changes={"summary": "Better words."})
    assert not Notification.objects.filter(kind="events.changed").exists()


def test_attendee_list_and_csv(ed_client, small_event, members):
    question = small_event.questions.create(text="Dietary needs")
    services.registration_create(event=small_event, member=members[0], answers={str(question.pk): "=HYPERLINK(1)"})
    for member in members[1:]:
        services.registration_create(event=small_event, member=member)
    page = ed_client.get(f"/events/{small_event.slug}/attendees/").content.decode()
    assert "Confirmed (2 of 2)" in page and "Waiting list (2)" in page
    response = ed_client.get(f"/events/{small_event.slug}/attendees.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "Dietary needs"
    assert [row[3] for row in rows[1:]] == ["Confirmed", "Confirmed", "On the waiting list", "On the waiting list"]
    assert [row[4] for row in rows[1:]] == ["", "", "1", "2"]
    assert rows[1][-1] == "'=HYPERLINK(1)"  # no formula injection


def test_every_csv_cell_is_escaped_the_header_row_too(ed_client, small_event, members):
    """Question texts are typed by organisers and head their column: a formula there runs as well."""
    for text in ("=1+1", "+SUM(A1)", "-2", "@cmd", "\tTab", "Fine question"):
        small_event.questions.create(text=text)
    services.registration_create(event=small_event, member=members[0])
    rows = list(csv.reader(io.StringIO(ed_client.get(f"/events/{small_event.slug}/attendees.csv").content.decode())))
    assert rows[0][-6:] == ["'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tTab", "Fine question"]
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    assert [cell for row in rows for cell in row if cell.startswith(dangerous)] == []


@pytest.mark.parametrize("count", [2, 25])
def test_attendee_list_query_budget(ed_client, count, django_assert_max_num_queries):
    event = factories.EventFactory(capacity=count // 2)
    for _ in range(count):
        services.registration_create(event=event, member=factories.MemberFactory())
    with django_assert_max_num_queries(10):
        assert ed_client.get(f"/events/{event.slug}/attendees/").status_code == 200


def test_email_all_attendees(ed_client, ed, small_event, members):
    for member in members:
        services.registration_create(event=small_event, member=member)
    response = ed_client.post(
        f"/events/{small_event.slug}/email/", {"subject": "Room change", "message": "We are in room 2 now."}
    )
    assert response.status_code == 302
    sent = Notification.objects.filter(kind="events.message")
    assert sorted(n.recipient_id for n in sent) == sorted(m.pk for m in members[:2])  # confirmed only
    assert sent.first().body == "We are in room 2 now."
    empty = ed_client.post(f"/events/{small_event.slug}/email/", {"subject": "", "message": "Kept message"})
    assert empty.status_code == 400 and "Kept message" in empty.content.decode()


def test_repeat_monthly_keeps_london_wall_time(ed_client, ed):
    year = timezone.localdate().year + 1
    london = zoneinfo.ZoneInfo("Europe/London")
    event = factories.EventFactory(
        title="Monthly CCIO call",
        starts_at=dt.datetime(year, 2, 10, 12, tzinfo=london),
        ends_at=dt.datetime(year, 2, 10, 13, tzinfo=london),
    )
    event.questions.create(text="Topic suggestions")
    response = ed_client.post(f"/events/{event.slug}/repeat/", {"repeat": "monthly", "count": "6"})
    assert response.status_code == 302
    events = list(Event.objects.filter(series__isnull=False).order_by("starts_at"))
    assert len(events) == 6
    assert [timezone.localtime(e.starts_at).month for e in events] == [2, 3, 4, 5, 6, 7]
    assert {timezone.localtime(e.starts_at).hour for e in events} == {12}  # GMT and BST dates alike
    assert len({e.slug for e in events}) == 6
    assert all(e.questions.count() == 1 for e in events)
    assert Registration.objects.count() == 0


def test_weekly_series_through_the_service(event):
    series, copies = services.series_create(event=event, repeat="weekly", count=4)
    start = timezone.localtime(event.starts_at)
    assert [(timezone.localtime(c.starts_at).date() - start.date()).days for c in copies] == [7, 14, 21]
    assert {timezone.localtime(c.starts_at).time() for c in copies} == {start.time()}
    assert all(c.series == series for c in copies)


def test_admin_saves_go_through_the_service(client, event, alice):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True, mfa=True)
    client.force_login(admin)
    services.registration_create(event=event, member=alice)
    assert client.get("/admin/events/event/").status_code == 200
    assert client.get(f"/admin/events/event/{event.pk}/change/").status_code == 200
    assert client.get("/admin/events/registration/").status_code == 200
    response = client.post(
        "/admin/events/event/",
        {"action": "cancel_events", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert Notification.objects.filter(recipient=alice, kind="events.cancelled").exists()


def test_the_edit_form_does_not_offer_cancelling(ed_client, event):
    page = ed_client.get(f"/events/{event.slug}/edit/").content.decode()
    assert 'value="cancelled"' not in page


def test_cancelling_through_an_update_tells_everyone(event, alice):
    services.registration_create(event=event, member=alice)
    services.event_update(event=event, changes={"status": "cancelled"})
    assert event.status == "cancelled"
    assert Notification.objects.filter(recipient=alice, kind="events.cancelled").count() == 1


def test_organiser_sets_questions_and_adds_materials_on_the_site(ed_client):
    response = ed_client.post(
        "/events/new/",
        _form_data(
            **{
                "questions-TOTAL_FORMS": "2",
                "questions-0-text": "Dietary needs",
                "questions-0-required": "on",
                "questions-0-order": "1",
                "questions-1-text": "",
                "questions-1-order": "0",
            }
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert [(q.text, q.required) for q in event.questions.all()] == [("Dietary needs", True)]
    question = event.questions.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _form_data(
        **{
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-id": str(question.pk),
            "questions-0-text": "Dietary or access needs",
            "questions-0-order": "1",
            "materials-TOTAL_FORMS": "2",
            "materials-0-title": "Slides",
            "materials-0-file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4"),
            "materials-0-order": "0",
            "materials-1-title": "Bad page",
            "materials-1-file": SimpleUploadedFile("page.html", b"<script>alert(1)</script>"),
            "materials-1-order": "0",
        }
    )
    refused = ed_client.post(f"/events/{event.slug}/edit/", data)
    assert refused.status_code == 400
    assert "Upload a file of one of these types" in refused.content.decode()
    assert not event.materials.exists()
    data["materials-TOTAL_FORMS"] = "1"
    data["materials-0-file"] = SimpleUploadedFile("slides.pdf", b"%PDF-1.4")
    assert ed_client.post(f"/events/{event.slug}/edit/", data).status_code == 302
    assert event.materials.get().file.name.endswith(".pdf")
    assert event.questions.get().text == "Dietary or access needs"


def test_admin_change_goes_through_event_update(rf, ed, event, alice):
    from django.contrib.admin.sites import site

    from events.admin import EventAdmin

    services.registration_create(event=event, member=alice)
    model_admin = EventAdmin(Event, site)
    request = rf.post("/admin/")
    request.user = ed
    form_class = model_admin.get_form(request, event)
    data = {f: getattr(event, f) for f in form_class.base_fields if f not in ("organiser", "series")}
    for name in ("starts_at", "ends_at"):  # the admin's split date and time widgets, London time
        moment = timezone.localtime(getattr(event, name) + dt.timedelta(hours=2))
        data |= {f"{name}_0": moment.strftime("%d/%m/%Y"), f"{name}_1": moment.strftime("%H:%M:%S")}
        del data[name]
    for name in ("registration_opens_at", "registration_closes_at"):
        del data[name]
    form = form_class(data, instance=Event.objects.get(pk=event.pk))
    assert form.is_valid(), form.errors
    obj = form.save(commit=False)
    model_admin.save_model(request, obj, form, change=True)
    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.filter(recipient=alice, kind="events.changed").exists()
