"""The forum in a real browser: start a topic, reply quoting and mentioning, see the notification and unread marker."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _roles():
    """Transactional tests flush the tables, groups from the data migration included."""
    from django.contrib.auth.models import Group

    from accounts import roles

    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def test_topic_reply_quote_mention_notification_and_unread(page, context, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    bob = factories.MemberFactory(username="bob", display_name="Dr Bob Brown")
    factories.CategoryFactory(name="EPR and procurement", slug="epr")

    login_as(alice)
    page.goto(f"{live_server.url}/forum/c/epr/")
    check_accessibility(page)
    page.get_by_role("link", name="Start a topic").click()
    check_accessibility(page)
    page.get_by_label("Title").fill("Go-live cutover lessons")
    page.get_by_label("Your post").fill("How long was your **downtime**?")
    expect(page.locator(".forum-preview strong")).to_have_text("downtime")  # htmx live preview
    page.get_by_role("button", name="Post topic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Go-live cutover lessons")
    check_accessibility(page)

    context.clear_cookies()
    login_as(bob)
    page.goto(f"{live_server.url}/forum/c/epr/")
    page.get_by_role("link", name="Go-live cutover lessons").click()
    page.get_by_role("link", name="Quote").first.click()
    body = page.get_by_label("Your post")
    expect(body).to_have_value(re.compile(r"^> \[Quote from post #1\]\(/forum/p/\d+/\):"))
    body.press("Control+End")
    body.type("Ours was 41 hours. What do you think @alice?")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("blockquote")).to_contain_text("How long was your")
    expect(page.locator("a.mention")).to_have_text("@alice")

    context.clear_cookies()
    login_as(alice)
    page.goto(f"{live_server.url}/forum/c/epr/")
    expect(page.get_by_role("link", name="1 unread", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Notifications, 1 unread")).to_be_visible()
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name=re.compile("Dr Bob Brown mentioned you")).click()
    expect(page.locator(".forum-post:has(.forum-post-new)")).to_contain_text("What do you think")


def test_draft_survives_an_expired_session(page, context, live_server, login_as):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    factories.CategoryFactory(name="Clinical safety", slug="safety")
    login_as(alice)
    page.goto(f"{live_server.url}/forum/new-topic/")
    page.get_by_label("Title").fill("Hazard log ownership")
    page.get_by_label("Your post").fill("A long careful draft about hazard logs.")
    from django.conf import settings

    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)  # the session expires while she types
    page.get_by_role("button", name="Post topic").click()
    expect(page.get_by_text("Your post was not sent because you are signed out")).to_be_visible()
    expect(page.get_by_label("Your post")).to_have_value("A long careful draft about hazard logs.")

    login_as(alice)
    page.goto(f"{live_server.url}/forum/new-topic/")
    expect(page.get_by_label("Your post")).to_have_value("A long careful draft about hazard logs.")
    expect(page.get_by_label("Title")).to_have_value("Hazard log ownership")
    expect(page.get_by_text("We restored the draft you had not sent yet.")).to_be_visible()


def test_other_forum_pages_are_accessible(page, context, live_server, login_as, check_accessibility):
    mo = factories.ModeratorFactory(username="mo", display_name="Mo Moderator")
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    category = factories.CategoryFactory(name="Clinical safety", slug="safety")
    topic = factories.make_topic(author=alice, category=category, title="Hazard logs", body="Who owns yours?")
    reply = factories.make_reply(topic=topic, author=mo, body="The safety officer. See @alice")
    from forum.models import Flag

    Flag.objects.create(post=reply, reporter=alice, reason="other", detail="Test flag")
    login_as(mo)
    for path in [
        "/forum/",
        "/forum/latest/",
        "/forum/unread/",
        "/forum/bookmarks/",
        "/forum/search/?q=hazard",
        "/search/?q=hazard",
        f"/forum/t/{topic.pk}/reply/?quote={reply.pk}",
        f"/forum/p/{reply.pk}/flag/",
        "/forum/moderation/",
        "/forum/moderation/log/",
        f"/forum/t/{topic.pk}/moderate/",
    ]:
        page.goto(f"{live_server.url}{path}")
        check_accessibility(page)
