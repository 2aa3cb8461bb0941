"""Erasure and data export of survey answers and poll votes; the admin's survey pages."""

from accounts.services import account_erase, export_account
from surveys import services
from surveys.models import Ballot, Participation, Question, Response, Survey
from tests import factories
from tests.surveys.conftest import q
from tests.surveys.test_results import answer


def test_export_lists_named_answers_and_only_the_title_of_anonymous_surveys(alice, alice_client, survey):
    answer(survey, alice, text="Chief clinical information officer")
    anonymous = factories.SurveyFactory(title="Anonymous pulse", slug="pulse", anonymous=True)
    factories.make_question(anonymous, "long_text", "Secret thoughts", required=False)
    services.save_response(survey=anonymous, member=alice, rows=[(q(anonymous, 0), None, None, "hush")], submit=True)
    topic = factories.make_topic(author=alice, title="Poll topic")
    poll = services.poll_create(topic=topic, text="Which EPR?", kind="single", labels=["Epic", "Cerner"])
    services.poll_vote(poll=poll, member=alice, option_ids=[poll.question.options.first().pk])
    section = export_account(alice)["surveys"]
    named = section["named_responses"][0]
    assert named["survey"] == "Role survey"
    assert {"question": "Job title", "answer": "Chief clinical information officer"} in named["answers"]
    assert [s["survey"] for s in section["anonymous_surveys_answered"]] == ["Anonymous pulse"]
    assert "hush" not in str(section)
    assert section["poll_votes"] == [{"poll": "Which EPR?", "choice": "Epic"}]


def test_erasure_unlinks_named_responses_and_removes_drafts_and_votes(alice, bob, survey):
    answer(survey, alice)
    draft_survey = factories.SurveyFactory(slug="draft-one")
    factories.make_question(draft_survey, "number", "Days", min_value=0, max_value=7, required=False)
    services.save_response(survey=draft_survey, member=alice, rows=[], submit=False)
    topic = factories.make_topic(author=bob, title="Poll topic")
    poll = services.poll_create(topic=topic, text="Which EPR?", kind="single", labels=["Epic", "Cerner"])
    services.poll_vote(poll=poll, member=alice, option_ids=[poll.question.options.first().pk])
    account_erase(user=alice)
    kept = Response.objects.get(survey=survey)
    assert kept.member_id is None and kept.updated_at is None and kept.status == "submitted"
    assert not Response.objects.filter(survey=draft_survey).exists()
    assert not Participation.objects.filter(member=alice).exists()
    assert not Ballot.objects.filter(member=alice).exists()


def test_admin_pages_for_an_administrator(client, survey):
    admin = factories.EditorFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/surveys/survey/").status_code == 200
    assert client.get(f"/admin/surveys/survey/{survey.pk}/change/").status_code == 200
    assert client.get("/admin/surveys/survey/add/").status_code == 200
    question = Question.objects.filter(survey=survey).first()
    assert client.get(f"/admin/surveys/question/{question.pk}/change/").status_code == 200
    assert client.get("/admin/surveys/poll/").status_code == 200
    # Responses are not in the admin.
    assert client.get("/admin/surveys/response/").status_code == 404
    response = client.post(
        "/admin/surveys/survey/",
        {"action": "withdraw_action", "_selected_action": [survey.pk]},
    )
    assert response.status_code == 302
    assert Survey.objects.get().status == "withdrawn"


def test_admin_refuses_members(alice_client, survey):
    assert alice_client.get("/admin/surveys/survey/").status_code == 302
