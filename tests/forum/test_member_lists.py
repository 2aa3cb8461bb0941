"""The forum's lists are kept, and every change shows at once to the members it concerns and to nobody else.

A page of a category or of the latest topics is the same for everyone with the
same reading scope and is kept until content changes; each member's unread
marks are laid over it. A member's unread topics, unread counts on the forum
index and bookmarks are kept for them alone until content changes or they
read, mute or bookmark something.
"""

import re

import pytest
from django.test import Client

from forum.models import Topic
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


@pytest.fixture
def carol(db):
    return factories.MemberFactory(username="carol", display_name="Dr Carol Clark")


@pytest.fixture
def carol_client(carol):
    client = Client()
    client.force_login(carol)
    return client


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _row(html, topic):
    """The table row of a topic in a list ('' when it is not listed)."""
    for row in re.findall(r"<tr class=\"forum-topic-row.*?</tr>", html, re.S):
        if f"/forum/t/{topic.pk}/" in row:
            return row
    return ""


def _mark(html, topic):
    """'New', 'N unread' or '' for a topic's row."""
    found = re.search(r'class="badge text-bg-primary forum-new"[^>]*>([^<]+)</a>', _row(html, topic))
    return found.group(1) if found else ""


def _index_count(html, category):
    row = html[html.index(f'href="{category.get_absolute_url()}"') :]
    row = row[: row.index("</th>")]
    found = re.search(r"(\d+) unread</a>", row)
    return int(found.group(1)) if found else 0


LISTS = ("/forum/latest/", "/forum/unread/")


def test_a_new_topic_shows_at_once_in_every_list_and_is_new_to_others_only(alice_client, bob_client, bob, members_cat):
    lists = (*LISTS, members_cat.get_absolute_url(), "/forum/")
    for client in (alice_client, bob_client):
        for url in lists:
            _html(client, url)  # everything kept
    assert (
        bob_client.post(
            "/forum/new-topic/", {"category": members_cat.pk, "title": "Discharge letters", "body": "Ours are late."}
        ).status_code
        == 302
    )
    topic = Topic.objects.get(title="Discharge letters")
    for url in (members_cat.get_absolute_url(), "/forum/latest/"):
        assert _mark(_html(alice_client, url), topic) == "New"
        assert _row(_html(bob_client, url), topic) and _mark(_html(bob_client, url), topic) == ""
    assert _row(_html(alice_client, "/forum/unread/"), topic) and not _row(_html(bob_client, "/forum/unread/"), topic)
    assert _index_count(_html(alice_client, "/forum/"), members_cat) == 1
    assert _index_count(_html(bob_client, "/forum/"), members_cat) == 0


def test_each_member_sees_their_own_marks_on_the_same_kept_page(
    alice, carol, alice_client, bob_client, carol_client, members_cat
):
    topic = factories.make_topic(author=alice, category=members_cat, title="Shared list row")
    factories.make_reply(topic=topic, author=alice)
    _html(bob_client, topic.get_absolute_url())  # bob reads both posts
    _html(carol_client, topic.get_absolute_url())
    factories.make_reply(topic=topic, author=carol)
    factories.make_reply(topic=topic, author=carol)
    for url in (members_cat.get_absolute_url(), "/forum/latest/", "/forum/unread/"):
        assert _mark(_html(bob_client, url), topic) == "2 unread"
        assert _mark(_html(alice_client, url), topic) == "2 unread"  # carol's replies, after alice's own posts
        assert _mark(_html(carol_client, url), topic) == ""  # her own replies were the last posts
    assert f'href="/forum/t/{topic.pk}/unread/"' in _row(_html(bob_client, "/forum/unread/"), topic)
    assert not _row(_html(carol_client, "/forum/unread/"), topic)


