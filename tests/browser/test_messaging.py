"""Private messages in a real browser: find a peer in the directory, message them, they see the unread
count and reply, the first member reads the reply; a member writes to the moderators. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_directory_to_conversation_and_back(page, context, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    bob = factories.MemberFactory(username="bob", display_name="Dr Bob Brown")
    factories.DirectoryEntryFactory(user=bob, visibility="members")

    login_as(alice)
    page.goto(f"{live_server.url}/members/")
    check_accessibility(page)
    page.get_by_role("link", name="Dr Bob Brown").click()
    check_accessibility(page)
    page.get_by_role("link", name="Message Dr Bob Brown").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New conversation")
    expect(page.get_by_label("Dr Bob Brown @bob")).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Subject").fill("Your go-live rehearsal plan")
    page.get_by_label("Your message").fill("Could you share your **run sheet**?")
    expect(page.locator(".forum-preview strong")).to_have_text("run sheet")  # htmx live preview
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your go-live rehearsal plan")
    expect(page.get_by_text("Your message is sent.")).to_be_visible()
    check_accessibility(page)

    context.clear_cookies()
    login_as(bob)
    page.goto(f"{live_server.url}/")
    messages_link = page.get_by_role("link", name="Messages, 1 unread")
    expect(messages_link).to_be_visible()
    messages_link.click()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("Your go-live rehearsal plan")).click()
    expect(page.locator(".messaging-new")).to_contain_text("run sheet")
    page.get_by_label("Your message").fill("Of course: I will send it after Thursday's board.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator("article").last).to_contain_text("after Thursday's board")
    expect(page.get_by_test_id("header-messages")).to_have_accessible_name("Messages")  # nothing unread now
    check_accessibility(page)

    context.clear_cookies()
    login_as(alice)
    page.goto(f"{live_server.url}/messages/")
    expect(page.get_by_role("link", name="Messages, 1 unread")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Your go-live rehearsal plan \(1 unread\)")).click()
    expect(page.locator(".messaging-new")).to_contain_text("after Thursday's board")
    expect(page.get_by_test_id("header-messages")).to_have_accessible_name("Messages")


def test_the_picker_finds_members_as_you_type(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    factories.MemberFactory(username="carol", display_name="Dr Carol Clarke")
    factories.MemberFactory(username="dan", display_name="Dr Dan Davies")
    login_as(alice)
    page.goto(f"{live_server.url}/messages/new/")
    page.get_by_label("Find a member by name").fill("Caro")
    result = page.get_by_label("Dr Carol Clarke @carol")
    expect(result).to_be_visible()
    result.check()  # moves to the chosen people
    page.get_by_label("Find a member by name").fill("Dan")
    page.get_by_label("Dr Dan Davies @dan").check()
    expect(page.locator("[data-picker-chosen] input:checked")).to_have_count(2)
    check_accessibility(page)
    page.get_by_label("Subject").fill("Three of us")
    page.get_by_label("Your message").fill("Hello both")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three of us")
    expect(page.get_by_role("complementary")).to_contain_text("Dr Carol Clarke")
    expect(page.get_by_role("complementary")).to_contain_text("Dr Dan Davies")


def test_errors_are_summarised_and_focused(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    login_as(alice)
    page.goto(f"{live_server.url}/messages/new/")
    page.get_by_label("Your message").fill("Kept text")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Choose at least one member to write to.")
    expect(page.get_by_label("Your message")).to_have_value("Kept text")
    check_accessibility(page)
    summary.get_by_role("link", name="Please give the conversation a subject.").click()
    expect(page.get_by_label("Subject")).to_be_focused()


def test_a_member_writes_to_the_moderators(page, context, live_server, login_as, check_accessibility):
    sam = factories.MemberFactory(username="sam", display_name="Sam Suspended")
    from datetime import timedelta

    from django.utils import timezone

    sam.suspended_until = timezone.now() + timedelta(days=3)
    sam.save()
    mo = factories.ModeratorFactory(username="mo", display_name="Mo Moderator")

    login_as(sam)
    page.goto(f"{live_server.url}/messages/")
    check_accessibility(page)
    page.get_by_role("link", name="Message the moderators").first.click()
    check_accessibility(page)
    page.get_by_label("Subject").fill("About my suspension")
    page.get_by_label("Your message").fill("Could you tell me which post it was?")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("Your message is sent to the moderators.")).to_be_visible()
    check_accessibility(page)

    context.clear_cookies()
    login_as(mo)
    page.goto(f"{live_server.url}/messages/moderators/")
    check_accessibility(page)
    page.get_by_role("link", name="About my suspension").click()
    expect(page.get_by_text("You answer for the team")).to_be_visible()
    page.get_by_label("Your message").fill("It was the post in Clinical safety on Monday.")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_role("heading", name="The moderators (Mo Moderator)")).to_be_visible()
    check_accessibility(page)

    context.clear_cookies()
    login_as(sam)
    page.goto(f"{live_server.url}/messages/")
    page.get_by_role("link", name=re.compile("About my suspension")).click()
    expect(page.get_by_role("heading", name="The moderators", exact=True)).to_be_visible()
    expect(page.get_by_text("Mo Moderator")).to_have_count(0)


def test_draft_survives_an_expired_session(page, context, live_server, login_as):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    bob = factories.MemberFactory(username="bob", display_name="Dr Bob Brown")
    conversation = factories.make_conversation(starter=bob, recipients=[alice], subject="Hazard logs")
    login_as(alice)
    page.goto(f"{live_server.url}{conversation.get_absolute_url()}")
    page.get_by_label("Your message").fill("A long careful reply about hazard logs.")
    from django.conf import settings

    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Your message was not sent because you are signed out")).to_be_visible()
    expect(page.get_by_label("Your message")).to_have_value("A long careful reply about hazard logs.")
    login_as(alice)
    page.goto(f"{live_server.url}{conversation.get_absolute_url()}")
    expect(page.get_by_label("Your message")).to_have_value("A long careful reply about hazard logs.")
