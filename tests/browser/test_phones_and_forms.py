"""The site on a 390-pixel phone and a 1,280-pixel screen: the header's menu, pages that must not scroll
sideways, the members-only explanation, error summaries and allauth's pages; axe-core at both widths."""

import datetime as dt
import zoneinfo

import pytest
from allauth.usersessions.models import UserSession
from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Category
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def _check_both_widths(page, check_accessibility):
    """axe-core finds nothing and nothing scrolls sideways, on a desktop and on a phone."""
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        check_accessibility(page)
        assert _page_width(page) <= size["width"], f"{page.url} scrolls sideways at {size['width']}px"
    page.set_viewport_size(WIDE)


def _on_one_line(page, selector):
    """Whether the items of one of the header's lists sit side by side (every one level with every other)."""
    boxes = page.locator(f"{selector} > li").evaluate_all(
        "items => items.map(i => [i.getBoundingClientRect().top, i.getBoundingClientRect().bottom])"
    )
    return len(boxes) > 1 and max(top for top, _ in boxes) < min(bottom for _, bottom in boxes)


# --- the header ---------------------------------------------------------------------------


def test_the_header_folds_into_a_menu_on_phones(page, live_server, login_as, check_accessibility):
    # The widest header there is: an editor and moderator with a long name.
    chief = factories.EditorFactory(
        username="chief",
        display_name="Dr Alexandra Montgomery-Smythe FRCP",
        roles=["Members", "Editors", "Moderators"],
    )
    factories.MembershipApplicationFactory()
    for who in (None, factories.MemberFactory(username="alice"), chief):
        page.context.clear_cookies()
        if who:
            login_as(who)
        page.set_viewport_size(PHONE)
        page.goto(live_server.url + "/forum/")
        menu = page.get_by_test_id("menu-toggle")
        sections = page.get_by_role("navigation", name="Main").get_by_role("link", name="Articles")
        expect(menu).to_be_visible()
        expect(sections).to_be_hidden()
        assert page.locator("header").bounding_box()["height"] < 80  # it took about 215 pixels
        check_accessibility(page)
        menu.click()
        expect(sections).to_be_visible()
        expect(page.get_by_role("search", name="Site search")).to_be_visible()
        assert _page_width(page) <= PHONE["width"]
        check_accessibility(page)
        menu.click()
        expect(sections).to_be_hidden()

        page.set_viewport_size(WIDE)
        expect(menu).to_be_hidden()
        expect(sections).to_be_visible()
        # Two rows by design, and neither wraps: your links on the first, sections and search on the second.
        assert _on_one_line(page, ".site-user")
        assert _on_one_line(page, ".site-sections")
        assert page.locator("header").bounding_box()["height"] < 110
        check_accessibility(page)
    expect(page.get_by_test_id("header-applications")).to_have_text("Applications 1, 1 waiting")


def test_the_menu_opens_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server.url + "/")
    sections = page.get_by_role("navigation", name="Main").get_by_role("link", name="Events")
    expect(sections).to_be_hidden()
    page.get_by_test_id("menu-toggle").click()
    expect(sections).to_be_visible()
    sections.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upcoming events")
    context.close()


# --- pages that must not scroll sideways --------------------------------------------------


def test_the_month_grid_is_a_list_on_a_phone(page, live_server, check_accessibility):
    event = factories.EventFactory(title="Clinical safety roundtable with a long enough title to wrap")
    factories.EventFactory(title="Second event", starts_at=event.starts_at + dt.timedelta(days=1))
    local = timezone.localtime(event.starts_at)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/events/calendar/{local.year}/{local.month}/")
    assert _page_width(page) <= PHONE["width"]
    expect(page.get_by_role("table")).to_be_hidden()
    day_list = page.get_by_test_id("calendar-list")
    expect(day_list.get_by_role("heading", name=f"{local:%A} {local.day} {local:%B}")).to_be_visible()
    expect(day_list.get_by_role("link", name=event.title)).to_be_visible()
    page.set_viewport_size(WIDE)
    expect(page.get_by_role("table").get_by_role("link", name=event.title)).to_be_visible()
    expect(day_list).to_be_hidden()
    _check_both_widths(page, check_accessibility)


def test_the_editors_history_fits_a_phone(page, live_server, login_as, check_accessibility):
    ed = factories.EditorFactory(username="ed")
    article = factories.ArticleFactory(title="A history with several revisions")
    for n in range(3):
        article.summary = f"Summary, version {n}"
        article.save()
    login_as(ed)
    page.goto(f"{live_server.url}/editor/{article.editorial_label()}/{article.pk}/history/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of")
    _check_both_widths(page, check_accessibility)
    page.set_viewport_size(PHONE)
    expect(page.get_by_text("Fields changed").first).to_be_visible()  # each value named on the card
    page.get_by_role("radio", name="Compare from").last.check()
    page.get_by_role("button", name="Compare the chosen revisions").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _page_width(page) <= PHONE["width"]


