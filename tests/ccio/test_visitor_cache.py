"""Public forum pages are cached for visitors, and never shown stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import Category
from tests.factories import CategoryFactory, make_reply, make_topic


@pytest.fixture
def topic(alice):
    return make_topic(author=alice, category=CategoryFactory(access=Category.Access.PUBLIC), title="Open EPR talk")


def test_a_visitor_gets_the_second_view_from_the_cache(visitor_client, topic, django_assert_num_queries):
    first = visitor_client.get(topic.get_absolute_url())
    with django_assert_num_queries(0):
        second = visitor_client.get(topic.get_absolute_url())
    assert second.content == first.content


def test_a_new_reply_shows_at_once(visitor_client, topic, bob):
    visitor_client.get(topic.get_absolute_url())
    make_reply(topic=topic, author=bob, body="Fresh news from the ward")
    assert b"Fresh news from the ward" in visitor_client.get(topic.get_absolute_url()).content


def test_a_form_post_starts_afresh(visitor_client, alice_client, topic):
    visitor_client.get(topic.get_absolute_url())
    alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Posted through the site"})
    assert b"Posted through the site" in visitor_client.get(topic.get_absolute_url()).content


def test_a_renamed_author_shows_at_once(visitor_client, topic, alice):
    visitor_client.get(topic.get_absolute_url())
    alice.display_name = "Professor Alice Adams"
    alice.save()
    assert b"Professor Alice Adams" in visitor_client.get(topic.get_absolute_url()).content


def test_members_are_never_served_from_the_cache(alice_client, bob_client, topic):
    bob_client.get(topic.get_absolute_url())
    response = alice_client.get(topic.get_absolute_url())
    assert b"Dr Alice Adams" in response.content  # her own name in the header, not bob's
    assert b"Dr Bob Brown" not in response.content


def test_off_when_the_cache_is_not_shared(visitor_client, topic, settings):
    settings.VISITOR_PAGE_CACHE = False
    visitor_client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = visitor_client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) > 0