def test_reading_a_topic_clears_its_marks_at_once(alice, bob, bob_client, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Read me soon")
    urls = (members_cat.get_absolute_url(), "/forum/latest/")
    for url in urls:
        assert _mark(_html(bob_client, url), topic) == "New"
    assert _row(_html(bob_client, "/forum/unread/"), topic)
    assert _index_count(_html(bob_client, "/forum/"), members_cat) == 1
    _html(bob_client, topic.get_absolute_url())
    for url in urls:
        assert _mark(_html(bob_client, url), topic) == ""
    assert not _row(_html(bob_client, "/forum/unread/"), topic)
    assert _index_count(_html(bob_client, "/forum/"), members_cat) == 0


def test_a_reply_makes_a_read_topic_unread_again(alice, bob, bob_client, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Read, then a reply")
    _html(bob_client, topic.get_absolute_url())
    for url in (members_cat.get_absolute_url(), "/forum/latest/", "/forum/unread/", "/forum/"):
        _html(bob_client, url)
    factories.make_reply(topic=topic, author=alice)
    assert _mark(_html(bob_client, members_cat.get_absolute_url()), topic) == "1 unread"
    assert _mark(_html(bob_client, "/forum/unread/"), topic) == "1 unread"
    assert _index_count(_html(bob_client, "/forum/"), members_cat) == 1


def test_muting_takes_a_topic_off_the_unread_list_at_once(alice, bob, bob_client, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Muted soon")
    assert _row(_html(bob_client, "/forum/unread/"), topic)
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "muted"})
    assert not _row(_html(bob_client, "/forum/unread/"), topic)
    bob_client.post(f"/forum/t/{topic.pk}/watch/", {"level": "normal"})
    assert _row(_html(bob_client, "/forum/unread/"), topic)
    bob_client.post(f"/forum/c/{members_cat.slug}/watch/", {"level": "muted"})
    assert not _row(_html(bob_client, "/forum/unread/"), topic)


def test_the_category_watch_control_shows_the_members_own_choice(bob_client, alice_client, members_cat):
    url = members_cat.get_absolute_url()
    _html(alice_client, url)
    _html(bob_client, url)
    bob_client.post(f"/forum/c/{members_cat.slug}/watch/", {"level": "watching"})
    assert 'value="watching" class="btn btn-primary" aria-pressed="true"' in _html(bob_client, url)
    assert 'value="normal" class="btn btn-primary" aria-pressed="true"' in _html(alice_client, url)


def test_a_hidden_topic_leaves_the_members_lists_at_once_and_stays_for_moderators(
    alice, bob_client, mo_client, members_cat
):
    topic = factories.make_topic(author=alice, category=members_cat, title="Soon hidden")
    urls = (members_cat.get_absolute_url(), "/forum/latest/", "/forum/unread/")
    for url in urls:
        assert _row(_html(bob_client, url), topic) and _row(_html(mo_client, url), topic)
    response = mo_client.post(f"/forum/t/{topic.pk}/moderate/", {"action": "hide_topic", "reason": "Off topic"})
    assert response.status_code == 302
    for url in urls:
        assert not _row(_html(bob_client, url), topic)
        assert "Hidden</span>" in _row(_html(mo_client, url), topic)
    assert _index_count(_html(bob_client, "/forum/"), members_cat) == 0


def test_visitors_never_get_members_only_topics_from_a_kept_list(alice, alice_client, members_cat, public_cat):
    secret = factories.make_topic(author=alice, category=members_cat, title="Members only words")
    public = factories.make_topic(author=alice, category=public_cat, title="Open words")
    for url in ("/forum/", "/forum/latest/", members_cat.get_absolute_url(), public_cat.get_absolute_url()):
        _html(alice_client, url)  # kept for members
    visitor = Client()
    visitor.cookies["sessionid"] = "none"  # a visitor whose pages are not kept whole: they go through the view
    latest = _html(visitor, "/forum/latest/")
    assert _row(latest, public) and not _row(latest, secret) and "Members only words" not in latest
    assert "Clinical safety" not in _html(visitor, "/forum/")
    assert visitor.get(members_cat.get_absolute_url()).status_code == 302  # to sign in
    public_page = _html(visitor, public_cat.get_absolute_url())
    assert _row(public_page, public) and "Dr Alice Adams" not in public_page and "forum-new" not in public_page


def test_losing_membership_loses_members_only_topics_from_the_lists_at_once(alice, bob, bob_client, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Members only words")
    assert _row(_html(bob_client, "/forum/latest/"), topic)
    assert _row(_html(bob_client, members_cat.get_absolute_url()), topic)
    bob.groups.clear()
    assert not _row(_html(bob_client, "/forum/latest/"), topic)
    assert bob_client.get(members_cat.get_absolute_url()).status_code == 403
    assert bob_client.get("/forum/unread/").status_code in (302, 403)


def test_a_suspended_member_is_no_longer_offered_to_start_a_topic(alice_client, mo_client, members_cat):
    url = members_cat.get_absolute_url()
    assert "Start a topic" in _html(alice_client, url) and "Start a topic" in _html(alice_client, "/forum/")
    assert (
        mo_client.post("/forum/moderation/suspend/alice/", {"until": "2099-01-01", "reason": "Rude"}).status_code
        == 302
    )
    assert "Start a topic" not in _html(alice_client, url) and "Start a topic" not in _html(alice_client, "/forum/")
    assert "Start a topic" in _html(mo_client, "/forum/")


def test_a_bookmark_shows_at_once_to_its_member_only(alice, bob, bob_client, carol_client, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Worth keeping")
    reply = factories.make_reply(topic=topic, author=alice, body="A reply worth keeping")
    for client in (bob_client, carol_client):
        assert "No bookmarks yet" in _html(client, "/forum/bookmarks/")
    assert bob_client.post(f"/forum/p/{reply.pk}/bookmark/").status_code == 302
    mine = _html(bob_client, "/forum/bookmarks/")
    assert "A reply worth keeping" in mine and f"/forum/p/{reply.pk}/" in mine
    assert "No bookmarks yet" in _html(carol_client, "/forum/bookmarks/")
    assert bob_client.post(f"/forum/p/{reply.pk}/bookmark/").status_code == 302
    assert "No bookmarks yet" in _html(bob_client, "/forum/bookmarks/")


def test_an_edit_or_a_hide_of_a_bookmarked_post_shows_at_once(
    alice, alice_client, bob, bob_client, mo_client, members_cat
):
    topic = factories.make_topic(author=alice, category=members_cat, title="Worth keeping")
    reply = factories.make_reply(topic=topic, author=alice, body="First thoughts")
    bob_client.post(f"/forum/p/{reply.pk}/bookmark/")
    assert "First thoughts" in _html(bob_client, "/forum/bookmarks/")
    assert alice_client.post(f"/forum/p/{reply.pk}/edit/", {"body": "Second thoughts"}).status_code == 302
    assert "Second thoughts" in _html(bob_client, "/forum/bookmarks/")
    assert mo_client.post(f"/forum/p/{reply.pk}/hide/", {"reason": "Off topic"}).status_code == 302
    assert "Second thoughts" not in _html(bob_client, "/forum/bookmarks/")


def test_list_pages_are_cut_and_a_page_past_the_end_is_the_last(alice, bob, bob_client, members_cat, settings):
    from forum.models import Bookmark

    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 10_000
    topics = [factories.make_topic(author=alice, category=members_cat, title=f"Topic number {n}") for n in range(33)]
    for topic in topics:
        Bookmark.objects.create(post=topic.posts.get(), user=bob)
    for url in (members_cat.get_absolute_url(), "/forum/latest/", "/forum/unread/"):
        first, second = _html(bob_client, url), _html(bob_client, f"{url}?page=2")
        assert _row(first, topics[-1]) and not _row(first, topics[2]) and "Page 1 of 2" in first
        assert _row(second, topics[2]) and _row(second, topics[0]) and "Page 2 of 2" in second
        assert "Page 2 of 2" in _html(bob_client, f"{url}?page=99") and "Page 1 of 2" in _html(
            bob_client, f"{url}?page=x"
        )
    assert "Page 2 of 2" in _html(bob_client, "/forum/bookmarks/?page=7")


def test_a_kept_list_reads_no_forum_table_and_writes_nothing_on_any_page(
    alice, bob, bob_client, members_cat, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import is_write
    from forum.models import Bookmark

    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 10_000
    topics = [factories.make_topic(author=alice, category=members_cat, title=f"Topic number {n}") for n in range(35)]
    for topic in topics[::2]:
        Bookmark.objects.create(post=topic.posts.get(), user=bob)
    _html(bob_client, topics[3].get_absolute_url())  # some read state of his own
    urls = ["/forum/", members_cat.get_absolute_url(), "/forum/latest/", "/forum/unread/", "/forum/bookmarks/"]
    for url in [*urls, *(f"{url}?page=2" for url in urls[1:])]:
        _html(bob_client, url)
        with CaptureQueriesContext(connection) as queries:
            _html(bob_client, url)
        statements = [query["sql"] for query in queries]
        assert not [sql for sql in statements if "forum_" in sql], url
        assert not [sql for sql in statements if is_write(sql)], url


# The page around a list (header, heading, buttons) is kept too (core.frame); each reader's own parts are laid in.


def test_the_header_and_the_empty_state_around_a_kept_list_are_each_members_own(alice, bob, alice_client, bob_client):
    category = factories.CategoryFactory(name="Quiet corner", slug="quiet")
    factories.make_topic(author=alice, category=category, title="Alice asks", body="Anyone?")
    bob_html, alice_html = _html(bob_client, "/forum/unread/"), _html(alice_client, "/forum/unread/")
    assert "Alice asks" in bob_html and "You are all caught up." not in bob_html
    assert "You are all caught up." in alice_html and "Alice asks" not in alice_html
    for client, name in ((alice_client, "Dr Alice Adams"), (bob_client, "Dr Bob Brown")):
        for url in ("/forum/", "/forum/unread/", "/forum/latest/", category.get_absolute_url()):
            html = _html(client, url)
            assert re.search(r'data-testid="header-user-name">([^<]+)<', html).group(1) == name, url


def test_moderation_links_around_a_kept_list_reach_moderators_only(alice, alice_client, mo_client, members_cat):
    factories.make_topic(author=alice, category=members_cat, title="Listed", body="Body")
    for _ in range(2):  # the second time round from the kept frames
        for url in ("/forum/", "/forum/latest/", members_cat.get_absolute_url()):
            assert "/forum/moderation/" in _html(mo_client, url)
            assert "/forum/moderation/" not in _html(alice_client, url)


def test_the_category_watch_form_on_a_kept_page_carries_the_members_own_token(alice, bob, members_cat):
    for user in (alice, bob):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = _html(client, members_cat.get_absolute_url())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        watching = {"level": "watching", "csrfmiddlewaretoken": token}
        assert client.post(f"/forum/c/{members_cat.slug}/watch/", watching).status_code == 302
