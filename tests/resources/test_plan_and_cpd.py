"""The learning plan and the CPD log: private to the member, offers confirmed by them, totals, exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from events import services as event_services
from events.models import Registration
from resources.models import CPDEntry, PlanItem, Resource, appraisal_year_label, appraisal_year_start
from tests import factories
from tests.resources.conftest import HOSTILE, assert_inert, pdf_upload

pytestmark = pytest.mark.django_db


def _entry_data(**overrides):
    data = {
        "date": "2026-05-01",
        "title": "Safety case workshop",
        "type": "course",
        "hours": "2.5",
        "learned": "How to write a **hazard** log.",
        "impact": "Monthly hazard reviews.",
    }
    return data | overrides


def test_appraisal_years_run_april_to_march():
    assert appraisal_year_start(dt.date(2026, 3, 31)) == 2025
    assert appraisal_year_start(dt.date(2026, 4, 1)) == 2026
    assert appraisal_year_label(2025) == "2025/26"
    assert appraisal_year_label(1999) == "1999/00"


# --- the plan ------------------------------------------------------------------


def test_the_plan_lists_items_by_status(alice_client, alice):
    factories.PlanItemFactory(member=alice, resource=factories.ResourceFactory(title="FHIR intro"))
    factories.PlanItemFactory(member=alice, status="in_progress", resource=factories.ResourceFactory(title="MSc"))
    response = alice_client.get("/account/learning/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert html.index("In progress (1)") < html.index("Planned (1)")


def test_finishing_a_plan_item_offers_a_prefilled_cpd_entry_that_the_member_confirms(alice_client, alice):
    resource = factories.ResourceFactory(title="Clinical safety officer training", cpd_hours=12)
    item = factories.PlanItemFactory(member=alice, resource=resource)
    response = alice_client.post(f"/account/learning/{item.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    assert response.url == f"/account/cpd/new/?plan_item={item.pk}"
    assert not CPDEntry.objects.exists()  # offered, not added
    form = alice_client.get(response.url)
    assert form.context["form"].initial["title"] == "Clinical safety officer training"
    assert form.context["form"].initial["hours"] == Decimal("12.0")
    assert 'data-testid="prefilled"' in form.content.decode()
    data = _entry_data(title="Clinical safety officer training", hours="12", date=timezone.localdate().isoformat())
    alice_client.post(response.url, data)
    alice_client.post(response.url, data)  # a double submit adds nothing more
    entry = CPDEntry.objects.get()
    assert (entry.member, entry.resource) == (alice, resource)
    item.refresh_from_db()
    assert item.status == "done" and item.done_at is not None
    assert "In your CPD log" in alice_client.get("/account/learning/").content.decode()


def test_editing_an_item_keeps_the_note_private(alice_client, bob_client, alice):
    item = factories.PlanItemFactory(member=alice)
    response = alice_client.post(
        f"/account/learning/{item.pk}/",
        {"status": "in_progress", "target_date": "2027-01-31", "note": "Ask my AMD for study leave."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.target_date, item.note) == (
        "in_progress",
        dt.date(2027, 1, 31),
        "Ask my AMD for study leave.",
    )
    assert "study leave" not in bob_client.get("/account/learning/").content.decode()


def test_a_bad_plan_form_keeps_what_was_typed(alice_client, alice):
    item = factories.PlanItemFactory(member=alice)
    response = alice_client.post(
        f"/account/learning/{item.pk}/", {"status": "nonsense", "target_date": "31/02/2027", "note": "Keep me"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep me" in html and "<title>Error:" in html


def test_removing_an_item(alice_client, alice):
    item = factories.PlanItemFactory(member=alice)
    alice_client.post(f"/account/learning/{item.pk}/remove/")
    assert not PlanItem.objects.exists()


# --- privacy: the role matrix ----------------------------------------------------


@pytest.fixture
def alices_things(alice, members_file_resource):
    item = factories.PlanItemFactory(member=alice, note="Private plan note")
    entry = factories.CPDEntryFactory(member=alice, title="Alice's private reflection")
    from core.files import process_document

    document = process_document(pdf_upload("evidence.pdf"))
    entry.evidence = document.file
    entry.evidence_name = document.original_name
    entry.save()
    return item, entry


@pytest.mark.parametrize("who", ["bob", "ed", "mo", "staff"])
def test_another_persons_plan_log_and_evidence_are_404(request, who, alices_things):
    item, entry = alices_things
    client = request.getfixturevalue(f"{who}_client")
    for url in [
        f"/account/learning/{item.pk}/",
        f"/account/cpd/{entry.pk}/",
        f"/account/cpd/{entry.pk}/delete/",
        f"/account/cpd/{entry.pk}/evidence/",
        f"/account/cpd/new/?plan_item={item.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"/account/learning/{item.pk}/",
        f"/account/learning/{item.pk}/status/",
        f"/account/learning/{item.pk}/remove/",
        f"/account/cpd/{entry.pk}/",
        f"/account/cpd/{entry.pk}/delete/",
    ]:
        assert client.post(url, {"status": "done", **_entry_data()}).status_code == 404, url
    # Their own pages never show Alice's things.
    for url in [
        "/account/learning/",
        "/account/cpd/",
        "/account/cpd/export/?start=2000-01-01&end=2100-01-01&format=csv",
    ]:
        response = client.get(url)
        body = response.content.decode() if not response.streaming else ""
        assert "Private plan note" not in body and "Alice's private reflection" not in body
    PlanItem.objects.get(pk=item.pk)
    CPDEntry.objects.get(pk=entry.pk)


@pytest.mark.parametrize("who", ["visitor", "una"])
def test_visitors_and_non_members_have_no_plan_or_log(request, who, alices_things):
    item, entry = alices_things
    client = request.getfixturevalue(f"{who}_client")
    for url in ["/account/learning/", "/account/cpd/", f"/account/cpd/{entry.pk}/evidence/", "/account/cpd/export/"]:
        response = client.get(url)
        assert response.status_code == (302 if who == "visitor" else 403), url


def test_the_member_downloads_their_own_evidence(alice_client, alices_things):
    _item, entry = alices_things
    response = alice_client.get(f"/account/cpd/{entry.pk}/evidence/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cpd-evidence-')
    assert response["X-Content-Type-Options"] == "nosniff"


# --- entries -----------------------------------------------------------------------


def test_a_member_adds_an_entry_with_evidence(alice_client, alice, settings):
    response = alice_client.post("/account/cpd/new/", _entry_data(evidence=pdf_upload("certificate.pdf")))
    assert response.status_code == 302
    entry = CPDEntry.objects.get(member=alice)
    assert entry.learned_html == "<p>How to write a <strong>hazard</strong> log.</p>\n"
    assert entry.evidence_name == "certificate.pdf"
    assert entry.evidence.name.startswith("cpd/") and "certificate" not in entry.evidence.name
    assert str(settings.PRIVATE_MEDIA_ROOT) in entry.evidence.path


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<html><script>alert(1)</script></html>"),
        ("run.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        ("empty.pdf", b""),
        ("../../../etc/cron.d/x.pdf", b"<html></html>"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_typed_is_lost(alice_client, name, content):
    data = _entry_data(title="Keep this title", evidence=SimpleUploadedFile(name, content))
    response = alice_client.post("/account/cpd/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep this title" in html
    assert "<title>Error:" in html
    assert not CPDEntry.objects.exists()


def test_oversized_evidence_is_refused(alice_client, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 100
    response = alice_client.post("/account/cpd/new/", _entry_data(evidence=SimpleUploadedFile("a.txt", b"a" * 101)))
    assert response.status_code == 400
    assert "the largest we accept" in response.content.decode()


def test_editing_replaces_and_clears_evidence(alice_client, alice):
    alice_client.post("/account/cpd/new/", _entry_data(evidence=pdf_upload("one.pdf")))
    entry = CPDEntry.objects.get()
    first = entry.evidence.path
    alice_client.post(f"/account/cpd/{entry.pk}/", _entry_data(evidence=SimpleUploadedFile("two.txt", b"notes\n")))
    entry.refresh_from_db()
    assert entry.evidence_name == "two.txt"
    import os

    assert not os.path.exists(first)
    alice_client.post(f"/account/cpd/{entry.pk}/", _entry_data(**{"evidence-clear": "on"}))
    entry.refresh_from_db()
    assert not entry.evidence


def test_deleting_an_entry_deletes_its_evidence(alice_client, alices_things):
    _item, entry = alices_things
    path = entry.evidence.path
    assert alice_client.get(f"/account/cpd/{entry.pk}/delete/").status_code == 200
    alice_client.post(f"/account/cpd/{entry.pk}/delete/")
    assert not CPDEntry.objects.filter(pk=entry.pk).exists()
    import os

    assert not os.path.exists(path)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_in_every_field_is_inert(alice_client, alice, payload):
    data = _entry_data(title=f"T {payload}", learned=f"L {payload}", impact=f"I {payload}")
    assert alice_client.post("/account/cpd/new/", data).status_code == 302
    item = factories.PlanItemFactory(member=alice, resource=factories.ResourceFactory(title=f"R {payload}"))
    alice_client.post(f"/account/learning/{item.pk}/", {"status": "planned", "note": f"N {payload}"})
    entry = CPDEntry.objects.get()
    for url in ["/account/cpd/", f"/account/cpd/{entry.pk}/", "/account/learning/", f"/account/learning/{item.pk}/"]:
        assert_inert(alice_client.get(url).content.decode())


def test_nul_bytes_and_huge_text_get_a_clear_4xx(alice_client):
    response = alice_client.post("/account/cpd/new/", _entry_data(title="Bad\x00title", learned="x" * 30_000))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Null characters are not allowed." in html
    assert "Ensure this value has at most 20000 characters" in html


def test_future_dates_and_zero_hours_are_refused(alice_client):
    tomorrow_plus = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = alice_client.post("/account/cpd/new/", _entry_data(date=tomorrow_plus, hours="0"))
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()


# --- the log: totals, offers, exports ----------------------------------------------


def test_totals_by_appraisal_year_and_type(alice_client, alice):
    factories.CPDEntryFactory(member=alice, date=dt.date(2025, 4, 1), hours=2, type="course")
    factories.CPDEntryFactory(member=alice, date=dt.date(2026, 3, 31), hours=Decimal("1.5"), type="reading")
    factories.CPDEntryFactory(member=alice, date=dt.date(2026, 4, 1), hours=3, type="teaching")
    factories.CPDEntryFactory(member=factories.MemberFactory(), date=dt.date(2025, 5, 1), hours=50)
    response = alice_client.get("/account/cpd/?year=2025")
    years = {y["label"]: y for y in response.context["years"]}
    assert years["2025/26"]["total"] == Decimal("3.5")
    assert years["2025/26"]["by_type"] == [("Course", Decimal("2")), ("Reading", Decimal("1.5"))]
    assert years["2026/27"]["total"] == Decimal("3")
    assert response.context["totals"]["total"] == Decimal("3.5")
    assert len(response.context["entries"]) == 2


def test_attending_an_event_offers_a_prefilled_entry(alice_client, alice, ed):
    start = timezone.now() - dt.timedelta(days=2)
    event = factories.EventFactory(
        title="Safety huddle", starts_at=start, ends_at=start + dt.timedelta(hours=2), cpd_hours=Decimal("1.5")
    )
    registration = Registration.objects.create(event=event, member=alice, status="confirmed")
    assert "Safety huddle" not in alice_client.get("/account/cpd/").content.decode()
    event_services.attendance_mark(registration=registration, by=ed)
    page = alice_client.get("/account/cpd/").content.decode()
    assert f"/account/cpd/new/?event={event.slug}" in page
    form = alice_client.get(f"/account/cpd/new/?event={event.slug}")
    assert form.context["form"].initial["title"] == "Safety huddle"
    assert form.context["form"].initial["type"] == "event"
    assert not CPDEntry.objects.exists()
    alice_client.post(f"/account/cpd/new/?event={event.slug}", _entry_data(title="Safety huddle", type="event"))
    assert CPDEntry.objects.get().event == event
    assert f"?event={event.slug}" not in alice_client.get("/account/cpd/").content.decode()


def test_an_event_not_attended_cannot_be_prefilled(alice_client):
    event = factories.EventFactory()
    assert alice_client.get(f"/account/cpd/new/?event={event.slug}").status_code == 404


def test_export_csv_of_a_period(alice_client, alice):
    factories.CPDEntryFactory(member=alice, date=dt.date(2025, 6, 1), title="=HYPERLINK(evil)", hours=2)
    factories.CPDEntryFactory(member=alice, date=dt.date(2024, 6, 1), title="Too early")
    response = alice_client.get("/account/cpd/export/?start=2025-04-01&end=2026-03-31&format=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cpd-log-2025-04-01-to-2026-03-31.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["Date", "Appraisal year", "Title", "Type", "Hours"]
    assert rows[1][:5] == ["2025-06-01", "2025/26", "'=HYPERLINK(evil)", "Course", "2.00"]
    assert len(rows) == 2


def test_export_pdf_holds_the_name_period_totals_and_hostile_text_as_text(alice_client, alice):
    alice.display_name = "Dr Alice <b>Adams</b>"
    alice.save()
    for n, payload in enumerate(HOSTILE):
        factories.CPDEntryFactory(
            member=alice,
            date=dt.date(2025, 5, 1 + n),
            title=f"Entry {payload}",
            hours=1,
            learned=f"Learned {payload} ![pic](http://127.0.0.1:9/tracker.png)",
            impact=f"Impact {payload}",
        )
    response = alice_client.get("/account/cpd/export/?start=2025-04-01&end=2026-03-31&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Dr Alice <b>Adams</b>" in flat
    assert "1 April 2025 to 31 March 2026" in flat
    assert "All CPD in the period 4" in flat
    assert "Entry <script>alert(1)</script>" in flat
    assert "Entry <img src=x onerror=alert(1)>" in flat
    assert "Impact" in flat and "What I learned" in flat


def test_a_bad_export_period_is_a_clear_400(alice_client):
    response = alice_client.get("/account/cpd/export/?start=2026-05-01&end=2025-01-01&format=pdf")
    assert response.status_code == 400
    assert "must be after its start" in response.content.decode()
    assert alice_client.get("/account/cpd/export/").status_code == 200


def _fill(member, n, start):
    """n plan items (a third of them done) and n CPD entries this appraisal year, written in bulk."""
    now = timezone.now()
    resources = Resource.objects.bulk_create(
        [
            Resource(
                title=f"Bulk {start + i}",
                slug=f"bulk-{start + i}",
                summary="S",
                url="https://example.org",
                status="published",
                publish_at=now,
            )
            for i in range(n)
        ]
    )
    PlanItem.objects.bulk_create(
        [
            PlanItem(
                member=member,
                resource=r,
                status=["planned", "in_progress", "done"][i % 3],
                done_at=now if i % 3 == 2 else None,
            )
            for i, r in enumerate(resources)
        ]
    )
    day = timezone.localdate()
    CPDEntry.objects.bulk_create(
        [
            CPDEntry(
                member=member,
                date=day - dt.timedelta(days=i % 20),
                title=f"Entry {start + i}",
                hours=1,
                learned_html="<p>L</p>",
                resource=r if i % 2 else None,
            )
            for i, r in enumerate(resources)
        ]
    )


@pytest.mark.parametrize("url", ["/account/learning/", "/account/cpd/"])
def test_plan_and_log_cost_the_same_queries_for_5_and_500_items(alice, url, django_assert_max_num_queries):
    client = Client()
    client.force_login(alice)
    _fill(alice, 5, 0)
    client.get(url)  # her header counts are kept from the first view on
    with django_assert_max_num_queries(10) as few:
        assert client.get(url).status_code == 200
    _fill(alice, 495, 5)
    with django_assert_max_num_queries(10) as many:
        assert client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
