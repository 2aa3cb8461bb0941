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


HOSTILE = "Plain <b>text</b> & <script>alert(1)</script>"


def test_plain_text_goes_into_the_feeds_as_text(visitor_client, db):
    """Standfirst and search description are text: a feed reader must show the characters, not run markup."""
    ArticleFactory(title="T1", standfirst=HOSTILE)
    ArticleFactory(title="T2", seo_description=HOSTILE)
    rss = ET.fromstring(visitor_client.get("/articles/feed/").content)  # noqa: S314
    # The description element holds HTML: the text, escaped once.
    expected = "Plain &lt;b&gt;text&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    assert [i.find("description").text for i in rss.findall("./channel/item")] == [expected, expected]
    atom = ET.fromstring(visitor_client.get("/articles/feed/atom/").content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = [e.find("a:summary", ns) for e in atom.findall("a:entry", ns)]
    assert [(s.get("type"), s.text) for s in summaries] == [("html", expected), ("html", expected)]
