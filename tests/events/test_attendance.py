"""Attendance at events: CPD hours, the organisers' check-in page, attendance lists, certificates and their check."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.services import account_erase
from events import services
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_event(db):
    start = timezone.now() - dt.timedelta(minutes=30)
    return factories.EventFactory(
        title="Safety huddle",
        slug="safety-huddle",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        cpd_hours=Decimal("1.5"),
    )


@pytest.fixture
def places(today_event, alice, bob):
    return {
        "alice": Registration.objects.create(event=today_event, member=alice, status="confirmed"),
        "bob": Registration.objects.create(event=today_event, member=bob, status="confirmed"),
    }


def test_cpd_hours_are_set_by_organisers_and_shown(ed_client, visitor_client, today_event):
    html = visitor_client.get(today_event.get_absolute_url()).content.decode()
    assert "1.5 hours of continuing professional development" in html


@pytest.mark.parametrize(("who", "status"), [("visitor", 302), ("alice", 403), ("mo", 403), ("una", 403)])
def test_only_organisers_open_the_check_in_page_or_mark(request, who, status, places, today_event):
    client = request.getfixturevalue(f"{who}_client")
    assert client.get("/events/safety-huddle/check-in/").status_code == status
    response = client.post(f"/events/safety-huddle/check-in/{places['bob'].pk}/", {"action": "mark"})
    assert response.status_code == status
    assert not Registration.objects.filter(attended_at__isnull=False).exists()


def test_an_organiser_searches_marks_and_undoes(ed_client, ed, places):
    page = ed_client.get("/events/safety-huddle/check-in/?q=alice")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Dr Alice Adams" in html and "Dr Bob Brown" not in html
    assert "0 of 2 checked in" in html
    response = ed_client.post(
        f"/events/safety-huddle/check-in/{places['alice'].pk}/", {"action": "mark", "q": "alice"}
    )
    assert response.status_code == 302
    assert response.url == f"/events/safety-huddle/check-in/?q=alice#registration-{places['alice'].pk}"
    registration = Registration.objects.get(pk=places["alice"].pk)
    assert registration.attended_at is not None and registration.checked_in_by == ed
    code = registration.certificate_code
    assert len(code) >= 24
    # Marking twice changes nothing; undo clears it but keeps the code.
    ed_client.post(f"/events/safety-huddle/check-in/{places['alice'].pk}/", {"action": "mark"})
    assert "1 of 2 checked in" in ed_client.get("/events/safety-huddle/check-in/").content.decode()
    ed_client.post(f"/events/safety-huddle/check-in/{places['alice'].pk}/", {"action": "undo"})
    registration.refresh_from_db()
    assert registration.attended_at is None and registration.certificate_code == code


def test_marking_with_htmx_swaps_the_row_and_the_count(ed_client, places):
    response = ed_client.post(
        f"/events/safety-huddle/check-in/{places['bob'].pk}/", {"action": "mark"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="registration-{places["bob"].pk}"' in html and "Attended, checked in at" in html
    assert 'id="checkin-count"' in html and 'hx-swap-oob="true"' in html and "1 of 2 checked in" in html


def test_check_in_is_refused_before_the_day_and_for_waitlisted_or_cancelled_places(ed, ed_client, alice, bob):
    later = factories.EventFactory(slug="later")
    registration = Registration.objects.create(event=later, member=alice, status="confirmed")
    response = ed_client.post(f"/events/later/check-in/{registration.pk}/", {"action": "mark"}, follow=True)
    assert "Check-in opens on the day of the event" in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).attended_at is None
    start = timezone.now() - dt.timedelta(hours=1)
    now_event = factories.EventFactory(slug="now", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    waiting = Registration.objects.create(event=now_event, member=bob, status="waitlisted")
    assert ed_client.post(f"/events/now/check-in/{waiting.pk}/", {"action": "mark"}).status_code == 404
    with pytest.raises(services.AttendanceError):
        services.attendance_mark(registration=waiting, by=ed)


def test_a_registration_of_another_event_is_404(ed_client, places):
    factories.EventFactory(slug="other")
    assert ed_client.post(f"/events/other/check-in/{places['alice'].pk}/", {"action": "mark"}).status_code == 404


def test_attendance_on_the_attendee_page_and_in_the_csv(ed_client, ed, places):
    services.attendance_mark(registration=places["alice"], by=ed)
    html = ed_client.get("/events/safety-huddle/attendees/").content.decode()
    assert "1 attended." in html
    assert '<th scope="col">Attended</th>' in html
    rows = list(csv.reader(io.StringIO(ed_client.get("/events/safety-huddle/attendees.csv").content.decode())))
    assert rows[0][6] == "Attended (London time)"
    attended = {row[1]: row[6] for row in rows[1:]}
    assert attended["alice"] != "" and attended["bob"] == ""


def test_the_check_in_page_costs_the_same_queries_for_few_and_many(
    ed_client, today_event, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            Registration.objects.create(event=today_event, member=factories.MemberFactory(), status="confirmed")

    add(3)
    ed_client.get("/events/safety-huddle/check-in/")  # the organiser's header counts are kept from here on
    with django_assert_max_num_queries(12) as few:
        ed_client.get("/events/safety-huddle/check-in/")
    add(40)
    with django_assert_max_num_queries(12) as many:
        ed_client.get("/events/safety-huddle/check-in/")
    assert len(few.captured_queries) == len(many.captured_queries)


# --- certificates ------------------------------------------------------------------


def _pdf_text(content):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())


def test_an_attendee_downloads_their_certificate(alice_client, ed, places, visitor_client):
    assert alice_client.get("/events/safety-huddle/certificate/").status_code == 404  # not yet attended
    services.attendance_mark(registration=places["alice"], by=ed)
    page = alice_client.get("/events/safety-huddle/").content.decode()
    assert 'data-testid="certificate-link"' in page
    response = alice_client.get("/events/safety-huddle/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="certificate-safety-huddle.pdf"'
    text = _pdf_text(response.content)
    code = Registration.objects.get(pk=places["alice"].pk).certificate_code
    assert "Certificate of attendance" in text
    assert "Dr Alice Adams" in text and "Safety huddle" in text
    assert "1.5 hours of continuing professional development" in text
    assert f"/events/certificates/{code}/" in text.replace(" ", "")
    verify = visitor_client.get(f"/events/certificates/{code}/")
    assert verify.status_code == 200
    assert "This certificate is genuine" in verify.content.decode()
    assert "Dr Alice Adams attended" in verify.content.decode()
    assert "alice@" not in verify.content.decode()


@pytest.mark.parametrize("who", ["bob", "ed", "mo", "staff", "visitor"])
def test_another_persons_certificate_is_404(request, who, ed, places):
    services.attendance_mark(registration=places["alice"], by=ed)
    client = request.getfixturevalue(f"{who}_client")
    response = client.get("/events/safety-huddle/certificate/")
    assert response.status_code in ((302,) if who == "visitor" else (404,))


def test_verification_of_an_unknown_undone_or_erased_certificate_says_not_found(visitor_client, ed, places, alice):
    assert visitor_client.get("/events/certificates/not-a-real-code/").status_code == 404
    registration = services.attendance_mark(registration=places["alice"], by=ed)
    code = registration.certificate_code
    services.attendance_undo(registration=registration, by=ed)
    response = visitor_client.get(f"/events/certificates/{code}/")
    assert response.status_code == 404 and "Certificate not found" in response.content.decode()
    services.attendance_mark(registration=registration, by=ed)
    assert visitor_client.get(f"/events/certificates/{code}/").status_code == 200
    account_erase(user=alice)
    assert visitor_client.get(f"/events/certificates/{code}/").status_code == 404


def test_my_events_links_certificates(alice_client, ed, alice):
    start = timezone.now() - dt.timedelta(days=3)
    event = factories.EventFactory(slug="past-one", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    registration = Registration.objects.create(event=event, member=alice, status="confirmed")
    services.attendance_mark(registration=registration, by=ed)
    assert "/events/past-one/certificate/" in alice_client.get("/events/my/").content.decode()
