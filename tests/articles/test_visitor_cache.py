"""The article list is cached for visitors, never shown stale, and kept only until the next article goes live."""

import datetime as dt

import pytest
from django.utils import timezone

from core.content_cache import LIFETIME_SECONDS, _lifetime
from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, EditorFactory, MemberFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _from_now(**delta):
    return timezone.now() + dt.timedelta(**delta)


@pytest.fixture
def article():
    return ArticleFactory(title="What a CCIO does", topics=[TopicFactory(name="Careers")])


def test_a_visitor_gets_the_second_view_from_the_cache(visitor_client, article, django_assert_num_queries):
    first = visitor_client.get("/articles/")
    with django_assert_num_queries(0):
        second = visitor_client.get("/articles/")
    assert b"What a CCIO does" in second.content
    assert second.content == first.content


@pytest.mark.parametrize("n", [3, 30])
def test_a_visitors_first_view_has_a_budget_that_does_not_grow(n, visitor_client, django_assert_max_num_queries):
    topics = [TopicFactory() for _ in range(n // 3 + 1)]
    authors = [MemberFactory() for _ in range(n // 3 + 1)]
    for i in range(n):
        ArticleFactory(topics=topics, authors=authors, featured=(i == 0))
    ArticleFactory(status=Status.SCHEDULED, publish_at=_from_now(days=1))
    with django_assert_max_num_queries(13):
        response = visitor_client.get("/articles/")
    assert response.status_code == 200


def test_an_article_published_by_an_editor_shows_at_once(visitor_client, article, ed):
    visitor_client.get("/articles/")
    other_editor = EditorFactory(username="eve")
    fresh = ArticleFactory(
        title="Fresh from review", status=Status.IN_REVIEW, publish_at=None, approved_by=other_editor
    )
    services.publish(item=fresh, by=ed)
    assert b"Fresh from review" in visitor_client.get("/articles/").content


def test_a_withdrawn_article_leaves_the_list_at_once(visitor_client, article, ed):
    assert b"What a CCIO does" in visitor_client.get("/articles/").content
    services.withdraw(item=article, by=ed)
    assert b"What a CCIO does" not in visitor_client.get("/articles/").content


def test_a_topic_page_is_cached_apart_from_the_whole_list(visitor_client, article):
    ArticleFactory(title="Buying an EPR", topics=[TopicFactory(name="Procurement")])
    visitor_client.get("/articles/")
    page = visitor_client.get("/articles/?topic=careers").content
    assert b"What a CCIO does" in page and b"Buying an EPR" not in page


def test_the_list_is_kept_until_the_next_scheduled_article_goes_live(visitor_client, article):
    soon = _from_now(seconds=30)
    ArticleFactory(title="Out in a moment", status=Status.SCHEDULED, publish_at=soon)
    ArticleFactory(title="Out next week", status=Status.SCHEDULED, publish_at=_from_now(days=7))
    ArticleFactory(title="Withdrawn before its time", status=Status.WITHDRAWN, publish_at=_from_now(seconds=10))
    for url in ("/articles/", "/articles/?topic=careers", "/articles/?page=2"):
        response = visitor_client.get(url)
        assert b"Out in a moment" not in response.content, url
        assert response.changes_at == soon, url
        assert 0 < _lifetime(response) <= 30, url


def test_with_nothing_scheduled_the_list_changes_only_with_content(visitor_client, article):
    response = visitor_client.get("/articles/")
    assert response.changes_at is None
    assert _lifetime(response) == LIFETIME_SECONDS


def test_members_are_never_served_the_visitors_copy(visitor_client, alice_client, bob_client, article):
    visitor_client.get("/articles/")
    page = alice_client.get("/articles/").content
    assert b"Dr Alice Adams" in page and b"What a CCIO does" in page
    page = bob_client.get("/articles/").content
    assert b"Dr Bob Brown" in page and b"Dr Alice Adams" not in page
    assert b"Dr Bob Brown" not in visitor_client.get("/articles/").content
