"""The benchmark's seeding command, on a small size, so it cannot rot."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from accounts.models import User
from articles.models import Article
from bench.seed import RARE_WORD, SCALES
from events.models import Event, Registration
from forum.models import Category, Post, Topic


@pytest.fixture
def seeded(db):
    call_command("seed_bench", "--scale", "small")
    return SCALES["small"]


def test_seeds_the_requested_volume(seeded):
    assert User.objects.filter(username__startswith="bench-member-").count() == seeded.members
    assert Category.objects.count() == seeded.categories
    assert Topic.objects.count() == seeded.topics
    assert Post.objects.count() == seeded.posts
    assert Event.objects.count() == seeded.events
    assert Registration.objects.count() == seeded.registrations
    assert Article.objects.published().count() == seeded.articles
    from surveys.models import Response

    assert Response.objects.filter(survey__slug="bench-survey").count() == seeded.survey_responses


def test_counters_match_the_rows(seeded):
    for topic in Topic.objects.all():
        posts = list(topic.posts.order_by("number").values_list("number", flat=True))
        assert posts == list(range(1, topic.last_number + 1))
        assert topic.reply_count == len(posts) - 1
        assert topic.last_post.number == topic.last_number
    for category in Category.objects.all():
        assert category.post_count == Post.objects.filter(topic__category=category).count()
    for event in Event.objects.all():
        assert event.confirmed_count == event.registrations.filter(status="confirmed").count()
        if event.capacity:
            assert event.confirmed_count <= event.capacity


def test_one_topic_is_big_and_bodies_are_rendered_markdown(seeded):
    assert Topic.objects.order_by("-last_number").first().last_number == seeded.big_topic_posts
    post = Post.objects.first()
    assert "<strong>" in post.body_html and "<em>" in post.body_html and "<code>" in post.body_html
    assert Post.objects.filter(body__contains=RARE_WORD).count() == seeded.posts // 200


def test_seeded_pages_serve(seeded):
    client = Client()
    topic = Topic.objects.filter(category__access=Category.Access.PUBLIC).first()
    for path in ["/", "/forum/", topic.get_absolute_url(), "/events/", "/articles/", "/surveys/bench-survey/results/"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search vectors are PostgreSQL only")
def test_rare_word_is_found_by_search(seeded):
    client = Client()
    client.force_login(User.objects.get(username="bench-member-0001"))
    response = client.get("/forum/search/", {"q": RARE_WORD})
    assert response.status_code == 200
    assert RARE_WORD.encode() in response.content


def test_refuses_to_seed_twice(seeded):
    with pytest.raises(CommandError, match="already has benchmark data"):
        call_command("seed_bench", "--scale", "small")


def test_the_benchmark_member_has_an_inbox_and_a_long_conversation(seeded):
    from messaging.models import Conversation, Message

    member = User.objects.get(username="bench-member-0001")
    conversations = Conversation.objects.filter(participants__user=member)
    assert conversations.count() == seeded.conversations
    longest = conversations.order_by("-last_number").first()
    assert longest.last_number == seeded.big_conversation_messages
    assert list(longest.messages.order_by("number").values_list("number", flat=True)) == list(
        range(1, seeded.big_conversation_messages + 1)
    )
    assert Message.objects.count() == seeded.big_conversation_messages + 3 * (seeded.conversations - 1)
    client = Client()
    client.force_login(member)
    assert client.get("/messages/").status_code == 200
    assert client.get(f"{longest.get_absolute_url()}?page={longest.page_count}").status_code == 200


def test_bench_measures_building_one_member_s_weekly_summary(seeded):
    from bench.measure import weekly_summary

    measured = weekly_summary(runs=2)
    assert measured["items"] > 0 and measured["queries"] <= 8 and measured["median_ms"] > 0
