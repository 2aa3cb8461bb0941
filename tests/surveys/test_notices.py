"""Survey notifications (opened, reminder, results), each sent once, and the home page's open survey."""

import datetime as dt
import io

from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from notifications.models import Notification
from surveys import home
from surveys.notices import send_due
from tests import factories
from tests.surveys.conftest import close
from tests.surveys.test_results import answer


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_opening_is_announced_once_to_the_audience(survey, alice, una):
    call_command("survey_notifications", stdout=io.StringIO())
    call_command("survey_notifications", stdout=io.StringIO())
    assert _kinds(alice) == ["surveys.opened"]
    assert _kinds(una) == []  # not a member: a members' survey is not for her


def test_reminder_goes_once_to_those_who_have_not_answered(survey, alice, bob):
    answer(survey, alice)
    survey.closes_at = timezone.now() + dt.timedelta(days=2)
    survey.opened_notified_at = timezone.now()
    survey.save()
    assert send_due()["reminder"] == 1
    assert send_due()["reminder"] == 0
    assert _kinds(bob) == ["surveys.reminder"]
    assert _kinds(alice) == []


def test_no_reminder_for_an_unpublished_survey_or_too_early(survey, alice):
    survey.opened_notified_at = timezone.now()
    survey.save()
    assert send_due()["reminder"] == 0
    survey.status = "draft"
    survey.closes_at = timezone.now() + dt.timedelta(days=1)
    survey.save()
    assert send_due() == {"opened": 0, "reminder": 0, "results": 0}


def test_results_published_to_respondents_only_when_so_set(survey, alice, bob):
    answer(survey, alice)
    survey.results_visibility = "respondents"
    close(survey)
    assert send_due()["results"] == 1
    assert send_due()["results"] == 0
    assert _kinds(alice) == ["surveys.results"] and _kinds(bob) == []
    note = Notification.objects.get(recipient=alice)
    assert note.url == "/surveys/role/results/"


def test_no_results_notice_for_editors_only_results(survey, alice):
    survey.results_visibility = "editors"
    close(survey)
    assert send_due()["results"] == 0


def test_the_preferences_page_offers_the_survey_kinds(alice_client):
    html = alice_client.get("/account/notifications/").content.decode()
    assert "A survey opens for you to answer" in html and "Results of a survey are published" in html


def test_home_shows_an_open_survey_the_member_has_not_answered(
    alice_client, alice, survey, django_assert_max_num_queries
):
    assert "A survey for you" in alice_client.get("/").content.decode()
    request = RequestFactory().get("/")
    request.user = alice
    assert alice.role_names  # loaded once per request by the header
    with django_assert_max_num_queries(1):
        assert home.section(request)["survey"] == survey
    answer(survey, alice)
    assert "A survey for you" not in alice_client.get("/").content.decode()


def test_home_asks_nothing_for_visitors(visitor_client, survey, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert home.section(request) is None
    assert "A survey for you" not in visitor_client.get("/").content.decode()


def test_home_page_budget_for_a_member_with_an_open_survey(alice_client, survey, django_assert_max_num_queries):
    factories.SurveyFactory(slug="second")
    with django_assert_max_num_queries(16):
        assert alice_client.get("/").status_code == 200


def test_the_kept_invitation_follows_the_clock(alice, alice_client, survey, monkeypatch):
    """A survey that opens later is offered from the moment it opens, though nothing else changed."""
    opens = timezone.now() + dt.timedelta(hours=1)
    factories.SurveyFactory(
        title="Later survey", slug="later", opens_at=opens, closes_at=opens + dt.timedelta(days=30)
    )
    answer(survey, alice)
    assert "A survey for you" not in alice_client.get("/").content.decode()  # kept now, until the next opening
    moment = opens + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    html = alice_client.get("/").content.decode()
    assert "A survey for you" in html and "Later survey" in html
