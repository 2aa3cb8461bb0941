import datetime as dt

import pytest
from django.utils import timezone

from tests import factories

HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    '=HYPERLINK("http://evil.example")',
    "x" * 20000,
    "nul\x00byte",
]


@pytest.fixture
def survey(db):
    """A named survey with one question of each type."""
    survey = factories.SurveyFactory(title="Role survey", slug="role")
    factories.make_question(survey, "single", "Sufficient authority?", options=["Yes", "No"], section="Your role")
    factories.make_question(
        survey,
        "multiple",
        "Top priorities",
        options=["Strategy", "Engagement", "EPR"],
        max_choices=2,
        allow_other=True,
    )
    factories.make_question(
        survey, "scale", "Satisfaction", min_value=1, max_value=5, min_label="Low", max_label="High"
    )
    factories.make_question(survey, "number", "Days contracted", min_value=0, max_value=7, unit="days a week")
    factories.make_question(survey, "short_text", "Job title", required=False)
    factories.make_question(survey, "long_text", "Anything else?", required=False)
    return survey


@pytest.fixture
def anonymous_survey(survey):
    survey.anonymous = True
    survey.save()
    return survey


def q(survey, position):
    return survey.questions.get(position=position)


def full_answers(survey, *, authority="Yes", priorities=("Strategy",), scale="4", days="2", text="CCIO"):
    questions = list(survey.questions.prefetch_related("options"))
    single, multiple, scale_q, number, short, long_ = questions
    options = {o.label: o.pk for qn in (single, multiple) for o in qn.options.all()}
    return {
        f"q{single.pk}": str(options[authority]),
        f"q{multiple.pk}": [str(options[p]) for p in priorities],
        f"q{scale_q.pk}": scale,
        f"q{number.pk}": days,
        f"q{short.pk}": text,
        f"q{long_.pk}": "",
        "action": "submit",
    }


def close(survey):
    survey.opens_at = timezone.now() - dt.timedelta(days=10)
    survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    survey.save()
