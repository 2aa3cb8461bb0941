"""Forum search: only what the searcher may read; ranked snippets on PostgreSQL, a plain fallback on SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import moderation
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
    titles = {p.topic_title for p in posts}
    assert titles == {"Sepsis alerts in the EPR", "Open data standards"}


def test_visitor_finds_public_only(corpus):
    from django.contrib.auth.models import AnonymousUser

    posts, _ = search_posts(AnonymousUser(), "sepsis")
    assert {p.topic_title for p in posts} == {"Open data standards"}


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
    assert posts[0].topic_title == "Interoperability roadmap"
    assert "<mark>interoperability</mark>" in posts[1].snippet.lower()
    post = Post.objects.get(topic__title="Interoperability roadmap")
    assert post.search_vector


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgres_snippet_escapes_markup(alice, members_cat):
    body = "<script>alert(1)</script> tokenword"
    factories.make_topic(author=alice, category=members_cat, title="Hostile", body=body)
    posts, _ = search_posts(alice, "tokenword")
    assert "<script>" not in posts[0].snippet and "<mark>tokenword</mark>" in posts[0].snippet


def test_search_budget(django_assert_max_num_queries, alice_client, corpus, settings):
    settings.CONTENT_CACHE = False
    with django_assert_max_num_queries(8):
        alice_client.get("/forum/search/?q=sepsis")


def test_results_show_where_each_post_is(alice_client, alice, bob, corpus):
    reply = Post.objects.get(body__startswith="Dictionary")
    content = alice_client.get("/forum/search/?q=dictionary").content.decode()
    assert f'href="{reply.get_absolute_url()}"' in content
    assert "#2 · " in content and corpus.category.name in content and alice.public_name in content


def test_a_repeated_search_comes_from_the_cache(alice_client, corpus):
    alice_client.get("/forum/search/?q=sepsis")
    with CaptureQueriesContext(connection) as repeat:
        second = alice_client.get("/forum/search/?q=sepsis")
    assert b"Sepsis alerts in the EPR" in second.content and b"Open data standards" in second.content
    assert not any("forum_post" in query["sql"] for query in repeat.captured_queries)


def test_cached_results_never_outlive_a_change(alice_client, bob, corpus):
    assert b"bundles" not in alice_client.get("/forum/search/?q=sepsis").content
    factories.make_reply(topic=corpus, author=bob, body="More on sepsis bundles")
    assert b"bundles" in alice_client.get("/forum/search/?q=sepsis").content


def test_a_post_deleted_through_the_site_leaves_cached_results(alice_client, alice, corpus):
    reply = factories.make_reply(topic=corpus, author=alice, body="Sepsis typo, sorry")
    assert b"typo, sorry" in alice_client.get("/forum/search/?q=sepsis").content
    alice_client.post(f"/forum/p/{reply.pk}/delete/")
    assert b"typo, sorry" not in alice_client.get("/forum/search/?q=sepsis").content


def test_hiding_a_post_removes_it_from_cached_results(alice_client, mo, mo_client, corpus):
    assert b"Open data standards" in alice_client.get("/forum/search/?q=SNOMED").content
    moderation.post_hide(post=Post.objects.get(body__icontains="SNOMED"), moderator=mo, reason="Off topic")
    assert b"Open data standards" not in alice_client.get("/forum/search/?q=SNOMED").content
    assert b"Open data standards" in mo_client.get("/forum/search/?q=SNOMED").content


def test_people_who_read_different_posts_never_share_cached_results(
    client, alice_client, mo_client, corpus, members_cat
):
    assert b"Sepsis alerts in the EPR" in alice_client.get("/forum/search/?q=sepsis").content
    assert b"Sepsis alerts in the EPR" not in client.get("/forum/search/?q=sepsis").content
    Topic.objects.filter(pk=corpus.pk).update(hidden=True)  # no signal: the cache is not told
    assert b"Open data standards" in mo_client.get("/forum/search/?q=SNOMED").content
    assert b"Open data standards" not in alice_client.get("/forum/search/?q=SNOMED").content


def test_odd_queries_answer_with_a_page(alice_client, corpus):
    for query in ["%00", "sepsis%00alerts", "' OR 1=1 --", "x" * 10_000, "   "]:
        assert alice_client.get(f"/forum/search/?q={query}").status_code == 200, query
