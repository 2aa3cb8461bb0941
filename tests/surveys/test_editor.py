"""Editors build surveys in the editor area: roles, questions, refusals and the workflow."""

import re

import pytest

from surveys.models import Option, Question, Survey
from tests import factories
from tests.surveys.conftest import HOSTILE, full_answers
from tests.surveys.test_results import answer

NEW = "/editor/surveys/new/"


def _form(**overrides):
    data = {
        "title": "Annual member survey",
        "slug": "annual",
        "introduction": "Tell us **how** it is going.",
        "opens_at": "2030-01-01T09:00",
        "closes_at": "2030-02-01T09:00",
        "audience": "members",
        "results_visibility": "everyone",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "100",
        "questions-0-text": "Days contracted",
        "questions-0-kind": "number",
        "questions-0-required": "on",
        "questions-0-min_value": "0",
        "questions-0-max_value": "7",
        "questions-0-unit": "days a week",
        "questions-0-ORDER": "2",
        "questions-1-text": "Sufficient authority?",
        "questions-1-kind": "single",
        "questions-1-options_text": "Yes\nNo\nYes",
        "questions-1-ORDER": "1",
        "questions-1-section": "Authority",
    }
    data.update(overrides)
    return data


def test_visitor_member_and_moderator_are_refused(visitor_client, alice_client, mo_client, db):
    assert visitor_client.get(NEW).status_code == 302
    assert alice_client.post(NEW, _form()).status_code == 403
    assert mo_client.post(NEW, _form()).status_code == 403
    assert not Survey.objects.exists()


def test_editor_creates_a_draft_survey_with_ordered_questions_and_options(ed_client, ed):
    response = ed_client.post(NEW, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get()
    assert survey.status == "draft" and survey.created_by == ed
    assert [q.text for q in survey.questions.all()] == ["Sufficient authority?", "Days contracted"]
    assert list(Option.objects.values_list("label", flat=True)) == ["Yes", "No"]
    assert "<strong>how</strong>" in survey.introduction_html
    assert ed_client.get(survey.get_preview_url()).status_code == 200
    assert ed_client.get(f"/editor/surveys/{survey.pk}/edit/").status_code == 200
    assert "Surveys" in ed_client.get("/editor/").content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"closes_at": "2029-01-01T09:00"},
        {"slug": "results"},
        {"questions-1-options_text": "Only one"},
        {"questions-0-max_value": "-1"},
        {"questions-0-min_value": ""},
        {"title": "x" * 5000},
        {"opens_at": "not a date"},
    ],
)
def test_bad_editor_input_is_refused_with_a_summary_and_kept(ed_client, overrides):
    response = ed_client.post(NEW, _form(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error:" in html and "data-error-summary" in html
    assert "Sufficient authority?" in html
    assert not Survey.objects.exists()


@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_hostile_editor_text_is_stored_as_text(ed_client, visitor_client, hostile):
    response = ed_client.post(NEW, _form(**{"questions-0-text": hostile[:300], "introduction": hostile}))
    assert response.status_code in (302, 400)
    survey = Survey.objects.first()
    if survey is not None:
        survey.status = "published"
        survey.publish_at = survey.opens_at
        survey.save()
        html = visitor_client.get(survey.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in html and "<svg onload" not in html


def test_questions_with_answers_cannot_be_deleted_or_change_type(ed_client, survey):
    member = factories.MemberFactory()
    answer(survey, member)
    questions = list(survey.questions.prefetch_related("options"))
    data = {
        "title": survey.title,
        "slug": survey.slug,
        "introduction": survey.introduction,
        "opens_at": "2020-01-01T09:00",
        "closes_at": "2040-01-01T09:00",
        "audience": "members",
        "results_visibility": "everyone",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(len(questions)),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "100",
    }
    for n, question in enumerate(questions):
        data.update(
            {
                f"questions-{n}-id": str(question.pk),
                f"questions-{n}-text": question.text,
                f"questions-{n}-kind": question.kind,
                f"questions-{n}-required": "on" if question.required else "",
                f"questions-{n}-options_text": "\n".join(o.label for o in question.options.all()),
                f"questions-{n}-min_value": "" if question.min_value is None else question.min_value,
                f"questions-{n}-max_value": "" if question.max_value is None else question.max_value,
                f"questions-{n}-max_choices": question.max_choices or "",
                f"questions-{n}-allow_other": "on" if question.allow_other else "",
                f"questions-{n}-ORDER": str(n + 1),
            }
        )
    assert (
        ed_client.post(f"/editor/surveys/{survey.pk}/edit/", {**data, "questions-0-DELETE": "on"}).status_code == 400
    )
    assert (
        ed_client.post(f"/editor/surveys/{survey.pk}/edit/", {**data, "questions-3-kind": "short_text"}).status_code
        == 400
    )
    refused = ed_client.post(
        f"/editor/surveys/{survey.pk}/edit/", {**data, "questions-0-options_text": "Maybe\nPerhaps"}
    )
    assert refused.status_code == 400 and "cannot be removed" in refused.content.decode()
    assert ed_client.post(f"/editor/surveys/{survey.pk}/edit/", {**data, "anonymous": "on"}).status_code == 400
    assert survey.questions.count() == 6
    ok = ed_client.post(
        f"/editor/surveys/{survey.pk}/edit/", {**data, "questions-0-options_text": "Yes\nNo\nNot sure"}
    )
    assert ok.status_code == 302, re.findall(r"error-summary-list.*?</ul>", ok.content.decode(), re.S)
    assert list(Question.objects.get(pk=questions[0].pk).options.values_list("label", flat=True)) == [
        "Yes",
        "No",
        "Not sure",
    ]
    assert full_answers  # the shared helper stays importable for these tests


def test_a_new_survey_sent_twice_is_created_once_with_its_questions(ed_client, ed, monkeypatch):
    assert ed_client.post(NEW, _form()).status_code == 302
    # The second click arrives before the first is saved: its form saw a free slug.
    from surveys.forms import SurveyForm

    monkeypatch.setattr(SurveyForm, "validate_unique", lambda self: None)
    assert ed_client.post(NEW, _form()).status_code == 302
    assert Survey.objects.count() == 1
    assert Question.objects.count() == 2
