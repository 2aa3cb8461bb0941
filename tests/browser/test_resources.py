"""Resources in a real browser, axe on every page: library, learning plan, CPD log, check-in, certificates."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from events.models import Registration
from resources.models import CPDEntry
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf_text(path):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_a_member_filters_plans_finishes_logs_and_exports(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    safety = factories.TopicFactory(name="Clinical safety")
    factories.ResourceFactory(
        title="Clinical safety officer training", kind="course", level="intermediate", cpd_hours=12, topics=[safety]
    )
    factories.ResourceFactory(title="Hazard log template", kind="template", topics=[safety])
    factories.ResourceFactory(title="Introduction to FHIR", kind="course", level="introductory")
    login_as(alice)

    page.goto(live_server.url + "/resources/")
    check_accessibility(page)
    filters = page.get_by_role("form", name="Filter resources")
    filters.get_by_label(re.compile(r"^Course")).check()
    filters.locator("summary", has_text="Level").click()  # the first two filters are open, the rest folded
    filters.get_by_label(re.compile(r"^Intermediate")).check()
    filters.get_by_role("button", name="Show resources").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resource")
    check_accessibility(page)

    page.get_by_role("link", name="Clinical safety officer training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clinical safety officer training")
    check_accessibility(page)
    page.get_by_role("button", name="Add to my learning plan").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("On your learning plan: planned.")
    page.get_by_role("button", name="I found this useful").click()
    expect(page.get_by_test_id("useful-count")).to_have_text("1 member found this useful.")

    page.get_by_role("link", name="See your learning plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your learning plan")
    check_accessibility(page)
    page.get_by_label("Status of Clinical safety officer training").select_option("done")
    page.get_by_role("button", name="Update Clinical safety officer training").click()

    expect(page.get_by_test_id("prefilled")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Clinical safety officer training")
    expect(page.get_by_label("Hours")).to_have_value("12.0")
    assert not CPDEntry.objects.exists()
    check_accessibility(page)
    page.get_by_label("What I learned").fill("How to build a **safety case**.")
    page.get_by_label("How it changed my practice").fill("I chair our clinical safety group.")
    page.get_by_role("button", name="Save to my CPD log").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your CPD log")
    expect(page.get_by_role("link", name="Clinical safety officer training").first).to_be_visible()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("region", name="Export for your appraisal").get_by_role("button", name="Download").click()
    text = _pdf_text(download.value.path())
    assert "Dr Alice Adams" in text and "Clinical safety officer training" in text and "safety case" in text
    assert CPDEntry.objects.get().resource.title == "Clinical safety officer training"


def test_an_organiser_checks_in_on_a_phone_and_the_attendee_gets_a_certificate(
    browser, live_server, check_accessibility
):
    from django.conf import settings
    from django.test import Client

    ed = factories.EditorFactory(username="ed")
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    start = timezone.now() - dt.timedelta(minutes=20)
    event = factories.EventFactory(
        title="Safety huddle", starts_at=start, ends_at=start + dt.timedelta(hours=2), cpd_hours=Decimal("1.5")
    )
    Registration.objects.create(event=event, member=alice, status="confirmed")
    for name in ("Dr Bob Brown", "Dr Carol Chen"):
        Registration.objects.create(event=event, member=factories.MemberFactory(display_name=name), status="confirmed")

    def context_for(user, **kwargs):
        client = Client()
        client.force_login(user)
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London", reduced_motion="reduce", **kwargs)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        return context

    phone = context_for(ed, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/events/{event.slug}/check-in/")
    expect(page.locator("#checkin-count")).to_have_text("0 of 3 checked in")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)
    page.get_by_label("Find an attendee by name").fill("alice")
    page.get_by_role("button", name="Search attendees").click()
    expect(page.get_by_text("Dr Bob Brown")).to_have_count(0)
    page.get_by_role("button", name=re.compile(r"Mark attended.*Dr Alice Adams")).click()
    expect(page.locator("#checkin-count")).to_have_text("1 of 3 checked in")
    expect(page.get_by_test_id("attendance-state")).to_contain_text("Attended, checked in at")
    expect(page.get_by_role("button", name=re.compile(r"Undo.*check-in of Dr Alice Adams"))).to_be_focused()
    check_accessibility(page)
    phone.close()

    attendee = context_for(alice)
    page = attendee.new_page()
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_test_id("registration-status")).to_have_text("You attended this event.")
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_test_id("certificate-link").click()
    text = _pdf_text(download.value.path())
    assert "Certificate of attendance" in text and "Dr Alice Adams" in text and "Safety huddle" in text
    code = Registration.objects.get(member=alice).certificate_code
    page.goto(f"{live_server.url}/events/certificates/{code}/")
    expect(page.get_by_test_id("certificate-verdict")).to_contain_text("Dr Alice Adams attended")
    check_accessibility(page)
    page.goto(live_server.url + "/account/cpd/")
    expect(page.get_by_role("link", name=re.compile(r"add it to your log.*Safety huddle"))).to_be_visible()
    check_accessibility(page)
    attendee.close()


def test_library_pages_for_visitors_and_editors_have_no_accessibility_violations(
    page, context, live_server, login_as, check_accessibility
):
    members_only = factories.ResourceFactory(title="Job plan template", access="members", kind="template")
    factories.ResourceFactory(title="Introduction to FHIR", featured=True)
    for path in ["/resources/", "/resources/?kind=template&q=plan", members_only.get_absolute_url()]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_accessibility(page)
    login_as(factories.EditorFactory(username="ed"))
    for path in [
        "/editor/resources/new/",
        f"/editor/resources/{members_only.pk}/edit/",
        members_only.get_editor_url(),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_accessibility(page)
