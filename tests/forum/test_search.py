"""Forum search: only what the searcher may read; ranked snippets on PostgreSQL, a plain fallback on SQLite."""

import pytest
from django.db import connection

from forum.models import Post, Topic
from forum.search import search_posts
from tests import factories


@pytest.fixture
def corpus(alice, bob, members_cat, public_cat):
    factories.make_topic(
        author=alice, category=members_cat, title="Sepsis alerts in the EPR", body="Our sepsis screening tool fires."
    )
    public = factories.make_topic(
        author=bob, category=public_cat, title="Open data standards", body="SNOMED CT and sepsis coding."
    )
    factories.make_reply(topic=public, author=alice, body="Dictionary of medicines and devices")
    return public


def test_member_finds_members_only_and_public(alice, corpus):
    posts, _ = search_posts(alice, "sepsis")
    titles = {p.topic.title for p in posts}
    assert titles == {"Sepsis alerts in the EPR", "Open data standards"}


def test_visitor_finds_public_only(corpus):
    from django.contrib.auth.models import AnonymousUser

    posts, _ = search_posts(AnonymousUser(), "sepsis")
    assert {p.topic.title for p in posts} == {"Open data standards"}


def test_hidden_and_deleted_posts_not_found(alice, bob, corpus):
    Post.objects.filter(body__icontains="SNOMED").update(hidden=True)
    posts, _ = search_posts(bob, "SNOMED")
    assert posts == []


def test_hidden_topic_found_only_by_moderators(bob, mo, corpus):
    Topic.objects.filter(pk=corpus.pk).update(hidden=True)
    assert search_posts(bob, "SNOMED")[0] == []
    assert len(search_posts(mo, "SNOMED")[0]) == 1


def test_search_page(alice_client, corpus):
    content = alice_client.get("/forum/search/?q=sepsis").content.decode()
    assert "Sepsis alerts in the EPR" in content
    assert alice_client.get("/forum/search/?q=").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgres_ranks_title_matches_and_highlights(alice, bob, members_cat):
    factories.make_topic(author=alice, category=members_cat, title="Interoperability roadmap", body="Plans.")
    factories.make_topic(
        author=bob, category=members_cat, title="Something else", body="A note on interoperability at last."
    )
    posts, _ = search_posts(alice, "interoperability")
    assert posts[0].topic.title == "Interoperability roadmap"
    assert "<mark>interoperability</mark>" in posts[1].snippet.lower()
    post = Post.objects.get(topic__title="Interoperability roadmap")
    assert post.search_vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgres_snippet_escapes_markup(alice, members_cat):
    body = "<script>alert(1)</script> tokenword"
    factories.make_topic(author=alice, category=members_cat, title="Hostile", body=body)
    posts, _ = search_posts(alice, "tokenword")
    assert "<script>" not in posts[0].snippet and "<mark>tokenword</mark>" in posts[0].snippet


def test_search_budget(django_assert_max_num_queries, alice_client, corpus):
    with django_assert_max_num_queries(8):
        alice_client.get("/forum/search/?q=sepsis")
