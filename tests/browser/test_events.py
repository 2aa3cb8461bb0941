"""Events in a real browser: find an event in the month grid, register, join, cancel; waitlist promotion; axe."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _starting_soon(**kwargs):
    start = timezone.now() + dt.timedelta(minutes=10)
    return factories.EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1), **kwargs)


def test_member_finds_an_event_in_the_month_grid_registers_joins_and_cancels(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    event = _starting_soon(title="Safety huddle online", join_link_minutes_before=30)
    login_as(alice)
    page.goto(live_server.url + "/events/")
    page.get_by_role("navigation", name="Events").get_by_role("link", name="Calendar").click()
    local = timezone.localtime(event.starts_at)
    if local.month != timezone.localdate().month:  # ten minutes before midnight at the end of a month
        page.get_by_role("link", name="next month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Events in {local:%B %Y}")
    # Started after 23:00 it runs past midnight, and the grid shows it on both days: the first is its start.
    page.get_by_role("table").get_by_role("link", name="Safety huddle online").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety huddle online")
    expect(page.get_by_test_id("join-link")).to_have_count(0)

    page.get_by_role("button", name="Register").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("You are registered.")
    expect(page.get_by_test_id("join-link")).to_have_attribute("href", event.join_url)

    page.get_by_role("link", name="Cancel my place").click()
    page.get_by_role("button", name="Yes, cancel my place").click()
    expect(page.get_by_text(f"Your place at {event.title} is cancelled.")).to_be_visible()
    expect(page.get_by_test_id("join-link")).to_have_count(0)
    assert Registration.objects.get(member=alice).status == "cancelled"


def test_a_waitlisted_member_is_promoted_when_a_place_is_freed(page, context, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    bob = factories.MemberFactory(username="bob")
    event = factories.EventFactory(title="Tiny roundtable", capacity=1)
    services.registration_create(event=event, member=alice)

    login_as(bob)
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_text("Waitlist only")).to_be_visible()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("You are number 1 on the waiting list.")

    context.clear_cookies()
    login_as(alice)
    page.goto(live_server.url + "/events/my/")
    page.get_by_role("link", name="Cancel my place at Tiny roundtable").click()
    page.get_by_role("button", name="Yes, cancel my place").click()
    expect(page.get_by_text("You have no upcoming events")).to_be_visible()

    context.clear_cookies()
    login_as(bob)
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_test_id("registration-status")).to_have_text("You are registered.")
    page.goto(live_server.url + "/notifications/")
    expect(page.get_by_text("A place came up").first).to_be_visible()


def test_event_pages_have_no_accessibility_violations(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice")
    event = factories.InPersonEventFactory(title="Midlands meeting", capacity=2)
    event.questions.create(text="Dietary needs", help_text="We will pass this to the caterers.")
    conference = factories.InPersonEventFactory(title="Annual conference", kind="conference")
    for n in range(6):
        session = factories.SessionFactory(event=conference, track=("Data", "Safety", "Workforce")[n % 3])
        session.speakers.add(factories.SpeakerFactory())
    services.registration_create(event=conference, member=alice)
    login_as(alice)
    local = timezone.localtime(event.starts_at)
    for path in [
        "/events/",
        f"/events/calendar/{local.year}/{local.month}/",
        event.get_absolute_url(),
        conference.get_absolute_url(),
        "/events/past/",
        "/events/my/",
    ]:
        page.goto(live_server.url + path)
        check_accessibility(page)


def test_organiser_pages_have_no_accessibility_violations(page, live_server, login_as, check_accessibility):
    ed = factories.EditorFactory(username="ed")
    event = factories.EventFactory(title="Organised roundtable")
    services.registration_create(event=event, member=factories.MemberFactory())
    login_as(ed)
    paths = ["/events/new/", f"/events/{event.slug}/edit/", f"/events/{event.slug}/attendees/"]
    paths += [f"/events/{event.slug}/agenda/edit/", f"/events/{event.slug}/speakers/new/"]
    for path in paths:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check_accessibility(page)


def test_a_member_stars_sessions_without_a_page_reload(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice")
    conference = factories.InPersonEventFactory(title="Annual conference", kind="conference")
    factories.SessionFactory(event=conference, title="Opening keynote", format="keynote", track="Main hall")
    services.registration_create(event=conference, member=alice)
    login_as(alice)
    page.goto(live_server.url + conference.get_absolute_url())
    expect(page.get_by_role("heading", name="My agenda")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Add to my agenda.*Opening keynote")).click()
    button = page.get_by_role("button", name=re.compile("In my agenda.*remove.*Opening keynote"))
    expect(button).to_be_focused()
    expect(page.get_by_role("heading", name="My agenda")).to_be_visible()
    check_accessibility(page)
