"""Readers: the article list, topic filter, featured article, article page, related articles, query budgets."""

import datetime as dt

import pytest
from django.utils import timezone

from editorial.models import Status
from tests.factories import ArticleFactory, MemberFactory, TopicFactory


def test_list_shows_published_newest_first_with_featured_on_top(visitor_client, db):
    old = ArticleFactory(title="Old news", publish_at=timezone.now() - dt.timedelta(days=10))
    new = ArticleFactory(title="Fresh news", publish_at=timezone.now() - dt.timedelta(hours=1))
    featured = ArticleFactory(title="The big feature", featured=True, publish_at=timezone.now() - dt.timedelta(days=5))
    body = visitor_client.get("/articles/").content.decode()
    assert body.index(featured.title) < body.index(new.title) < body.index(old.title)
    assert 'id="featured-heading"' in body


def test_filter_by_topic(visitor_client, db):
    procurement = TopicFactory(name="Procurement")
    careers = TopicFactory(name="Careers")
    ArticleFactory(title="Buying an EPR", topics=[procurement])
    ArticleFactory(title="Becoming a CCIO", topics=[careers])
    body = visitor_client.get(f"/articles/?topic={procurement.slug}").content.decode()
    assert "Buying an EPR" in body and "Becoming a CCIO" not in body
    assert "Articles about Procurement" in body


def test_list_is_paginated(visitor_client, db):
    for i in range(23):
        ArticleFactory(title=f"Paged article {i:02d}")
    first = visitor_client.get("/articles/").content.decode()
    assert "Page 1 of 3" in first
    third = visitor_client.get("/articles/?page=3")
    assert third.status_code == 200 and b"Paged article 00" in third.content


def test_article_page_renders_markdown_meta_and_related(visitor_client, db):
    topic = TopicFactory(name="Quality")
    other_topic = TopicFactory(name="Careers")
    author = MemberFactory(display_name="Dr Priya Shah")
    article = ArticleFactory(
        title="Measuring quality",
        body="## Why\n\nBecause **patients**.",
        topics=[topic],
        authors=[author],
        seo_description="How CCIOs measure quality.",
    )
    related = ArticleFactory(title="Quality dashboards", topics=[topic])
    unrelated = ArticleFactory(title="Career ladders", topics=[other_topic])
    draft_related = ArticleFactory(title="Draft about quality", topics=[topic], status=Status.DRAFT)
    body = visitor_client.get(article.get_absolute_url()).content.decode()
    assert "<h2>Why</h2>" in body and "<strong>patients</strong>" in body
    assert "Dr Priya Shah" in body
    assert '<meta property="og:title" content="Measuring quality">' in body
    assert '<meta name="description" content="How CCIOs measure quality.">' in body
    assert "1 min read" in body
    assert related.title in body
    assert unrelated.title not in body
    assert draft_related.title not in body


def test_reading_time_grows_with_the_body(db):
    article = ArticleFactory(body="word " * 1000)
    assert article.reading_minutes == 5


def _make_articles(n, topics, authors):
    for i in range(n):
        ArticleFactory(topics=topics, authors=authors, featured=(i == 0))


@pytest.mark.parametrize("n", [3, 30])
def test_list_query_budget_does_not_grow(n, alice_client, django_assert_max_num_queries, db):
    topics = [TopicFactory() for _ in range(n // 3 + 1)]
    authors = [MemberFactory() for _ in range(n // 3 + 1)]
    _make_articles(n, topics, authors)
    with django_assert_max_num_queries(12):
        response = alice_client.get("/articles/")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        alice_client.get(f"/articles/?topic={topics[0].slug}&page=2")


@pytest.mark.parametrize("n", [3, 30])
def test_article_page_query_budget_does_not_grow(n, alice_client, django_assert_max_num_queries, db):
    topics = [TopicFactory() for _ in range(n)]
    authors = [MemberFactory() for _ in range(n)]
    _make_articles(n, topics, authors)
    article = ArticleFactory(topics=topics, authors=authors)
    with django_assert_max_num_queries(8):
        response = alice_client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_home_page_shows_featured_and_latest_articles(visitor_client, django_assert_max_num_queries, db):
    ArticleFactory(title="Featured on the home page", featured=True)
    ArticleFactory(title="Latest on the home page")
    ArticleFactory(title="Draft not on the home page", status=Status.DRAFT)
    with django_assert_max_num_queries(12):
        body = visitor_client.get("/").content.decode()
    assert "Featured on the home page" in body and "Latest on the home page" in body
    assert "Draft not on the home page" not in body


def test_the_featured_article_is_listed_once(visitor_client, db):
    ArticleFactory(title="The one feature", featured=True, publish_at=timezone.now() - dt.timedelta(days=3))
    for i in range(12):
        ArticleFactory(title=f"Ordinary {i}")
    first = visitor_client.get("/articles/").content.decode()
    second = visitor_client.get("/articles/?page=2").content.decode()
    assert first.count("The one feature") >= 1
    assert "The one feature" not in second
