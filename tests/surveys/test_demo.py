"""seed_demo's "CCIO survey 2012": the results page computes what the network reported, from the stored responses."""

import io
import re

import pytest

from accounts import demo as accounts_demo
from articles.models import Article
from editorial import demo as editorial_demo
from surveys import demo as surveys_demo
from surveys.models import Response

RESULTS = "/surveys/ccio-survey-2012/results/"


@pytest.fixture
def seeded(db):
    out = io.StringIO()
    for module in (accounts_demo, editorial_demo, surveys_demo):
        module.seed(out)


def _section(html, question):
    start = html.index(question)
    end = html.find('<section class="survey-result', start)
    return html[start : end if end != -1 else len(html)]


def _percent(html, question, answer):
    table = _section(html, question)
    match = re.search(
        rf'<th scope="row" class="fw-normal">{answer}</th><td class="text-end">\d+</td>'
        r'<td class="text-end">(\d+)%</td>',
        table,
    )
    assert match, (question, answer)
    return int(match.group(1))


def test_the_2012_results_page_shows_what_the_network_reported(visitor_client, seeded):
    response = visitor_client.get(RESULTS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "36 responses." in html
    assert "Median: 2 days a week" in _section(html, "contracted for the CCIO role?")
    assert "Median: 3 days a week" in _section(html, "actually work on the role?")
    assert _percent(html, "What are your top priorities?", "Information strategy") == 86
    assert _percent(html, "What are your top priorities?", "Clinical engagement") == 86
    assert _percent(html, "sufficient authority", "Yes") == 67  # two thirds
    assert _percent(html, "first formal IT role", "Yes") == 67
    assert _percent(html, "years have you practised", "Over 20 years") == 75  # three quarters
    assert _percent(html, "formal IT qualification", "Yes") == 25  # a quarter


def test_the_figures_follow_the_stored_responses(visitor_client, seeded):
    """Nothing is hard-coded: change the stored answers and the page changes."""
    from surveys.models import Answer

    Answer.objects.filter(question__text__contains="qualification", option__label="No").first().delete()
    html = visitor_client.get(RESULTS).content.decode()
    assert _percent(html, "formal IT qualification", "Yes") == 26  # 9 of the 35 who answered


def test_seed_is_idempotent_and_the_article_links_the_results(visitor_client, seeded, settings):
    surveys_demo.seed(io.StringIO())
    assert Response.objects.filter(survey__slug="ccio-survey-2012").count() == 36
    article = Article.objects.get(slug="what-the-first-ccio-survey-found")
    assert RESULTS in visitor_client.get(article.get_absolute_url()).content.decode()
    assert visitor_client.get(RESULTS + "?by=region").status_code == 200
    assert visitor_client.get("/surveys/member-survey/").status_code == 200
