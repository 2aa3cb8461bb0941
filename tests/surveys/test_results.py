"""Results: who sees them, what they compute, breakdowns, text answers, CSV export and the query budget."""

import csv
import io
import re
from decimal import Decimal

import pytest

from profiles.models import DirectoryEntry
from surveys import services
from surveys.forms import AnswerForm
from surveys.models import Answer
from tests import factories
from tests.surveys.conftest import close, full_answers

RESULTS = "/surveys/role/results/"


def answer(survey, member, **kwargs):
    data = full_answers(survey, **kwargs)
    form = AnswerForm(data, questions=list(survey.questions.prefetch_related("options")))
    assert form.is_valid(), form.errors
    return services.save_response(survey=survey, member=member, rows=form.answers(), submit=True)


def members_in(region, count, org_type="acute"):
    organisation = factories.OrganisationFactory(region=region, type=org_type)
    people = []
    for _ in range(count):
        member = factories.MemberFactory()
        DirectoryEntry.objects.create(user=member, organisation=organisation, profession="doctor")
        people.append(member)
    return people


def test_editors_see_results_while_open_and_others_do_not(visitor_client, alice_client, mo_client, ed_client, survey):
    assert ed_client.get(RESULTS).status_code == 200
    assert alice_client.get(RESULTS).status_code == 403
    assert mo_client.get(RESULTS).status_code == 403
    assert visitor_client.get(RESULTS).status_code == 302


@pytest.mark.parametrize(
    ("visibility", "visitor", "respondent", "other_member", "editor"),
    [
        ("everyone", 200, 200, 200, 200),
        ("respondents", 302, 200, 403, 200),
        ("editors", 302, 403, 403, 200),
    ],
)
def test_results_after_closing_by_visibility(
    visitor_client,
    alice_client,
    alice,
    bob_client,
    ed_client,
    survey,
    visibility,
    visitor,
    respondent,
    other_member,
    editor,
):
    answer(survey, alice)
    survey.results_visibility = visibility
    close(survey)
    assert visitor_client.get(RESULTS).status_code == visitor
    assert alice_client.get(RESULTS).status_code == respondent
    assert bob_client.get(RESULTS).status_code == other_member
    assert ed_client.get(RESULTS).status_code == editor


def test_results_of_an_unpublished_survey_are_404_for_members(alice_client, survey):
    close(survey)
    survey.status = "draft"
    survey.save()
    assert alice_client.get(RESULTS).status_code == 404


def test_a_survey_withdrawn_after_going_live_is_gone(alice_client, ed, survey):
    from editorial import services as editorial

    close(survey)
    editorial.withdraw(item=survey, by=ed)
    assert alice_client.get(RESULTS).status_code == 410
    assert alice_client.get("/surveys/role/").status_code == 410


def test_counts_percentages_median_chart_and_table(visitor_client, survey):
    for member, days, authority in zip(
        [factories.MemberFactory() for _ in range(4)], ["1", "2", "3", "4"], ["Yes", "Yes", "Yes", "No"], strict=True
    ):
        answer(survey, member, days=days, authority=authority)
    close(survey)
    html = visitor_client.get(RESULTS).content.decode()
    assert "4 responses." in html
    assert "Median: 2.5 days a week" in html
    assert '<svg class="survey-chart" role="img"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "Yes: 3 (75%)" in html
    assert re.search(
        r"<th scope=\"row\" class=\"fw-normal\">Yes</th><td class=\"text-end\">3</td><td class=\"text-end\">75%</td>",
        html,
    )


def test_text_answers_are_for_editors_until_published(visitor_client, ed_client, survey):
    member = factories.MemberFactory()
    answer(survey, member, text="Chief of clinical safety")
    close(survey)
    assert "Chief of clinical safety" not in visitor_client.get(RESULTS).content.decode()
    assert "Chief of clinical safety" in ed_client.get(RESULTS).content.decode()
    text = Answer.objects.get(text="Chief of clinical safety")
    assert visitor_client.post(f"{RESULTS}publish/", {"answer": [text.pk], "publish": "1"}).status_code == 302
    text.refresh_from_db()
    assert not text.published
    assert ed_client.post(f"{RESULTS}publish/", {"answer": [text.pk], "publish": "1"}).status_code == 302
    assert "Chief of clinical safety" in visitor_client.get(RESULTS).content.decode()
    assert ed_client.post(f"{RESULTS}publish/", {"answer": ["not-a-uuid"], "publish": "1"}).status_code == 404


def test_publishing_is_refused_to_members_and_moderators(alice_client, mo_client, survey):
    assert alice_client.post(f"{RESULTS}publish/", {"publish": "1"}).status_code == 403
    assert mo_client.post(f"{RESULTS}publish/", {"publish": "1"}).status_code == 403


