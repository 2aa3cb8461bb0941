"""The finishing touches, as a keyboard user sees them: error summaries that take focus and lead to
their field, the focus style, controls that keep focus after an in-place update, the watch choice,
a confirmation before leaving a waiting list, keyboard-only journeys (Tab, Shift+Tab, Enter, Space;
no clicks), and axe-core on the main pages at 1,280 and 390 pixels for every kind of person."""

import re

import pytest
from playwright.sync_api import expect

from events import services as event_services
from events.models import Registration
from forum.models import Category, Post, Watch
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
YELLOW = "rgb(255, 221, 0)"


@pytest.fixture(autouse=True)
def _roles():
    from django.contrib.auth.models import Group

    from accounts import roles

    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def _active(page):
    """What the keyboard is on: its tag, accessible-ish text and id."""
    return page.evaluate(
        """() => { const e = document.activeElement; return e ? {
            tag: e.tagName.toLowerCase(), id: e.id || "", name: e.getAttribute("name") || "",
            text: (e.innerText || e.value || "").trim(), href: e.getAttribute("href") || "" } : null; }"""
    )


def _tab_to(page, matches, *, key="Tab", limit=120):
    """Press Tab (or Shift+Tab) until the focused element matches; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press(key)
        active = _active(page)
        if active and matches(active):
            return active
    raise AssertionError(f"{key} never reached the element (last: {_active(page)})")


def _topic(alice):
    category = factories.CategoryFactory(name="EPR and procurement", slug="epr", access=Category.Access.MEMBERS)
    return factories.make_topic(author=alice, category=category, title="Go-live cutover lessons", body="How long?")


# --- error summaries --------------------------------------------------------------------------


def test_the_error_summary_takes_focus_and_leads_to_its_field(page, live_server, login_as, check_accessibility):
    factories.CategoryFactory(name="EPR and procurement", slug="epr")
    login_as(factories.MemberFactory(username="alice"))
    page.goto(f"{live_server.url}/forum/new-topic/")
    page.get_by_role("button", name="Post topic").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    check_accessibility(page)
    # Keyboard: Tab to the body's error link and follow it with Enter.
    _tab_to(page, lambda a: a["href"] == "#id_body")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your post")).to_be_focused()


def test_an_event_form_refused_opens_with_its_summary(page, live_server, login_as):
    login_as(factories.EditorFactory(username="ed"))
    page.goto(f"{live_server.url}/events/new/")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_test_id("error-summary")).to_be_focused()
    page.get_by_test_id("error-summary").get_by_role("link").first.click()
    assert _active(page)["tag"] in ("input", "textarea", "select")


# --- focus style --------------------------------------------------------------------------------


def test_one_strong_focus_style_beats_bootstraps(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    topic = _topic(alice)
    login_as(factories.MemberFactory(username="bob"))
    page.goto(live_server.url + topic.get_absolute_url())
    for name in ("Jump to first unread", "Reply"):
        _tab_to(page, lambda a, name=name: a["text"] == name)
        style = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
        assert style == YELLOW, f"{name}: {style}"
    _tab_to(page, lambda a: a["tag"] == "button" and a["text"].startswith("Like"))
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == YELLOW
    page.get_by_label("Your post").focus()
    field = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth]; })()"
    )
    assert field == [YELLOW, "3px"]


# --- in-place updates ---------------------------------------------------------------------------


def test_focus_stays_on_the_like_button_and_the_new_state_is_said_once(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    topic = _topic(alice)
    login_as(factories.MemberFactory(username="bob"))
    page.goto(live_server.url + topic.get_absolute_url())
    like = page.get_by_role("button", name=re.compile(r"^Like this post\s*·\s*0$"))
    _tab_to(page, lambda a: a["tag"] == "button" and a["text"].startswith("Like"))
    page.keyboard.press("Space")
    liked = page.get_by_role("button", name=re.compile(r"^Like this post\s*·\s*1$"))
    expect(liked).to_be_focused()
    expect(liked).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#site-announcer")).to_have_text("You like this post: 1 like.")
    assert page.locator("[aria-live]").filter(has_text="You like this post").count() == 1
    page.keyboard.press("Enter")
    expect(like).to_be_focused()
    expect(page.locator("#site-announcer")).to_have_text("You no longer like this post: 0 likes.")


def test_the_watch_choice_updates_in_place_and_keeps_focus(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice")
    bob = factories.MemberFactory(username="bob")
    topic = _topic(alice)
    login_as(bob)
    page.goto(live_server.url + topic.get_absolute_url())
    group = page.get_by_role("group", name="Notifications")
    expect(group.get_by_role("button", name="Normal")).to_have_attribute("aria-pressed", "true")
    _tab_to(page, lambda a: a["text"] == "Muted")
    page.keyboard.press("Enter")
    muted = page.get_by_role("group", name="Notifications").get_by_role("button", name="Muted")
    expect(muted).to_have_attribute("aria-pressed", "true")
    expect(muted).to_be_focused()
    expect(page.locator("#site-announcer")).to_have_text("Notifications: Muted is selected.")
    assert Watch.objects.get(user=bob, topic=topic).level == "muted"
    check_accessibility(page)


def test_the_preview_says_only_that_it_updated(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    topic = _topic(alice)
    login_as(factories.MemberFactory(username="bob"))
    page.goto(live_server.url + topic.get_absolute_url())
    page.get_by_label("Your post").fill("A **bold** long reply that a screen reader should not read again.")
    expect(page.locator(".forum-preview strong")).to_have_text("bold")
    expect(page.locator("#site-announcer")).to_have_text("Preview updated")
    assert page.locator(".forum-preview[aria-live], .forum-preview [aria-live]").count() == 0


# --- asking first -------------------------------------------------------------------------------


def test_leaving_a_waiting_list_needs_a_confirmation(page, live_server, login_as, check_accessibility):
    holder, bob = factories.MemberFactory(), factories.MemberFactory(username="bob")
    event = factories.EventFactory(title="Tiny roundtable", capacity=1)
    event_services.registration_create(event=event, member=holder)
    event_services.registration_create(event=event, member=bob)
    login_as(bob)
    page.goto(live_server.url + event.get_absolute_url())
    _tab_to(page, lambda a: a["text"] == "Leave the waiting list")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Leave the waiting list for “Tiny roundtable”?")
    assert Registration.objects.get(member=bob).status == "waitlisted"  # one key press undid nothing
    check_accessibility(page)
    page.get_by_role("link", name="Stay on the waiting list").click()
    expect(page.get_by_test_id("registration-status")).to_have_text("You are number 1 on the waiting list.")
    page.get_by_role("link", name="Leave the waiting list").click()
    page.get_by_role("button", name="Yes, leave the waiting list").click()
    expect(page.get_by_text("You have left the waiting list for Tiny roundtable.")).to_be_visible()
    assert not Registration.objects.get(member=bob).is_active


# --- keyboard-only journeys ---------------------------------------------------------------------


def test_keyboard_only_a_member_replies_to_a_topic(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    topic = _topic(alice)
    login_as(factories.MemberFactory(username="bob"))
    page.goto(live_server.url + topic.get_absolute_url())
    _tab_to(page, lambda a: a["text"] == "Reply" and a["href"] == "#reply")
    page.keyboard.press("Enter")
    # The reply box's formatting toolbar is one tab stop, then the box itself.
    page.keyboard.press("Tab")
    assert _active(page)["text"] == "Bold"
    page.keyboard.press("Tab")
    assert _active(page)["name"] == "body"
    page.keyboard.type("Ours took 41 hours, keyboard only.")
    # One step back and forward again: Shift+Tab leaves the box, Tab returns to it.
    page.keyboard.press("Shift+Tab")
    assert _active(page)["name"] != "body"
    page.keyboard.press("Tab")
    assert _active(page)["name"] == "body"
    _tab_to(page, lambda a: a["text"] == "Post reply")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ours took 41 hours, keyboard only.")).to_be_visible()
    assert Post.objects.filter(topic=topic, body="Ours took 41 hours, keyboard only.").exists()


def test_keyboard_only_a_member_registers_for_an_event(page, live_server, login_as):
    alice = factories.MemberFactory(username="alice")
    event = factories.EventFactory(title="Safety huddle online")
    question = event.questions.create(text="Access needs", required=True)
    login_as(alice)
    page.goto(live_server.url + "/events/")
    _tab_to(page, lambda a: a["text"] == "Safety huddle online")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety huddle online")
    # Register without the required answer: the summary takes focus, Tab + Enter leads to the field.
    _tab_to(page, lambda a: a["text"] == "Register")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("error-summary")).to_be_focused()
    _tab_to(page, lambda a: a["href"] == f"#id_q_{question.pk}")
    page.keyboard.press("Enter")
    assert _active(page)["id"] == f"id_q_{question.pk}"
    page.keyboard.type("Step-free access")
    _tab_to(page, lambda a: a["text"] == "Register")
    page.keyboard.press("Space")
    expect(page.get_by_test_id("registration-status")).to_have_text("You are registered.")
    registration = Registration.objects.get(member=alice, event=event)
    assert registration.answers == {str(question.pk): "Step-free access"}


# --- axe-core on the main pages, for everyone, at both widths ---------------------------------


def _world():
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    ed = factories.EditorFactory(username="ed", display_name="Ed Editor")
    mo = factories.ModeratorFactory(username="mo", display_name="Mo Moderator")
    public = factories.CategoryFactory(name="Open discussion", slug="open", access=Category.Access.PUBLIC)
    topic = factories.make_topic(author=alice, category=public, title="Open question about FHIR", body="Anyone?")
    factories.make_reply(topic=topic, author=ed, body="We use **R4**.")
    event = factories.EventFactory(title="EPR optimisation roundtable", slug="epr-optimisation")
    article = factories.ArticleFactory(title="What CCIOs learned", slug="what-ccios-learned")
    factories.ResourceFactory()
    return {"alice": alice, "ed": ed, "mo": mo, "topic": topic, "event": event, "article": article}


COMMON = ["/", "/forum/", "{topic}", "/events/", "{event}", "/articles/", "{article}", "/resources/", "/search/?q=EPR"]
MEMBER = ["/members/", "/messages/", "/events/my/", "/account/"]
EXTRA = {
    None: [],
    "alice": MEMBER,
    "ed": MEMBER + ["/editor/", "/events/new/"],
    "mo": MEMBER + ["/forum/moderation/", "/account/applications/"],
}


@pytest.mark.parametrize("who", [None, "alice", "ed", "mo"])
def test_axe_finds_nothing_on_the_main_pages_at_both_widths(
    page, context, live_server, login_as, check_accessibility, who
):
    world = _world()
    if who:
        login_as(world[who])
    urls = {
        "{topic}": world["topic"].get_absolute_url(),
        "{event}": world["event"].get_absolute_url(),
        "{article}": world["article"].get_absolute_url(),
    }
    for path in COMMON + EXTRA[who]:
        path = urls.get(path, path)
        for size in (WIDE, PHONE):
            page.set_viewport_size(size)
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{path} as {who}: {response.status}"
            check_accessibility(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size["width"], f"{path} as {who} scrolls sideways at {size['width']}px"


# --- the markdown toolbar -----------------------------------------------------------------------


def test_the_markdown_toolbar_formats_with_buttons_and_shortcuts(page, live_server, login_as, check_accessibility):
    factories.CategoryFactory(name="EPR and procurement", slug="epr")
    login_as(factories.MemberFactory(username="alice"))
    page.goto(f"{live_server.url}/forum/new-topic/")
    toolbar = page.get_by_role("toolbar", name="Formatting")
    expect(toolbar.get_by_role("button")).to_have_count(5)
    body = page.get_by_label("Your post")
    body.fill("downtime")
    body.press("Control+a")
    body.press("Control+b")
    expect(body).to_have_value("**downtime**")
    expect(page.locator(".forum-preview strong")).to_have_text("downtime")  # the preview follows
    body.press("End")
    body.press("Enter")
    body.type("first")
    # Keyboard: Shift+Tab from the box reaches the toolbar (one stop), arrows move along it.
    page.keyboard.press("Shift+Tab")
    expect(toolbar.get_by_role("button", name="Bold")).to_be_focused()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Bulleted list")).to_be_focused()
    page.keyboard.press("Enter")
    expect(body).to_have_value("**downtime**\n- first")
    body.press("Control+z")
    expect(body).to_have_value("**downtime**\nfirst")  # the browser's own undo works
    body.press("Control+k")  # undo left "first" selected: it becomes the link's words, the address selected
    expect(body).to_have_value("**downtime**\n[first](https://)")
    page.keyboard.type("https://example.org")
    expect(body).to_have_value("**downtime**\n[first](https://example.org)")
    check_accessibility(page)


def test_the_toolbar_is_on_crispy_rendered_markdown_fields_too(page, live_server, login_as):
    login_as(factories.EditorFactory(username="ed"))
    page.goto(f"{live_server.url}/events/new/")
    description = page.get_by_label("Description")
    expect(page.get_by_role("toolbar", name="Formatting")).to_have_count(1)
    description.fill("agenda")
    description.press("Control+a")
    page.get_by_role("toolbar", name="Formatting").get_by_role("button", name="Bold").click()
    expect(description).to_have_value("**agenda**")


# --- @mention autocomplete ----------------------------------------------------------------------


def test_mention_autocomplete_suggests_readers_and_works_from_the_keyboard(
    page, live_server, login_as, check_accessibility
):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    factories.MemberFactory(username="bob", display_name="Dr Bob Brown")
    factories.MemberFactory(username="bobbie", display_name="Bobbie Brook RN")
    factories.UserFactory(username="bobo")  # not a member: cannot read the topic, not suggested
    topic = _topic(alice)
    login_as(alice)
    page.goto(live_server.url + topic.get_absolute_url())
    body = page.get_by_label("Your post")
    body.focus()
    page.keyboard.type("Thanks @bo")
    listbox = page.get_by_role("listbox", name="Members to mention")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(body).to_have_attribute("aria-activedescendant", "id_body-mentions-0")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    expect(page.locator("#site-announcer")).to_contain_text("2 members to mention")
    check_accessibility(page)
    page.keyboard.press("ArrowDown")
    expect(listbox.get_by_role("option", name="Bobbie Brook RN @bobbie")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(body).to_have_value("Thanks @bobbie ")
    expect(listbox).to_be_hidden()
    expect(body).to_be_focused()
    # Escape closes the list and leaves what was typed.
    page.keyboard.type("and @bo")
    expect(listbox).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(body).to_have_value("Thanks @bobbie and @bo")
