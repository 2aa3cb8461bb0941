"""Starting topics and replying: numbering, counters, rendering, limits."""

import datetime as dt

import pytest
from django.utils import timezone

from forum import services
from forum.models import Category, Post, Topic, Watch
from tests import factories


def test_topic_create_numbers_first_post_and_counts(alice, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="EPR go-live", body="**Hello** world")
    post = topic.posts.get()
    assert post.number == 1
    assert post.body_html == "<p><strong>Hello</strong> world</p>\n"
    assert topic.reply_count == 0 and topic.last_number == 1 and topic.last_post == post
    members_cat.refresh_from_db()
    assert members_cat.topic_count == 1 and members_cat.post_count == 1
    assert Watch.objects.filter(user=alice, topic=topic, level=Watch.Level.WATCHING).exists()


def test_replies_are_numbered_and_counted(topic, bob, alice):
    first = factories.make_reply(topic=topic, author=bob)
    second = factories.make_reply(topic=topic, author=alice)
    assert (first.number, second.number) == (2, 3)
    topic.refresh_from_db()
    assert topic.reply_count == 2 and topic.last_post == second and topic.last_number == 3
    assert Category.objects.get(pk=topic.category_id).post_count == 3


def test_post_number_unique_per_topic_in_database(topic, alice):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(topic=topic, number=1, author=alice, body="dup", body_html="dup")


def test_identical_post_twice_is_refused(topic, bob, members_cat):
    factories.make_reply(topic=topic, author=bob, body="Same words")
    elsewhere = factories.make_topic(author=topic.author, category=members_cat, title="Another topic")
    with pytest.raises(services.ForumError, match="exactly this"):
        factories.make_reply(topic=elsewhere, author=bob, body="Same words ")


def test_the_same_reply_sent_twice_is_one_post(topic, bob):
    first = factories.make_reply(topic=topic, author=bob, body="Same words")
    assert factories.make_reply(topic=topic, author=bob, body="Same words ") == first
    assert topic.posts.count() == 2


def test_the_same_topic_sent_twice_is_one_topic(alice, members_cat):
    first = factories.make_topic(author=alice, category=members_cat, title="Clicked twice", body="Once")
    assert factories.make_topic(author=alice, category=members_cat, title="Clicked twice", body="Once") == first
    assert Topic.objects.count() == 1


def test_the_same_words_much_later_are_refused_not_merged(topic, bob, members_cat):
    first = factories.make_reply(topic=topic, author=bob, body="Same words")
    Post.objects.filter(pk=first.pk).update(created=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(services.ForumError, match="exactly this"):
        factories.make_reply(topic=topic, author=bob, body="Same words")


def test_new_member_post_rate_limit(topic, settings):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 2
    newbie = factories.MemberFactory(username="newbie")
    factories.make_reply(topic=topic, author=newbie, body="one")
    factories.make_reply(topic=topic, author=newbie, body="two")
    with pytest.raises(services.ForumError, match="at most 2 times a minute"):
        factories.make_reply(topic=topic, author=newbie, body="three")


def test_new_member_topic_rate_limit(members_cat, settings):
    settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 1
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 100
    newbie = factories.MemberFactory(username="newbie")
    factories.make_topic(author=newbie, category=members_cat, title="First topic", body="one")
    with pytest.raises(services.ForumError, match="at most 1 topics a day"):
        factories.make_topic(author=newbie, category=members_cat, title="Second topic", body="two")


def test_established_member_is_not_rate_limited(topic, settings):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 1
    old = factories.MemberFactory(username="oldtimer")
    old.date_joined = timezone.now() - dt.timedelta(days=365)
    old.save()
    for n in range(3):
        factories.make_reply(topic=topic, author=old, body=f"reply {n}")


def test_locked_topic_refuses_replies_but_moderator_may(topic, bob, mo):
    Topic.objects.filter(pk=topic.pk).update(locked=True)
    topic.refresh_from_db()
    with pytest.raises(services.ForumError, match="locked"):
        factories.make_reply(topic=topic, author=bob)
    factories.make_reply(topic=topic, author=mo)


def test_only_moderators_start_announcements(announcements_cat, alice, mo):
    with pytest.raises(services.ForumError):
        factories.make_topic(author=alice, category=announcements_cat)
    factories.make_topic(author=mo, category=announcements_cat)


def test_new_topic_view_creates_topic(alice_client, members_cat):
    response = alice_client.post(
        "/forum/new-topic/",
        {"category": members_cat.pk, "title": "Digital maturity assessment", "body": "What did you score?"},
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    page = alice_client.get(topic.get_absolute_url())
    assert b"What did you score?" in page.content


def test_reply_view_redirects_to_permalink(alice_client, topic):
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "My reply"})
    post = Post.objects.get(number=2)
    assert response.status_code == 302 and response["Location"] == f"/forum/p/{post.pk}/"


def test_failed_submit_keeps_text(alice_client, topic, members_cat):
    elsewhere = factories.make_topic(author=topic.author, category=members_cat, title="Another topic")
    factories.make_reply(topic=elsewhere, author=topic.author, body="Repeat me")
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Repeat me"})
    assert response.status_code == 200
    assert b"You have just posted exactly this" in response.content
    assert b"Repeat me</textarea>" in response.content


def test_empty_body_gets_clear_message(alice_client, topic):
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "   "})
    assert b"Please write something before posting." in response.content


def test_huge_body_refused_with_message_and_kept(alice_client, topic):
    body = "x" * 1_000_000
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": body})
    assert response.status_code == 200
    assert "Posts can be at most 100,000 characters long; yours has 1,000,000." in response.content.decode()
    assert Post.objects.filter(topic=topic).count() == 1


def test_title_length_limits(alice_client, members_cat):
    long_title = "T" * 151
    response = alice_client.post(
        "/forum/new-topic/", {"category": members_cat.pk, "title": long_title, "body": "Body"}
    )
    assert "at most 150 characters" in response.content.decode()
    assert long_title in response.content.decode()
    response = alice_client.post("/forum/new-topic/", {"category": members_cat.pk, "title": "Hi", "body": "Body"})
    assert "at least 5 characters" in response.content.decode()
    assert not Topic.objects.exists()


def test_preview_button_without_js_renders_and_does_not_post(alice_client, topic):
    response = alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "*soon*", "preview": "1"})
    assert b"<em>soon</em>" in response.content
    assert Post.objects.filter(topic=topic).count() == 1


def test_htmx_preview_endpoint(alice_client):
    response = alice_client.post("/forum/preview/", {"body": "# Heading"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<h1>Heading</h1>" in response.content


def test_expired_session_reshows_body_with_sign_in(visitor_client, topic):
    response = visitor_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "My careful reply"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "My careful reply</textarea>" in content
    assert "Sign in" in content and "Secret safety case" not in content
    assert Post.objects.filter(topic=topic).count() == 1
