"""Simultaneous submissions, each on its own database connection (PostgreSQL only)."""

import contextlib

import pytest
from django.db import connection

from core import locks
from surveys import services
from surveys.models import Answer, Participation, Response
from tests import factories
from tests.events.test_concurrency import _run_at_once
from tests.surveys.test_results import answer

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 10


def _survey(anonymous):
    survey = factories.SurveyFactory(slug="role", anonymous=anonymous)
    factories.make_question(survey, "single", "Sufficient authority?", options=["Yes", "No"])
    factories.make_question(survey, "multiple", "Top priorities", options=["Strategy", "Engagement", "EPR"])
    factories.make_question(survey, "scale", "Satisfaction", min_value=1, max_value=5)
    factories.make_question(survey, "number", "Days contracted", min_value=0, max_value=7)
    factories.make_question(survey, "short_text", "Job title", required=False)
    factories.make_question(survey, "long_text", "Anything else?", required=False)
    return survey


def _quietly(work):
    def run(item):
        # The second of two submissions is told it has answered already.
        with contextlib.suppress(services.SurveyError):
            work(item)

    return run


@pytest.mark.parametrize("anonymous", [False, True])
def test_one_member_submitting_many_times_at_once_stores_one_response(anonymous):
    survey = _survey(anonymous)
    member = factories.MemberFactory()
    _run_at_once(_quietly(lambda _: answer(survey, member)), range(THREADS))
    assert Response.objects.filter(survey=survey).count() == 1
    assert Participation.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(question__text="Sufficient authority?").count() == 1


def test_without_the_person_lock_the_database_constraint_still_stores_one(monkeypatch):
    monkeypatch.setattr(locks, "ENABLED", False)
    survey = _survey(True)
    member = factories.MemberFactory()
    _run_at_once(_quietly(lambda _: answer(survey, member)), range(THREADS))
    assert Response.objects.filter(survey=survey).count() == 1
    assert Participation.objects.filter(survey=survey).count() == 1


def test_many_members_voting_at_once_count_every_vote_once():
    topic_author = factories.MemberFactory()
    topic = factories.make_topic(author=topic_author)
    poll = services.poll_create(topic=topic, text="Which EPR?", kind="single", labels=["A", "B"])
    option = poll.question.options.first()
    members = [factories.MemberFactory() for _ in range(THREADS)]
    _run_at_once(
        _quietly(lambda m: services.poll_vote(poll=poll, member=m, option_ids=[option.pk])), members + members
    )
    assert poll.ballots.count() == THREADS
    assert Answer.objects.filter(ballot__poll=poll, option=option).count() == THREADS
