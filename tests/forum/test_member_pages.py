"""A topic's posts are rendered once for everyone who reads the same, with each member's own parts laid over.

Whatever is cached, a change shows at once to the people it concerns, and one
member's parts (likes, bookmarks, "New", their own edit and delete links, the
forms' CSRF token) never reach another member or a visitor.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts import roles
from accounts.services import add_role
from forum import services
from forum.models import Category, Reaction
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(alice, bob, public_cat):
    topic = factories.make_topic(author=alice, category=public_cat, title="Shared page", body="Alice opens")
    reply = factories.make_reply(topic=topic, author=bob, body="Bob replies")
    return topic, reply


def _page(client, topic):
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _post_html(html, post):
    start = html.index(f'id="post-{post.pk}"')
    return html[start : html.index("</article>", start)]


def test_each_member_sees_their_own_controls_on_the_same_cached_page(thread, alice_client, bob_client, alice, bob):
    topic, reply = thread
    first = topic.posts.get(number=1)
    alice_html, bob_html = _page(alice_client, topic), _page(bob_client, topic)
    # Alice may edit her post, not Bob's; she is offered a message to Bob, not to herself.
    assert f"/forum/p/{first.pk}/edit/" in alice_html and f"/forum/p/{reply.pk}/edit/" not in alice_html
    assert f"/forum/p/{reply.pk}/edit/" in bob_html and f"/forum/p/{first.pk}/edit/" not in bob_html
    assert "?to=bob" in alice_html and "?to=alice" not in alice_html
    assert "?to=alice" in bob_html and "?to=bob" not in bob_html
    # No like button on one's own post.
    assert f"/forum/p/{first.pk}/like/" not in _post_html(alice_html, first)
    assert f"/forum/p/{first.pk}/like/" in _post_html(bob_html, first)


def test_a_like_and_a_bookmark_show_to_their_member_only(thread, alice_client, bob_client, alice, bob, visitor_client):
    topic, reply = thread
    carol_client = Client()
    carol_client.force_login(factories.MemberFactory(username="carol"))
    for client in (alice_client, bob_client, carol_client):
        _page(client, topic)  # everything cached
    assert alice_client.post(f"/forum/p/{reply.pk}/like/").status_code == 302
    assert alice_client.post(f"/forum/p/{reply.pk}/bookmark/").status_code == 302
    mine = _post_html(_page(alice_client, topic), reply)
    assert 'aria-pressed="true">Like' in mine and "· 1</button>" in mine and ">Bookmarked<" in mine
    theirs = _post_html(_page(carol_client, topic), reply)
    assert 'aria-pressed="false">Like' in theirs and "· 1</button>" in theirs and ">Bookmark<" in theirs
    assert "1 like" in _post_html(_page(visitor_client, topic), reply)


def test_the_csrf_token_in_each_form_is_the_readers_own(thread, alice, bob):
    topic, reply = thread
    tokens = []
    for user in (alice, factories.MemberFactory(username="carol")):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = _post_html(_page(client, topic), reply)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = client.post(f"/forum/p/{reply.pk}/like/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, "the like form's token is refused"
    assert tokens[0] != tokens[1]
    assert Reaction.objects.filter(post=reply).count() == 2


def test_a_reply_and_an_edit_show_at_once_to_members_who_had_the_page_cached(thread, alice_client, bob_client, bob):
    topic, reply = thread
    _page(alice_client, topic)
    assert bob_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "A third post"}).status_code == 302
    assert "A third post" in _page(alice_client, topic)
    services.post_edit(post=reply, editor=bob, body="Bob thinks again")
    html = _page(alice_client, topic)
    assert "Bob thinks again" in html and "Bob replies" not in html


def test_new_replies_are_new_to_others_never_to_their_author(thread, alice_client, bob_client, alice, bob):
    topic, _ = thread
    _page(alice_client, topic)
    _page(bob_client, topic)
    third = factories.make_reply(topic=topic, author=bob, body="Something new from Bob")
    assert "forum-post-new" in _post_html(_page(alice_client, topic), third)
    assert "forum-post-new" not in _page(bob_client, topic)


def test_a_hidden_post_disappears_at_once_and_only_moderators_read_it(thread, alice_client, mo_client, mo):
    topic, reply = thread
    _page(alice_client, topic)
    _page(mo_client, topic)
    assert mo_client.post(f"/forum/p/{reply.pk}/hide/", {"reason": "Off topic"}).status_code == 302
    member_html = _page(alice_client, topic)
    assert "Bob replies" not in member_html and "hidden by a moderator" in member_html
    moderator_html = _page(mo_client, topic)
    assert "Bob replies" in moderator_html and "Show again" in moderator_html
    assert "Show again" not in member_html and "Suspend author" not in member_html


def test_a_new_role_shows_beside_the_posts_at_once(thread, alice_client, bob):
    topic, reply = thread
    assert "Moderator" not in _post_html(_page(alice_client, topic), reply)
    add_role(bob, roles.MODERATORS)
    assert "Moderator" in _post_html(_page(alice_client, topic), reply)


def test_a_suspended_member_loses_their_controls_at_once(thread, alice_client, alice, bob, mo_client):
    topic, reply = thread
    assert f"/forum/p/{reply.pk}/like/" in _page(alice_client, topic)
    until = "2099-01-01"
    assert mo_client.post("/forum/moderation/suspend/alice/", {"until": until, "reason": "Rude"}).status_code == 302
    html = _page(alice_client, topic)
    assert f"/forum/p/{reply.pk}/like/" not in html and "?quote=" not in html


def test_visitors_never_get_what_members_see(thread, alice_client, visitor_client, members_cat, alice):
    topic, reply = thread
    _page(alice_client, topic)
    html = _page(visitor_client, topic)
    assert "Dr Bob Brown" not in html and "A member" in html
    assert "csrfmiddlewaretoken" not in html and "?to=" not in html
    secret = factories.make_topic(author=alice, category=members_cat, title="Members only", body="Private words")
    _page(alice_client, secret)
    assert "Private words" not in visitor_client.get(secret.get_absolute_url()).content.decode()


def test_losing_membership_loses_members_only_topics_at_once(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Members only", body="Private words")
    client = Client()
    client.force_login(bob)
    assert "Private words" in _page(client, topic)
    bob.groups.clear()
    assert "Private words" not in client.get(topic.get_absolute_url()).content.decode()
    assert Category.objects.filter(pk=members_cat.pk).exists()


def test_topic_lists_show_the_last_posters_avatar_to_members_only(thread, alice_client, visitor_client):
    topic, _ = thread
    member_row = alice_client.get("/forum/latest/").content.decode()
    assert "avatar-initials avatar-c" in member_row and ">BB</span>" in member_row  # Dr Bob Brown
    category_page = visitor_client.get(topic.category.get_absolute_url()).content.decode()
    assert "avatar-initials" not in category_page


def test_posts_show_the_authors_directory_photo_as_other_members_may_see_it(thread, alice_client, bob):
    topic, reply = thread
    entry = factories.DirectoryEntryFactory(user=bob, visibility="members")
    entry.photo.name = "directory/photos/bob.jpg"
    entry.save()
    assert 'src="/media/directory/photos/bob.jpg"' in _post_html(_page(alice_client, topic), reply)
    entry.visibility = "nobody"
    entry.save()
    html = _post_html(_page(alice_client, topic), reply)
    assert "bob.jpg" not in html and ">BB</span>" in html


def _pressed(html):
    return re.search(r'value="(\w+)" class="btn btn-primary" aria-pressed="true"', html).group(1)


def test_watching_and_muting_show_at_once_to_that_member_only(thread, alice_client, bob_client):
    topic, _ = thread
    _page(alice_client, topic), _page(bob_client, topic)  # each member's marks are kept now
    assert alice_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted"}).status_code == 302
    assert _pressed(_page(alice_client, topic)) == "muted"
    assert _pressed(_page(bob_client, topic)) != "muted"
    alice_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "watching"})
    assert _pressed(_page(alice_client, topic)) == "watching"


def test_reading_further_is_remembered_when_new_replies_come(thread, alice, alice_client, bob):
    topic, _ = thread
    _page(alice_client, topic)  # read to the end
    assert "forum-post-new" not in _page(alice_client, topic)
    newer = factories.make_reply(topic=topic, author=bob, body="Bob again")
    assert "forum-post-new" in _post_html(_page(alice_client, topic), newer)
    assert "forum-post-new" not in _page(alice_client, topic), "read now"


# The page around the posts (header, controls, reply form) is kept too (core.frame), with each reader's own
# header, messages and CSRF token laid in per request.


def _header_name(html):
    return re.search(r'data-testid="header-user-name">([^<]+)<', html).group(1)


def test_the_header_around_a_kept_page_is_each_readers_own(thread, alice_client, bob_client):
    topic, _ = thread
    assert _header_name(_page(alice_client, topic)) == "Dr Alice Adams"
    assert _header_name(_page(bob_client, topic)) == "Dr Bob Brown"
    assert _header_name(_page(alice_client, topic)) == "Dr Alice Adams"


def test_every_form_on_a_kept_page_carries_the_readers_own_token(thread, alice, bob):
    topic, _ = thread
    for user in (alice, bob):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = _page(client, topic)
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
        forms = html.count("<form")
        assert len(re.findall(r'name="csrfmiddlewaretoken"', html)) == forms - 2  # both search forms are GET
        reply = client.post(f"/forum/t/{topic.pk}/reply/", {"body": f"From {user.username}", **_token(tokens)})
        assert reply.status_code == 302, "the reply form's token is refused"
        watch = client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted", **_token(tokens)})
        assert watch.status_code == 302, "the watch form's token is refused"


def _token(tokens):
    return {"csrfmiddlewaretoken": next(iter(tokens))}


def test_a_moderators_controls_never_reach_a_member_and_back(thread, alice_client, mo_client):
    topic, _ = thread
    for _ in range(2):  # each from a kept frame the second time round
        moderator_html, member_html = _page(mo_client, topic), _page(alice_client, topic)
        assert f"/forum/t/{topic.pk}/moderate/" in moderator_html and "/forum/moderation/" in moderator_html
        assert f"/forum/t/{topic.pk}/moderate/" not in member_html and "/forum/moderation/" not in member_html


def test_a_flash_message_shows_once_on_a_kept_page_to_its_member_only(thread, alice_client, bob_client, mo_client):
    topic, reply = thread
    _page(alice_client, topic), _page(mo_client, topic)  # the frame is kept
    response = mo_client.post(f"/forum/p/{reply.pk}/hide/", {"reason": "Off topic"}, follow=True)
    assert "The post is hidden." in response.content.decode()
    assert "The post is hidden." not in _page(alice_client, topic)
    assert "The post is hidden." not in _page(mo_client, topic), "shown once"


def test_the_role_banner_shows_on_a_kept_page_to_the_role_holder_only(thread, alice, alice_client, bob_client):
    topic, _ = thread
    _page(bob_client, topic)  # the frame is kept
    alice.groups.add(Group.objects.get(name=roles.EDITORS))  # an editor without the second factor
    assert 'data-testid="role-banner"' in _page(alice_client, topic)
    assert 'data-testid="role-banner"' not in _page(bob_client, topic)


def test_a_suspended_member_is_told_so_and_others_keep_the_reply_form(thread, alice_client, bob_client, mo_client):
    topic, _ = thread
    _page(alice_client, topic), _page(bob_client, topic)  # the frame is kept
    suspension = {"until": "2099-01-01", "reason": "Rude"}
    assert mo_client.post("/forum/moderation/suspend/alice/", suspension).status_code == 302
    alice_html, bob_html = _page(alice_client, topic), _page(bob_client, topic)
    assert "Your account is suspended" in alice_html and 'id="reply"' not in alice_html
    assert "Your account is suspended" not in bob_html and 'id="reply"' in bob_html


def test_a_new_title_and_a_lock_show_at_once_around_the_posts(thread, alice_client, mo_client):
    topic, _ = thread
    _page(alice_client, topic), _page(mo_client, topic)
    topic.title = "A better title"
    topic.locked = True
    topic.save()
    alice_html, moderator_html = _page(alice_client, topic), _page(mo_client, topic)
    assert "A better title" in alice_html and "Shared page" not in alice_html
    assert "This topic is locked" in alice_html and 'id="reply"' not in alice_html
    assert 'id="reply"' in moderator_html, "moderators may still reply"


@pytest.mark.parametrize("title", ["<!--per-request:components/messages.html-->", "<!--frame:posts_html-->"])
def test_a_title_cannot_name_a_part_of_the_page(alice, alice_client, bob_client, public_cat, title):
    topic = factories.make_topic(author=alice, category=public_cat, title=title, body="Body text")
    _page(alice_client, topic)
    html = _page(bob_client, topic)
    assert html.count("Body text") == 1 and "&lt;!--" in html
