"""Public forum pages are cached for visitors, and never shown stale."""

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.content_cache import LIFETIME_SECONDS, _lifetime
from editorial.models import Status
from forum.models import Category
from tests.factories import ArticleFactory, CategoryFactory, make_reply, make_topic


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


def test_a_renamed_author_shows_at_once(visitor_client, alice):
    """Visitors see article bylines (forum authors are "A member" to them): a rename shows at once."""
    ArticleFactory(title="Bylines", authors=[alice])
    assert b"Dr Alice Adams" in visitor_client.get("/articles/").content
    alice.display_name = "Professor Alice Adams"
    alice.save()
    assert b"Professor Alice Adams" in visitor_client.get("/articles/").content


def test_members_are_never_served_from_the_cache(alice_client, bob_client, topic):
    bob_client.get(topic.get_absolute_url())
    response = alice_client.get(topic.get_absolute_url())
    assert b"Dr Alice Adams" in response.content  # her own name in the header, not bob's
    assert b"Dr Bob Brown" not in response.content


def test_off_when_the_cache_is_not_shared(visitor_client, topic, settings):
    settings.CONTENT_CACHE = False
    visitor_client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        response = visitor_client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert len(queries) > 0


def test_the_home_page_is_kept_no_longer_than_its_next_scheduled_change(visitor_client, db):
    soon = timezone.now() + dt.timedelta(seconds=30)
    ArticleFactory(title="Already out", status=Status.PUBLISHED, publish_at=timezone.now() - dt.timedelta(days=1))
    ArticleFactory(title="Out in a moment", status=Status.SCHEDULED, publish_at=soon)
    response = visitor_client.get("/")
    assert b"Already out" in response.content and b"Out in a moment" not in response.content
    assert response.changes_at == soon
    assert 0 < _lifetime(response) <= 30


def test_a_page_due_to_change_now_is_not_kept():
    response = HttpResponse("x")
    response.changes_at = timezone.now()
    assert _lifetime(response) <= 0
    assert _lifetime(HttpResponse("y")) == LIFETIME_SECONDS


def test_a_deploy_with_new_static_files_starts_kept_pages_afresh(visitor_client, alice_client, topic, monkeypatch):
    """Kept pages and frames name hashed CSS and JS files: new ones are never served the old addresses."""
    from core import content_cache

    monkeypatch.setattr(content_cache, "_static_release", lambda: "-before")
    visitor_client.get(topic.get_absolute_url())
    alice_client.get(topic.get_absolute_url())
    monkeypatch.setattr(content_cache, "_static_release", lambda: "-after")
    for client in (visitor_client, alice_client):
        with CaptureQueriesContext(connection) as queries:
            client.get(topic.get_absolute_url())
        assert any("forum_post" in query["sql"] for query in queries.captured_queries), "served a kept copy"
