"""Every list and topic page runs a fixed number of queries, however much data there is."""

import pytest

from forum.models import Category
from tests import factories

BUDGET = 10


def _topics(category, authors, count):
    for n in range(count):
        topic = factories.make_topic(
            author=authors[n % len(authors)], category=category, title=f"Topic number {n}", body=f"Body {n}"
        )
        factories.make_reply(topic=topic, author=authors[(n + 1) % len(authors)], body=f"Reply {n}")


@pytest.fixture
def people(alice, bob, mo):
    return [alice, bob, mo, factories.EditorFactory(username="edna")]


@pytest.mark.parametrize("count", [3, 35])
@pytest.mark.parametrize("who", ["visitor", "alice", "mo"])
def test_list_pages_budget(request, django_assert_max_num_queries, people, count, who, settings):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 10_000
    settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 10_000
    category = factories.CategoryFactory(slug="public-cat", access=Category.Access.PUBLIC)
    _topics(category, people, count)
    client = request.getfixturevalue(f"{who}_client")
    urls = ["/forum/", "/forum/c/public-cat/", "/forum/c/public-cat/?page=2", "/forum/latest/"]
    if who != "visitor":
        urls += ["/forum/unread/", "/forum/bookmarks/"]
    for url in urls:
        with django_assert_max_num_queries(BUDGET):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["visitor", "alice", "mo"])
def test_topic_pages_budget_small_and_large(request, django_assert_max_num_queries, people, who):
    small = factories.make_topic(author=people[0], category=factories.CategoryFactory(access="public"))
    factories.make_reply(topic=small, author=people[1])
    large = factories.make_topic(author=people[0], category=small.category, title="A very long topic")
    factories.bulk_posts(large, 5000, author=people[2])
    client = request.getfixturevalue(f"{who}_client")
    for url in [
        small.get_absolute_url(),
        large.get_absolute_url(),
        large.get_absolute_url() + "?page=126",  # 5,001 posts: the 251st page is the last
        large.get_absolute_url() + "?page=251",
    ]:
        with django_assert_max_num_queries(BUDGET):
            response = client.get(url)
        assert response.status_code == 200
    assert "Reply 5001" in response.content.decode()


def test_last_page_query_uses_number_range_not_offset(alice_client, alice, bob, members_cat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = factories.make_topic(author=alice, category=members_cat, title="Long topic here")
    factories.bulk_posts(topic, 500, author=bob)
    with CaptureQueriesContext(connection) as queries:
        alice_client.get(topic.get_absolute_url() + "?page=26")
    post_queries = [q["sql"] for q in queries if 'FROM "forum_post"' in q["sql"] and '"number" >=' in q["sql"]]
    assert post_queries and all("OFFSET" not in sql for sql in post_queries)
