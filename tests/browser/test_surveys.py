"""Surveys and polls in a real browser, with only the keyboard, and axe-core on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from surveys import services
from surveys.models import Response
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, locator, limit=120):
    """Press Tab until the locator has focus (as someone without a mouse would)."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def _survey():
    survey = factories.SurveyFactory(title="Role survey", slug="role", results_visibility="respondents")
    factories.make_question(
        survey, "single", "Do you have sufficient authority?", options=["Yes", "No"], section="Your role"
    )
    factories.make_question(
        survey, "multiple", "Top priorities", options=["Information strategy", "Clinical engagement"]
    )
    factories.make_question(survey, "scale", "How supported do you feel?", min_value=1, max_value=5)
    factories.make_question(survey, "number", "Days contracted", min_value=0, max_value=7, unit="days a week")
    return survey


def test_a_member_answers_with_the_keyboard_fixes_an_error_and_reads_the_results(
    page, live_server, login_as, check_accessibility
):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    survey = _survey()
    login_as(alice)
    page.goto(live_server.url + "/surveys/role/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Role survey")
    check_accessibility(page)

    # Submit with nothing answered: the error summary takes focus and links to each field.
    page.locator("body").focus()
    tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(4)
    check_accessibility(page)

    # Follow the first link from the summary, then answer every question with the keyboard.
    tab_to(page, summary.get_by_role("link").first)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Yes")).to_be_focused()  # the link lands on the question's first option
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("Information strategy"))
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("radio", name="1", exact=True))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    tab_to(page, page.get_by_label("Days contracted"))
    page.keyboard.type("2")
    tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you: your answers are submitted.")).to_be_visible()
    check_accessibility(page)
    response = Response.objects.get()
    assert response.status == "submitted"
    assert response.answers.count() == 5

    # Later, once the survey has closed, the respondent reads the results.
    survey.opens_at = timezone.now() - dt.timedelta(days=10)
    survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    survey.save()
    page.goto(live_server.url + "/surveys/role/")
    tab_to(page, page.get_by_role("link", name="Read the results"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Role survey")
    expect(page.get_by_test_id("total-responses")).to_have_text("1 response.")
    expect(page.locator(".survey-median").last).to_have_text("Median: 2 days a week")
    expect(page.get_by_role("img", name=re.compile("Do you have sufficient authority"))).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Break down by").select_option("region")
    page.get_by_role("button", name="Show").click()
    check_accessibility(page)


def test_a_member_votes_in_a_poll_with_the_keyboard(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    category = factories.CategoryFactory(name="Clinical safety", slug="clinical-safety")
    topic = factories.make_topic(author=alice, category=category, title="Which EPR?")
    services.poll_create(topic=topic, text="Which EPR do you use?", kind="single", labels=["Epic", "Cerner"])
    login_as(alice)
    page.goto(live_server.url + topic.get_absolute_url())
    expect(page.get_by_role("heading", name="Poll: Which EPR do you use?")).to_be_visible()
    check_accessibility(page)
    tab_to(page, page.get_by_label("Epic"))
    page.keyboard.press("ArrowDown")  # moves to and selects Cerner
    tab_to(page, page.get_by_role("button", name="Vote"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Cerner Your vote: 1 vote (100%)")).to_be_visible()
    check_accessibility(page)


def test_new_topic_page_with_poll_fields_is_accessible(page, live_server, login_as, check_accessibility):
    alice = factories.MemberFactory(username="alice", display_name="Dr Alice Adams")
    factories.CategoryFactory(name="Clinical safety", slug="clinical-safety")
    login_as(alice)
    page.goto(live_server.url + "/forum/new-topic/")
    expect(page.get_by_role("group", name="Add a poll (optional)")).to_be_visible()
    check_accessibility(page)
