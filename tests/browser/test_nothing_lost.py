"""In a real browser: the 503 and 405 pages, a waiting-list place kept, an editor's clash reported; axe on each."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from playwright.sync_api import expect

from articles.models import Article
from editorial import services as editorial
from events import services
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_the_database_away_visitors_and_members_get_the_503_page(
    page, live_server, login_as, check_accessibility
):
    alice = factories.MemberFactory(username="alice")
    login_as(alice)
    refused = OperationalError("connection to server failed: Connection refused")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=refused):
        response = page.goto(live_server.url + "/forum/")
        assert response.status == 503 and response.headers["retry-after"] == "30"
        expect(page.get_by_role("heading", level=1)).to_have_text("Back in a moment")
        check_accessibility(page)
        page.context.clear_cookies()
        assert page.goto(live_server.url + "/events/").status == 503
    assert page.goto(live_server.url + "/events/").status == 200


def test_a_post_only_address_opened_in_the_browser_explains_itself(page, live_server, check_accessibility):
    response = page.goto(live_server.url + "/events/my/reset-feed/")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("This address only takes a form")
    check_accessibility(page)


def test_leaving_the_waiting_list_as_a_place_comes_up_keeps_the_place(
    page, live_server, login_as, check_accessibility
):
    holder, bob = factories.MemberFactory(), factories.MemberFactory(username="bob")
    event = factories.EventFactory(title="Tiny roundtable", capacity=1)
    place = services.registration_create(event=event, member=holder)
    services.registration_create(event=event, member=bob)
    login_as(bob)
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_test_id("registration-status")).to_have_text("You are number 1 on the waiting list.")

    page.get_by_role("link", name="Leave the waiting list").click()
    services.registration_cancel(registration=place)  # bob is promoted while the question is open
    page.get_by_role("button", name="Yes, leave the waiting list").click()

    expect(page.get_by_text("A place came up for you just before you pressed the button")).to_be_visible()
    expect(page.get_by_test_id("registration-status")).to_have_text("You are registered.")
    assert Registration.objects.get(member=bob).is_confirmed
    check_accessibility(page)


def test_an_editor_is_told_of_a_clash_and_keeps_their_text(page, live_server, login_as, check_accessibility):
    ed, other = factories.EditorFactory(username="ed"), factories.EditorFactory()
    article = factories.ArticleFactory(title="Winter pressures", body="The first version.")
    login_as(ed)
    page.goto(f"{live_server.url}/editor/articles/{article.pk}/edit/")
    theirs = Article.objects.get(pk=article.pk)
    theirs.body = "Another editor's quick fix."
    editorial.save_item(item=theirs, by=other)

    page.get_by_label("Body").fill("Ed's careful rewrite, an hour's work.")
    page.get_by_role("button", name="Save").click()

    # In the error summary at the top and again beside the field.
    expect(page.get_by_test_id("error-summary")).to_contain_text("While you were editing, someone else changed body")
    expect(page.get_by_label("Body")).to_have_value("Ed's careful rewrite, an hour's work.")
    check_accessibility(page)
    page.get_by_role("button", name="Save").click()  # having read the message: keep mine
    expect(page.get_by_text("“Winter pressures” was saved.")).to_be_visible()
    assert Article.objects.get(pk=article.pk).body == "Ed's careful rewrite, an hour's work."
