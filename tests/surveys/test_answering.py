"""Answering a survey: roles, drafts, changing answers, refusals and hostile input."""

import pytest

from surveys.models import Answer, Participation, Response
from tests import factories
from tests.surveys.conftest import HOSTILE, close, full_answers, q

URL = "/surveys/role/"


def test_visitor_is_asked_to_sign_in_and_cannot_post(visitor_client, survey):
    page = visitor_client.get(URL)
    assert page.status_code == 200
    assert "Sign in</a> to answer" in page.content.decode()
    data = full_answers(survey, text="Typed before my session ended")
    response = visitor_client.post(URL, data)
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="session-expired"' in html and 'value="Typed before my session ended"' in html
    assert not Response.objects.exists()


def test_signed_in_non_member_is_refused_a_members_survey(una_client, survey):
    assert "for members of the network" in una_client.get(URL).content.decode()
    assert una_client.post(URL, full_answers(survey)).status_code == 403
    assert not Response.objects.exists()


@pytest.mark.parametrize("who", ["alice_client", "ed_client", "mo_client"])
def test_members_editors_and_moderators_answer_once(request, who, survey):
    client = request.getfixturevalue(who)
    response = client.post(URL, full_answers(survey))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.status == "submitted" and stored.member is not None
    assert Participation.objects.filter(survey=survey).count() == 1
    # Changing the answers keeps one response.
    client.post(URL, full_answers(survey, authority="No", days="3"))
    assert Response.objects.count() == 1
    assert Answer.objects.filter(response=stored, question=q(survey, 3)).get().number == 3


def test_missing_required_answers_show_the_error_summary_and_keep_what_was_typed(alice_client, survey):
    data = full_answers(survey)
    data[f"q{q(survey, 0).pk}"] = ""
    data[f"q{q(survey, 4).pk}"] = "Chief clinical information officer"
    response = alice_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert "data-error-summary" in html
    assert f'href="#id_q{q(survey, 0).pk}_0"' in html
    assert 'value="Chief clinical information officer"' in html
    assert not Response.objects.exists()


def test_a_draft_keeps_partial_answers_and_is_shown_again(alice_client, alice, survey):
    number = q(survey, 3)
    response = alice_client.post(URL, {f"q{number.pk}": "2.5", "action": "draft"})
    assert response.status_code == 302
    stored = Response.objects.get(member=alice)
    assert stored.status == "draft"
    assert not Participation.objects.exists()
    page = alice_client.get(URL).content.decode()
    assert 'value="2.5"' in page and "Your draft is saved" in page


def test_a_draft_still_refuses_bad_values(alice_client, survey):
    number = q(survey, 3)
    response = alice_client.post(URL, {f"q{number.pk}": "9", "action": "draft"})
    assert response.status_code == 400
    assert "less than or equal to 7" in response.content.decode()
    assert not Response.objects.exists()


def test_another_members_draft_is_never_shown(alice_client, bob_client, survey):
    number = q(survey, 3)
    alice_client.post(URL, {f"q{number.pk}": "6.5", "action": "draft"})
    assert 'value="6.5"' not in bob_client.get(URL).content.decode()


def test_anonymous_survey_takes_no_draft_and_one_response(alice_client, anonymous_survey):
    data = full_answers(anonymous_survey)
    assert alice_client.post(URL, {**data, "action": "draft"}).status_code == 409
    assert not Response.objects.exists()
    assert alice_client.post(URL, data).status_code == 302
    second = alice_client.post(URL, data)
    assert second.status_code == 409
    assert Response.objects.count() == 1
    assert "You have answered this survey" in alice_client.get(URL).content.decode()


def test_closed_or_unpublished_surveys_take_no_answers(alice_client, ed_client, survey):
    close(survey)
    response = alice_client.post(URL, full_answers(survey))
    assert response.status_code == 409
    assert "not open" in response.content.decode()
    survey.status = "draft"
    survey.save()
    assert alice_client.get(URL).status_code == 404
    assert ed_client.get(URL).status_code == 200


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_refused_or_stored_as_text(alice_client, survey, hostile):
    data = full_answers(survey, text=hostile)
    data[f"q{q(survey, 5).pk}"] = hostile
    response = alice_client.post(URL, data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert "data-error-summary" in response.content.decode()
        assert not Response.objects.exists()
    page = alice_client.get(URL).content.decode()
    assert "<script>alert(1)" not in page and "<svg onload" not in page


@pytest.mark.parametrize(
    ("position", "value"),
    [(3, "-1"), (3, "8"), (3, "abc"), (3, "1e999"), (2, "6"), (2, "0"), (0, "999999"), (0, "x")],
)
def test_out_of_range_and_foreign_values_are_refused(alice_client, survey, position, value):
    data = full_answers(survey)
    data[f"q{q(survey, position).pk}"] = value
    response = alice_client.post(URL, data)
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_options_of_another_survey_and_unknown_questions_are_refused_or_ignored(alice_client, survey):
    other = factories.SurveyFactory(slug="other")
    foreign = factories.make_question(other, "single", "Elsewhere", options=["A", "B"])
    data = full_answers(survey)
    data[f"q{foreign.pk}"] = str(foreign.options.first().pk)
    assert alice_client.post(URL, data).status_code == 302
    assert not Answer.objects.filter(question=foreign).exists()
    data[f"q{q(survey, 0).pk}"] = str(foreign.options.first().pk)
    assert alice_client.post(URL, data).status_code == 400


def test_too_many_choices_and_other_without_text_are_refused(alice_client, survey):
    data = full_answers(survey, priorities=("Strategy", "Engagement", "EPR"))
    response = alice_client.post(URL, data)
    assert response.status_code == 400 and "Choose at most 2" in response.content.decode()
    data = full_answers(survey)
    data[f"q{q(survey, 1).pk}"] = ["__other__"]
    response = alice_client.post(URL, data)
    assert response.status_code == 400 and "Say what your other answer is" in response.content.decode()
    data[f"q{q(survey, 1).pk}_other"] = "Workforce"
    assert alice_client.post(URL, data).status_code == 302
    assert Answer.objects.filter(question=q(survey, 1), option__isnull=True).get().text == "Workforce"


def test_the_survey_list_shows_live_surveys(visitor_client, survey):
    factories.SurveyFactory(title="Hidden draft", slug="hidden", status="draft")
    html = visitor_client.get("/surveys/").content.decode()
    assert "Role survey" in html and "Hidden draft" not in html


def test_answer_page_queries_do_not_grow_with_answers(alice_client, alice, survey, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        alice_client.get(URL)
    for member in [factories.MemberFactory() for _ in range(10)]:
        from tests.surveys.test_results import answer

        answer(survey, member)
    alice_client.post(URL, {**full_answers(survey), "action": "draft"})
    alice_client.get(URL)  # shows (and so removes) the "draft saved" message kept in her session
    with CaptureQueriesContext(connection) as later:
        alice_client.get(URL)
    assert len(later) <= len(first) + 1  # her own draft's answers
