"""Pages, the contact form, the weekly summary's choice and preview in a real browser, axe on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.markdown import render_markdown
from pages.content import PAGES, create_missing
from pages.models import Page
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

FOOTER = {
    "About": "/about/",
    "Advisory panel": "/advisory-panel/",
    "Code of conduct": "/code-of-conduct/",
    "Contact us": "/contact/",
    "Privacy": "/privacy/",
    "Accessibility": "/accessibility/",
    "Cookies": "/cookies/",
}


@pytest.fixture
def pages(db):
    """The pages the data migration publishes (a committing test before this one emptied the tables)."""
    create_missing(Page, render=render_markdown, now=timezone.now())
    factories.CCIOProfileFactory(name="Dr Priya Shah", slug="priya", advisory_panel=True, panel_chair=True)
    factories.CCIOProfileFactory(name="Dr Aaron Able", slug="aaron", advisory_panel=True)


def test_every_page_passes_axe_at_desktop_and_phone_widths(page, live_server, pages, check_accessibility):
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        for slug, (title, *_rest) in PAGES.items():
            page.goto(f"{live_server.url}/{slug}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            check_accessibility(page)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, slug
        page.goto(f"{live_server.url}/contact/")
        check_accessibility(page)
    panel = page.goto(f"{live_server.url}/advisory-panel/")
    assert panel.status == 200
    members = page.get_by_test_id("panel-member")
    expect(members).to_have_count(2)
    expect(members.first).to_contain_text("Dr Priya Shah")
    expect(members.first).to_contain_text("Chair")


def test_the_home_page_footer_links_every_page(page, live_server, pages):
    page.goto(live_server.url + "/")
    footer = page.get_by_role("navigation", name="About this site")
    for name, path in FOOTER.items():
        link = footer.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("href", path)
    for name, path in FOOTER.items():
        page.goto(live_server.url + "/")
        page.get_by_role("navigation", name="About this site").get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).is_visible(), path
    assert page.locator('link[rel="icon"]').count() == 1


def test_a_visitor_corrects_the_contact_form_and_sends_it(page, live_server, pages, check_accessibility):
    factories.ModeratorFactory(username="mo")
    page.goto(live_server.url + "/contact/")
    page.get_by_label("Your name").fill("Vera Visitor")
    page.get_by_label("Your email address").fill("not an address")
    page.get_by_label("Press").check()
    page.get_by_label("Message").fill("May we interview a member about their EPR go-live?")
    page.get_by_role("button", name="Send message").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(r"Error: Contact us · CCIO Network")
    expect(page.get_by_label("Message")).to_have_value("May we interview a member about their EPR go-live?")
    check_accessibility(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Your email address")).to_be_focused()
    page.get_by_label("Your email address").fill("vera@example.org")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your message")
    check_accessibility(page)


def test_moderators_answer_the_inbox_and_editors_preview_the_summary(
    page, live_server, pages, login_as, check_accessibility, settings
):
    from pages import services

    settings.FORUM_NEW_MEMBER_DAYS = 0
    mo = factories.ModeratorFactory(username="mo")
    contact = services.contact_send(name="Vera", email="vera@example.org", topic="event", message="About June")
    login_as(mo)
    page.goto(live_server.url + "/contact/inbox/")
    check_accessibility(page)
    page.get_by_role("link", name="An event: Vera").click()
    check_accessibility(page)
    page.get_by_label("Handled").check()
    page.get_by_label("Note for the moderators").fill("Replied with the agenda.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Marked as handled.")).to_be_visible()
    contact.refresh_from_db()
    assert contact.is_handled

    page.context.clear_cookies()
    ed = factories.EditorFactory(username="ed")
    alice = factories.MemberFactory(username="alice")
    factories.ArticleFactory(title="Lessons from a go-live", slug="lessons")
    login_as(ed)
    page.goto(live_server.url + "/editor/")
    page.get_by_role("link", name="Preview this week's summary email").click()
    check_accessibility(page)
    page.get_by_label("Member's username or email address").fill(alice.username)
    page.get_by_role("button", name="Show the preview").click()
    expect(page.get_by_test_id("weekly-preview")).to_contain_text("Lessons from a go-live")
    check_accessibility(page)


def test_a_member_asks_for_the_weekly_summary_on_the_account_page(
    page, live_server, pages, login_as, check_accessibility
):
    alice = factories.MemberFactory(username="alice")
    login_as(alice)
    page.goto(live_server.url + "/account/")
    box = page.get_by_test_id("weekly-summary-choice").get_by_role("checkbox")
    expect(box).not_to_be_checked()
    check_accessibility(page)
    box.check()
    page.get_by_role("button", name="Save this choice").click()
    expect(page.get_by_text("You will get the weekly summary email.")).to_be_visible()
    expect(page.get_by_test_id("weekly-summary-choice").get_by_role("checkbox")).to_be_checked()