def test_breakdown_by_region_suppresses_small_groups_when_anonymous(visitor_client, anonymous_survey):
    for member in members_in("london", 5):
        answer(anonymous_survey, member, authority="Yes")
    for member in members_in("wales", 2):
        answer(anonymous_survey, member, authority="No")
    close(anonymous_survey)
    html = visitor_client.get(RESULTS + "?by=region").content.decode()
    assert 'London <span class="fw-normal">(5)</span>' in html
    assert "Wales" not in html
    assert "1 group left out" in html


def test_named_breakdown_shows_every_group(visitor_client, survey):
    for member in members_in("london", 5):
        answer(survey, member)
    for member in members_in("wales", 2):
        answer(survey, member, authority="No")
    close(survey)
    html = visitor_client.get(RESULTS + "?by=region").content.decode()
    assert 'Wales <span class="fw-normal">(2)</span>' in html
    assert "2 (100%)" in html


def test_unknown_breakdown_is_ignored(visitor_client, survey):
    close(survey)
    assert visitor_client.get(RESULTS + "?by=%00<script>").status_code in (200, 400)


def _results_queries(client, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(RESULTS + "?by=region").status_code == 200
    return len(captured)


def test_query_budget_is_the_same_for_10_and_many_responses(ed_client, survey, django_assert_max_num_queries):
    for member in members_in("london", 10):
        answer(survey, member)
    ed_client.get(RESULTS)  # the editor's header counts are kept from the first view on
    small = _results_queries(ed_client, django_assert_max_num_queries, 30)
    for member in members_in("wales", 60, org_type="icb"):
        answer(survey, member, days="5", authority="No", priorities=("EPR", "Engagement"), text="More")
    ed_client.get(RESULTS)  # the survey itself is kept from the first view after a change on
    large = _results_queries(ed_client, django_assert_max_num_queries, 30)
    assert small == large


def test_csv_export_is_for_editors_and_safe_in_a_spreadsheet(alice_client, mo_client, ed_client, survey):
    member = factories.MemberFactory(display_name="=cmd|' /C calc'!A0")
    answer(survey, member, text='=HYPERLINK("http://evil.example")')
    assert alice_client.get(RESULTS + "export.csv").status_code == 403
    assert mo_client.get(RESULTS + "export.csv").status_code == 403
    response = ed_client.get(RESULTS + "export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Username", "Name", "Submitted"]
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    assert '\'=HYPERLINK("http://evil.example")' in rows[1]
    assert "2" in rows[1]  # days


def test_median_helper():
    from surveys.results import median

    assert median({}) is None
    assert median({Decimal(2): 3, Decimal(3): 1}) == 2
    assert median({Decimal(1): 1, Decimal(4): 1}) == Decimal("2.5")


def _bulk_responses(survey, count):
    """`count` submitted responses written in bulk (as a large survey would hold them)."""
    from surveys.models import Response

    questions = list(survey.questions.prefetch_related("options"))
    single, multiple, scale, number, short, _ = questions
    yes, no = single.options.all()
    responses = Response.objects.bulk_create(
        Response(survey=survey, status="submitted", region=["london", "wales", "midlands"][n % 3])
        for n in range(count)
    )
    answers = []
    for n, response in enumerate(responses):
        answers += [
            Answer(response=response, question=single, option=yes if n % 3 else no),
            Answer(response=response, question=multiple, option=multiple.options.all()[n % 3]),
            Answer(response=response, question=scale, number=Decimal(1 + n % 5)),
            Answer(response=response, question=number, number=Decimal(n % 8) / 2 + Decimal("0.25")),
            Answer(response=response, question=short, text=f"Answer {n}"),
        ]
    Answer.objects.bulk_create(answers, batch_size=2000)


def test_query_budget_for_10_and_5000_responses(ed_client, visitor_client, survey, django_assert_max_num_queries):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk_responses(survey, 10)
    close(survey)
    # Each round starts from an empty cache, so that the results are counted afresh for both.
    cache.clear()
    counts = []
    for client in (ed_client, visitor_client):
        with CaptureQueriesContext(connection) as small:
            assert client.get(RESULTS + "?by=region").status_code == 200
        counts.append(len(small))
    _bulk_responses(survey, 4990)
    cache.clear()
    for n, client in enumerate((ed_client, visitor_client)):
        with CaptureQueriesContext(connection) as large:
            response = client.get(RESULTS + "?by=region")
        assert len(large) == counts[n]
    assert "5000 responses." in response.content.decode()
