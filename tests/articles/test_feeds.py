"""RSS and Atom feeds of published articles."""

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in tests

from tests.factories import ArticleFactory, MemberFactory, TopicFactory


def test_rss_feed_is_valid_and_lists_published_articles(visitor_client, db):
    ArticleFactory(title="Feed <article> & more", topics=[TopicFactory(name="Quality")], authors=[MemberFactory()])
    response = visitor_client.get("/articles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314
    items = root.findall("./channel/item")
    assert len(items) == 1
    assert items[0].find("title").text == "Feed <article> & more"
    assert items[0].find("category").text == "Quality"
    assert items[0].find("link").text.endswith("/articles/article-" + items[0].find("link").text.split("-")[-1])


def test_atom_feed_is_valid(visitor_client, db):
    ArticleFactory(title="Atom article")
    response = visitor_client.get("/articles/feed/atom/")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:title", ns).text for e in root.findall("a:entry", ns)] == ["Atom article"]


def test_feed_query_budget(visitor_client, django_assert_max_num_queries, db):
    topics = [TopicFactory() for _ in range(5)]
    for _ in range(15):
        ArticleFactory(topics=topics, authors=[MemberFactory()])
    with django_assert_max_num_queries(4):
        visitor_client.get("/articles/feed/")
