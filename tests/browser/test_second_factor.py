"""Switching a role on: the banner for a role holder without the second factor, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_without_totp_is_told_and_works_as_a_member(page, live_server, login_as, check_accessibility):
    editor = factories.EditorFactory(username="ned", display_name="Ned Editor", mfa=False)
    draft = factories.ArticleFactory(title="Unpublished plans", slug="plans", status="draft")
    login_as(editor)
    page.goto(live_server.url)
    banner = page.get_by_test_id("role-banner")
    expect(banner).to_contain_text("Your editor role is switched off")
    check_accessibility(page)
    expect(page.get_by_role("link", name="Editor area")).to_have_count(0)
    assert page.goto(f"{live_server.url}{draft.get_absolute_url()}").status == 404
    page.goto(f"{live_server.url}/editor/")
    expect(page).to_have_url(f"{live_server.url}/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    check_accessibility(page)


def test_visitors_read_public_topics_without_names(page, live_server, check_accessibility):
    category = factories.CategoryFactory(name="Open", slug="open", access="public")
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    topic = factories.make_topic(author=alice, category=category, title="FHIR questions", body="R4 or R5?")
    page.goto(f"{live_server.url}{topic.get_absolute_url()}")
    expect(page.get_by_role("heading", name="A member")).to_be_visible()
    expect(page.get_by_text("Dr Alice Adams")).to_have_count(0)
    check_accessibility(page)