def test_the_agenda_at_a_glance_on_wide_screens(page, live_server, check_accessibility):
    year = timezone.localdate().year + 1
    conference = factories.InPersonEventFactory(
        title="Annual conference",
        kind="conference",
        starts_at=dt.datetime(year, 11, 12, 9, tzinfo=LONDON),
        ends_at=dt.datetime(year, 11, 12, 17, tzinfo=LONDON),
    )
    at = lambda hour: dt.datetime(year, 11, 12, hour, tzinfo=LONDON)  # noqa: E731
    factories.SessionFactory(
        event=conference, title="Opening keynote", track="Main hall", starts_at=at(9), ends_at=at(10)
    )
    for track in ("Clinical safety", "Data", "Workforce"):
        factories.SessionFactory(
            event=conference, title=f"{track} panel", track=track, starts_at=at(10), ends_at=at(11)
        )
    page.goto(live_server.url + conference.get_absolute_url())
    grid = page.get_by_test_id("agenda-glance")
    expect(grid.get_by_role("columnheader", name="Workforce")).to_be_visible()
    grid.get_by_role("link", name="Data panel").click()
    assert page.url.endswith("#session-" + str(conference.sessions.get(title="Data panel").pk))
    _check_both_widths(page, check_accessibility)
    page.set_viewport_size(PHONE)
    expect(grid).to_be_hidden()
    expect(page.get_by_role("heading", name="Data panel")).to_be_visible()  # the list stays


# --- members-only links -------------------------------------------------------------------


def test_a_visitor_on_a_members_only_link_is_told_why(page, live_server, check_accessibility):
    category = factories.CategoryFactory(
        name="Clinical safety", slug="clinical-safety", access=Category.Access.MEMBERS
    )
    alice = factories.MemberFactory(username="alice", email="alice@nhs.net")
    topic = factories.make_topic(author=alice, category=category, title="Hazard logs for AI scribes")
    page.goto(live_server.url + topic.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("This discussion is for members of the network")
    join = page.get_by_test_id("members-only").get_by_role("link", name="join the network")
    expect(join).to_be_visible()
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(page.get_by_text("Hazard logs for AI scribes")).to_have_count(0)
    _check_both_widths(page, check_accessibility)
    assert "/accounts/signup/?next=" in join.get_attribute("href")

    page.get_by_role("textbox", name="Email").fill(alice.email)
    page.get_by_label("Password").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hazard logs for AI scribes")


# --- the error summary --------------------------------------------------------------------


def _focused(page):
    return page.evaluate("document.activeElement.dataset.testid || document.activeElement.id")


def test_the_error_summary_takes_focus_and_links_to_each_field(page, live_server, check_accessibility):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in", exact=True).click()
    summary = page.get_by_test_id("error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert _focused(page) == "error-summary"
    assert page.title() == "Error: Sign in · CCIO Network"
    _check_both_widths(page, check_accessibility)

    summary.get_by_role("link", name="Password: This field is required.").click()
    assert _focused(page) == "id_password"
    page.get_by_label("Password").fill("not the right password")
    page.get_by_role("textbox", name="Email").fill("nobody@nhs.net")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(summary).to_contain_text("The email address or the password is not right.")
    assert _focused(page) == "error-summary"


def test_the_sign_up_summary_works_from_the_keyboard(page, live_server, check_accessibility):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("textbox", name="Email").fill("jane@supplier.example")
    page.locator("#id_password1").fill("short")
    page.get_by_role("button", name="Create your account").press("Enter")
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: Join the network")
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Username: This field is required.")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_focused()
    assert page.get_by_role("textbox", name="Email").input_value() == "jane@supplier.example"  # nothing typed is lost
    _check_both_widths(page, check_accessibility)


# --- allauth's pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/login/?why=members"]
)
def test_entrance_pages_at_both_widths(page, live_server, check_accessibility, path):
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _check_both_widths(page, check_accessibility)


def test_account_pages_at_both_widths(page, live_server, check_accessibility):
    alice = factories.MemberFactory(username="alice", email="alice@nhs.net")
    sign_in(page, live_server, alice, factories.TEST_PASSWORD)
    expect(page.get_by_test_id("header-user-name")).to_be_visible()
    UserSession.objects.create(
        user=alice, ip="2a00:23c7:1234:5678:9abc:def0:1234:5678", session_key="x" * 32, user_agent="Firefox/127.0"
    )
    for path, heading in [
        ("/accounts/email/", "Email addresses"),
        ("/accounts/password/change/", "Change password"),
        ("/accounts/2fa/", "Two-factor authentication"),
        ("/accounts/sessions/", "Where you are signed in"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(
            page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Your account")
        ).to_be_visible()
        _check_both_widths(page, check_accessibility)
    expect(page.get_by_test_id("sessions")).to_contain_text("This browser")
    expect(page.get_by_test_id("sessions")).not_to_contain_text("Mozilla")
