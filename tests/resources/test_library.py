"""The library list: filters that combine, counts, search, sorting, and a query budget that does not grow."""

import pytest

from resources import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db):
    safety = factories.TopicFactory(name="Clinical safety")
    careers = factories.TopicFactory(name="Careers")
    return {
        "safety": safety,
        "careers": careers,
        "cso": factories.ResourceFactory(
            title="Clinical safety officer training",
            slug="cso",
            kind="course",
            level="intermediate",
            cost="paid",
            cpd_hours=12,
            topics=[safety],
            for_experienced_ccio=True,
        ),
        "hazard": factories.ResourceFactory(
            title="Hazard log template",
            slug="hazard",
            kind="template",
            level="intermediate",
            cpd_hours=None,
            topics=[safety],
            format="self_paced",
        ),
        "fhir": factories.ResourceFactory(
            title="Introduction to FHIR",
            slug="fhir",
            kind="course",
            level="introductory",
            cpd_hours=1,
        ),
        "jd": factories.ResourceFactory(
            title="A CCIO job description",
            slug="jd",
            kind="template",
            topics=[careers],
            cpd_hours=None,
        ),
        "draft": factories.ResourceFactory(title="Draft guide", slug="draft", status="draft"),
    }


def _titles(response):
    return [r.title for r in response.context["resources"]]


def test_the_list_shows_published_resources_only(visitor_client, library):
    response = visitor_client.get("/resources/")
    assert response.status_code == 200
    assert set(_titles(response)) == {
        "Clinical safety officer training",
        "Hazard log template",
        "Introduction to FHIR",
        "A CCIO job description",
    }


def test_filters_combine_and_options_of_one_filter_widen(visitor_client, library):
    response = visitor_client.get("/resources/?kind=course&level=intermediate")
    assert _titles(response) == ["Clinical safety officer training"]
    response = visitor_client.get("/resources/?kind=course&kind=template&topic=clinical-safety")
    assert set(_titles(response)) == {"Clinical safety officer training", "Hazard log template"}
    response = visitor_client.get("/resources/?cpd=over-10&cost=paid&suits=experienced")
    assert _titles(response) == ["Clinical safety officer training"]
    response = visitor_client.get("/resources/?format=self_paced")
    assert _titles(response) == ["Hazard log template"]


def test_counts_per_option_follow_the_other_filters(visitor_client, library):
    response = visitor_client.get("/resources/?topic=clinical-safety")
    facets = {f["key"]: {o["value"]: o["count"] for o in f["options"]} for f in response.context["facets"]}
    # Kinds counted within the topic's resources; topics counted without the topic filter itself.
    assert facets["kind"] == {"course": 1, "template": 1}
    assert facets["topic"] == {"clinical-safety": 2, "careers": 1}
    assert facets["cpd"] == {"over-10": 1}
    html = response.content.decode()
    assert 'value="clinical-safety" id="f-topic-1" checked' in html or "checked" in html


def test_unknown_values_are_ignored_not_errors(visitor_client, library):
    response = visitor_client.get("/resources/?kind=nonsense&topic=%00&sort=evil&page=999&cpd=<script>")
    assert response.status_code == 200
    assert len(_titles(response)) == 4


def test_search_and_sorting(visitor_client, library):
    response = visitor_client.get("/resources/?q=hazard")
    assert _titles(response) == ["Hazard log template"]
    response = visitor_client.get("/resources/?q=safety&kind=course")
    assert _titles(response) == ["Clinical safety officer training"]
    response = visitor_client.get("/resources/?sort=title")
    assert _titles(response) == sorted(_titles(response), key=str.lower)
    services.mark_useful(resource=library["jd"], member=factories.MemberFactory())
    response = visitor_client.get("/resources/?sort=useful")
    assert _titles(response)[0] == "A CCIO job description"


def test_hostile_search_text_is_inert(visitor_client, library):
    from tests.resources.conftest import HOSTILE, assert_inert

    for payload in HOSTILE + ["\x00", "x" * 5000]:
        response = visitor_client.get("/resources/", {"q": payload})
        assert response.status_code == 200
        assert_inert(response.content.decode())


def test_featured_resources_sit_on_top_of_the_unfiltered_list(visitor_client, library):
    library["hazard"].featured = True
    library["hazard"].save()
    response = visitor_client.get("/resources/")
    assert [r.title for r in response.context["featured"]] == ["Hazard log template"]
    assert visitor_client.get("/resources/?kind=course").context["featured"] == []


def _make(n, topics):
    for i in range(n):
        factories.ResourceFactory(topics=topics, kind=["course", "guide", "template"][i % 3])


@pytest.mark.parametrize("as_member", [False, True])
def test_the_list_costs_the_same_queries_for_5_and_500_resources(
    client, alice, django_assert_max_num_queries, as_member, settings
):
    settings.CONTENT_CACHE = False
    if as_member:
        client.force_login(alice)
    topics = [factories.TopicFactory(name="Careers"), factories.TopicFactory(name="Quality")]
    _make(5, topics)
    with django_assert_max_num_queries(9) as few:
        assert client.get("/resources/?kind=course&kind=guide&topic=careers&sort=useful").status_code == 200
    _make(495, topics)
    with django_assert_max_num_queries(9) as many:
        assert client.get("/resources/?kind=course&kind=guide&topic=careers&sort=useful").status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
