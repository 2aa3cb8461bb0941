"""The admin for categories, topics, posts and flags, and the role permissions from the data migration."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts import roles
from forum.models import Flag, Post
from tests import factories


@pytest.fixture
def admin_client(db):
    admin = factories.ModeratorFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    return client


def test_admin_pages_load(admin_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Flag me")
    flag = Flag.objects.create(post=reply, reporter=topic.author, reason="spam")
    for url in [
        "/admin/forum/category/",
        f"/admin/forum/category/{topic.category_id}/change/",
        "/admin/forum/topic/",
        f"/admin/forum/topic/{topic.pk}/change/",
        "/admin/forum/post/",
        f"/admin/forum/post/{reply.pk}/change/",
        "/admin/forum/flag/",
        f"/admin/forum/flag/{flag.pk}/change/",
        "/admin/forum/moderationaction/",
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_admin_post_edit_goes_through_the_service(admin_client, topic):
    post = topic.posts.get()
    response = admin_client.post(
        f"/admin/forum/post/{post.pk}/change/",
        {
            "topic": topic.pk,
            "author": post.author_id,
            "body": "Edited in the **admin**",
            "hidden_reason": "",
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    post = Post.objects.get(pk=post.pk)
    assert post.body_html == "<p>Edited in the <strong>admin</strong></p>\n"
    assert post.revisions.count() == 1


def test_admin_dismiss_action(admin_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Flag me")
    flag = Flag.objects.create(post=reply, reporter=topic.author, reason="spam")
    admin_client.post("/admin/forum/flag/", {"action": "dismiss", "_selected_action": [flag.pk]})
    flag.refresh_from_db()
    assert flag.status == Flag.Status.DISMISSED


def test_roles_have_forum_permissions(db):
    moderators = set(Group.objects.get(name=roles.MODERATORS).permissions.values_list("codename", flat=True))
    assert {"change_topic", "change_post", "view_flag", "change_flag", "view_moderationaction"} <= moderators
    members = set(Group.objects.get(name=roles.MEMBERS).permissions.values_list("codename", flat=True))
    assert {"add_topic", "add_post", "add_reaction", "add_flag"} <= members
    assert "change_flag" not in members


def test_preview_refused_to_non_writers(visitor_client, una_client, sam_client):
    for client in [visitor_client, una_client, sam_client]:
        assert client.post("/forum/preview/", {"body": "hi"}).status_code == 403
    assert visitor_client.get("/forum/preview/").status_code == 405
