"""The demo seed, the home page section, the nav link and the RSS feeds."""

from io import StringIO

from forum.demo import seed
from forum.models import Category, Post, Topic
from tests import factories


def test_demo_seed_is_idempotent(db):
    from accounts.demo import seed as seed_people

    seed_people(StringIO())
    seed(StringIO())
    counts = (Category.objects.count(), Topic.objects.count(), Post.objects.count())
    seed(StringIO())
    assert (Category.objects.count(), Topic.objects.count(), Post.objects.count()) == counts
    assert Category.objects.get(name="Announcements").access == Category.Access.ANNOUNCEMENTS
    assert Category.objects.filter(access=Category.Access.PUBLIC).exists()
    assert counts[1] >= 6 and counts[2] > counts[1]
    for topic in Topic.objects.all():
        assert topic.last_number == topic.posts.count()


def test_home_shows_active_topics_the_viewer_may_read(visitor_client, alice_client, topic, public_topic):
    visitor = visitor_client.get("/").content.decode()
    assert "Open question about FHIR" in visitor and "Secret safety case" not in visitor
    member = alice_client.get("/").content.decode()
    assert "Secret safety case" in member and "Active in the forum" in member


def test_nav_links_to_forum(visitor_client, db):
    assert 'href="/forum/"' in visitor_client.get("/").content.decode()


def test_feed_lists_only_public_topics(visitor_client, topic, public_topic):
    feed = visitor_client.get("/forum/feed/")
    assert feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert "Open question about FHIR" in body and "Secret safety case" not in body


def test_category_feed_public_only(visitor_client, topic, public_topic):
    assert "Open question about FHIR" in visitor_client.get("/forum/c/open/feed/").content.decode()
    assert visitor_client.get(f"/forum/c/{topic.category.slug}/feed/").status_code == 404


def test_hidden_public_topic_not_in_feed(visitor_client, public_topic):
    Topic.objects.filter(pk=public_topic.pk).update(hidden=True)
    assert "Open question" not in visitor_client.get("/forum/feed/").content.decode()


def test_home_section_budget(django_assert_max_num_queries, alice_client, alice, members_cat, settings):
    settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 100
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 100
    from django.test import RequestFactory

    from forum.home import section

    for n in range(12):
        factories.make_topic(author=alice, category=members_cat, title=f"Active topic {n}")
    request = RequestFactory().get("/")
    request.user = alice
    assert alice.role_names  # loaded once per request by the header
    with django_assert_max_num_queries(1):
        result = section(request)
    assert len(result["topics"]) == 5


def test_feed_does_not_attribute(visitor_client, public_topic):
    assert "Dr Alice Adams" not in visitor_client.get("/forum/feed/").content.decode()


def test_category_names_go_into_the_feed_as_text(visitor_client, db):
    import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output

    category = factories.CategoryFactory(name="Q&A <b>bold</b>", slug="qa", access=Category.Access.PUBLIC)
    factories.make_topic(author=factories.MemberFactory(), category=category, title="A topic")
    feed = ET.fromstring(visitor_client.get("/forum/feed/").content)  # noqa: S314
    [item] = feed.findall("./channel/item")
    assert item.find("description").text == "A new topic in Q&amp;A &lt;b&gt;bold&lt;/b&gt;, 0 replies."
