"""Published results are rendered once per content version for everyone but editors, and never shown stale or leaked.

Non-editors see results only once a survey has closed, and then the same
page (published written answers only); editors see every written answer and
the results of an open survey, always counted afresh. Who may see the results
(everyone, respondents) is asked on every view.
"""

import datetime as dt

import pytest
from django.utils import timezone

from editorial import services as editorial
from surveys import services
from surveys.models import Answer
from tests import factories
from tests.surveys.conftest import close
from tests.surveys.test_results import RESULTS, answer, members_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


@pytest.fixture
def closed(survey):
    for member, days, text in zip(
        [factories.MemberFactory() for _ in range(3)], ["1", "2", "3"], ["Clinical lead", "CNIO", "CMIO"], strict=True
    ):
        answer(survey, member, days=days, text=text)
    close(survey)
    return survey


def _html(client, url=RESULTS):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_a_members_second_view_is_read_from_the_kept_results(
    settings, client, alice, closed, django_assert_num_queries
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    client.force_login(alice)
    first = _html(client)
    with django_assert_num_queries(0):
        second = _html(client)
    assert _main(second) == _main(first)
    assert "3 responses." in second and "Median: 2 days a week" in second


def test_a_visitors_second_view_is_the_kept_page(visitor_client, closed, django_assert_num_queries):
    first = _html(visitor_client)
    with django_assert_num_queries(0):
        assert _html(visitor_client) == first


def test_members_and_visitors_never_see_the_editors_written_answers(alice_client, visitor_client, ed_client, closed):
    editor_html = _html(ed_client)
    assert "Clinical lead" in editor_html and "Download the responses (CSV)" in editor_html
    for client in (alice_client, visitor_client):
        html = _html(client)
        assert "Clinical lead" not in html and "Download the responses (CSV)" not in html
        assert 'name="csrfmiddlewaretoken"' not in _main(html)
    # and the editor's page is never the readers' copy
    assert "Clinical lead" in _html(ed_client)


@pytest.mark.parametrize("how", ["page", "service"])
def test_a_written_answer_published_or_withdrawn_shows_at_once(how, alice_client, visitor_client, ed_client, closed):
    text = Answer.objects.get(text="CNIO")
    for client in (alice_client, visitor_client):
        assert "CNIO" not in _html(client)

    def publish(published):
        if how == "page":
            data = {"answer": [text.pk], "publish": "1" if published else "0"}
            assert ed_client.post(f"{RESULTS}publish/", data).status_code == 302
        else:
            services.set_published_answers(survey=closed, answer_ids=[text.pk], published=published)

    publish(True)
    for client in (alice_client, visitor_client):
        assert "CNIO" in _html(client)
    publish(False)
    for client in (alice_client, visitor_client):
        assert "CNIO" not in _html(client)


def test_an_edited_question_shows_at_once(alice_client, visitor_client, closed):
    for client in (alice_client, visitor_client):
        _html(client)
    question = closed.questions.get(text="Days contracted")
    question.text = "Days contracted each week"
    question.save()
    option = closed.questions.get(text="Sufficient authority?").options.get(label="Yes")
    option.label = "Yes, enough"
    option.save()
    for client in (alice_client, visitor_client):
        html = _html(client)
        assert "Days contracted each week" in html and "Yes, enough" in html


def test_each_breakdown_is_kept_apart(alice_client, anonymous_survey):
    for member in members_in("london", 5):
        answer(anonymous_survey, member)
    for member in members_in("wales", 2):
        answer(anonymous_survey, member)
    close(anonymous_survey)
    plain = _html(alice_client)
    by_region = _html(alice_client, RESULTS + "?by=region")
    by_profession = _html(alice_client, RESULTS + "?by=profession")
    assert "Broken down by" not in plain
    # Groups under the anonymity threshold stay out of the kept copy too.
    assert 'London <span class="fw-normal">(5)</span>' in by_region and "Wales" not in by_region
    assert "1 group left out" in by_region
    assert "Broken down by profession" in by_profession and "London" not in by_profession
    assert '<option value="region" selected>' in by_region and "selected>" not in plain


def test_while_open_only_editors_see_results_and_each_new_response_at_once(alice_client, ed_client, survey):
    answer(survey, factories.MemberFactory())
    assert "1 response." in _html(ed_client)
    assert alice_client.get(RESULTS).status_code == 403
    answer(survey, factories.MemberFactory())
    assert "2 responses." in _html(ed_client)
    assert alice_client.get(RESULTS).status_code == 403


def test_results_show_when_the_survey_closes_by_the_clock(
    alice_client, visitor_client, ed_client, survey, monkeypatch
):
    answer(survey, factories.MemberFactory(), text="Clinical lead")
    _html(ed_client)
    assert alice_client.get(RESULTS).status_code == 403
    assert visitor_client.get(RESULTS).status_code == 302
    later = survey.closes_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for client in (alice_client, visitor_client):
        html = _html(client)
        assert "1 response." in html and "Clinical lead" not in html


@pytest.mark.parametrize("visibility", ["editors", "respondents"])
def test_narrowing_who_sees_the_results_applies_at_once(visibility, alice_client, visitor_client, closed):
    for client in (alice_client, visitor_client):
        _html(client)
    closed.results_visibility = visibility
    closed.save()
    assert alice_client.get(RESULTS).status_code == 403
    assert visitor_client.get(RESULTS).status_code == 302


def test_respondents_see_the_kept_results_and_nobody_else_does(
    alice, alice_client, bob_client, visitor_client, survey
):
    survey.results_visibility = "respondents"
    answer(survey, alice)
    close(survey)
    assert "1 response." in _html(alice_client)
    assert bob_client.get(RESULTS).status_code == 403
    assert visitor_client.get(RESULTS).status_code == 302


def test_a_withdrawn_survey_is_gone_at_once(alice_client, visitor_client, ed, closed):
    for client in (alice_client, visitor_client):
        _html(client)
    editorial.withdraw(item=closed, by=ed)
    assert alice_client.get(RESULTS).status_code == 410
    assert visitor_client.get(RESULTS).status_code == 410


def test_a_scheduled_survey_shows_nothing_until_its_time(alice_client, ed_client, survey, monkeypatch):
    close(survey)
    survey.status = "scheduled"
    survey.publish_at = timezone.now() + dt.timedelta(hours=1)
    survey.save()
    assert _html(ed_client)  # the survey is kept, as editors see it
    assert alice_client.get(RESULTS).status_code == 404
    later = survey.publish_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "0 responses." in _html(alice_client)
