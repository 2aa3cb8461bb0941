"""Likes (one per member per post), bookmarks and their page, watching, and erasure."""

import pytest
from django.db import IntegrityError, transaction

from accounts.services import account_erase
from forum.models import Bookmark, Reaction, ReadState, Watch
from tests import factories


def test_like_toggles_with_htmx_partial(bob_client, topic):
    post = topic.posts.get()
    response = bob_client.post(f"/forum/p/{post.pk}/like/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode() and "· 1" in response.content.decode()
    response = bob_client.post(f"/forum/p/{post.pk}/like/", headers={"HX-Request": "true"})
    assert 'aria-pressed="false"' in response.content.decode() and "· 0" in response.content.decode()


def test_one_like_per_member_per_post_in_database(topic, bob):
    post = topic.posts.get()
    Reaction.objects.create(post=post, user=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(post=post, user=bob)


def test_cannot_like_own_post(alice_client, topic):
    post = topic.posts.get()
    assert alice_client.post(f"/forum/p/{post.pk}/like/").status_code == 403
    assert not Reaction.objects.exists()


def test_like_state_shown_on_topic(bob_client, topic):
    post = topic.posts.get()
    bob_client.post(f"/forum/p/{post.pk}/like/")
    assert 'aria-pressed="true"' in bob_client.get(topic.get_absolute_url()).content.decode()


def test_bookmarks_page(bob_client, topic, public_topic):
    post = topic.posts.get()
    assert bob_client.post(f"/forum/p/{post.pk}/bookmark/").status_code == 302
    page = bob_client.get("/forum/bookmarks/").content.decode()
    assert "Secret safety case" in page
    assert ">Bookmarked<" in bob_client.get(topic.get_absolute_url()).content.decode()
    bob_client.post(f"/forum/p/{post.pk}/bookmark/", headers={"HX-Request": "true"})
    assert "Secret safety case" not in bob_client.get("/forum/bookmarks/").content.decode()


def test_bookmarks_of_hidden_topics_drop_out(bob_client, bob, topic):
    from forum.models import Topic

    Bookmark.objects.create(post=topic.posts.get(), user=bob)
    Topic.objects.filter(pk=topic.pk).update(hidden=True)
    assert "Secret safety case" not in bob_client.get("/forum/bookmarks/").content.decode()


def test_watch_mute_and_normal(bob_client, bob, topic):
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "watching"})
    assert Watch.objects.get(user=bob, topic=topic).level == "watching"
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted"})
    assert Watch.objects.get(user=bob, topic=topic).level == "muted"
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "normal"})
    assert not Watch.objects.filter(user=bob, topic=topic).exists()
    assert bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "loud"}).status_code == 400


def test_muted_topic_left_out_of_unread(bob_client, bob, topic):
    assert "Secret safety case" in bob_client.get("/forum/unread/").content.decode()
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted"})
    assert "Secret safety case" not in bob_client.get("/forum/unread/").content.decode()


def test_account_erasure_keeps_posts_as_former_member(bob_client, bob, topic, alice_client):
    reply = factories.make_reply(topic=topic, author=bob, body="My reply stays")
    Bookmark.objects.create(post=reply, user=bob)
    bob_client.get(topic.get_absolute_url())
    account_erase(user=bob)
    assert not ReadState.objects.filter(user=bob).exists()
    assert not Watch.objects.filter(user=bob).exists()
    assert not Bookmark.objects.filter(user=bob).exists()
    page = alice_client.get(topic.get_absolute_url()).content.decode()
    assert "My reply stays" in page and "Former member" in page and "Dr Bob Brown" not in page


def test_muted_category_left_out_of_unread(bob_client, topic):
    bob_client.post(f"/forum/c/{topic.category.slug}/watch/", {"level": "muted"})
    assert "Secret safety case" not in bob_client.get("/forum/unread/").content.decode()
