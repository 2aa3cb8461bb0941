"""Topic pages, permalinks, read state, unread markers, latest and unread lists."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum.models import ReadState, Topic
from tests import factories


def test_topic_page_shows_posts_badges_and_chatham_notice(alice_client, topic, mo):
    factories.make_reply(topic=topic, author=mo, body="A moderator's view")
    content = alice_client.get(topic.get_absolute_url()).content.decode()
    assert "Our hazard log is private." in content and "A moderator's view" in content
    assert "Chatham House rule" in content
    assert ">Moderator</span>" in content
    assert '<meta name="robots" content="noindex">' in content


def test_public_topic_is_indexable(visitor_client, public_topic):
    content = visitor_client.get(public_topic.get_absolute_url()).content.decode()
    assert "Anyone using FHIR R4?" in content
    assert 'content="noindex"' not in content


def test_wrong_slug_redirects(alice_client, topic):
    response = alice_client.get(f"/forum/t/{topic.pk}/wrong-slug/?page=1")
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url() + "?page=1"


def test_pages_are_cut_by_post_number(alice_client, topic, bob):
    factories.bulk_posts(topic, 44, author=bob)  # 45 posts: pages of 20, 20, 5
    page3 = alice_client.get(topic.get_absolute_url() + "?page=3").content.decode()
    assert "Reply 41" in page3 and "Reply 45" in page3 and "Reply 40<" not in page3
    page2 = alice_client.get(topic.get_absolute_url() + "?page=2").content.decode()
    assert "Reply 21" in page2 and "Reply 40" in page2 and "Reply 41<" not in page2
    beyond = alice_client.get(topic.get_absolute_url() + "?page=99").content.decode()
    assert "Reply 45" in beyond  # clamped to the last page
    assert alice_client.get(topic.get_absolute_url() + "?page=abc").status_code == 200


def test_permalink_redirects_to_page_and_anchor(alice_client, topic, bob):
    factories.bulk_posts(topic, 30, author=bob)
    post = topic.posts.get(number=25)
    response = alice_client.get(f"/forum/p/{post.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2#post-{post.pk}"
    first = topic.posts.get(number=1)
    assert alice_client.get(f"/forum/p/{first.pk}/")["Location"] == f"{topic.get_absolute_url()}#post-{first.pk}"


def test_reading_writes_one_read_state_row_and_marks_new(alice_client, bob_client, bob, topic, alice):
    bob_client.get(topic.get_absolute_url())
    state = ReadState.objects.get(user=bob, topic=topic)
    assert state.last_read_number == 1
    factories.make_reply(topic=topic, author=alice, body="Something new")
    content = bob_client.get(topic.get_absolute_url()).content.decode()
    assert "forum-post-new" in content
    assert ReadState.objects.filter(user=bob, topic=topic).count() == 1
    assert ReadState.objects.get(user=bob, topic=topic).last_read_number == 2


def test_unread_counts_and_jump_to_first_unread(bob_client, bob, topic, alice):
    bob_client.get(topic.get_absolute_url())
    reply = factories.make_reply(topic=topic, author=alice, body="Unread reply")
    category_page = bob_client.get(topic.category.get_absolute_url()).content.decode()
    assert "1 unread" in category_page
    index = bob_client.get("/forum/").content.decode()
    assert "1 unread" in index
    unread = bob_client.get("/forum/unread/").content.decode()
    assert "Secret safety case" in unread
    response = bob_client.get(f"/forum/t/{topic.pk}/unread/")
    assert response["Location"] == f"{topic.get_absolute_url()}?page=1#post-{reply.pk}"
    bob_client.get(topic.get_absolute_url())
    assert "Secret safety case" not in bob_client.get("/forum/unread/").content.decode()


def test_never_read_topic_is_new(bob_client, topic):
    content = bob_client.get(topic.category.get_absolute_url()).content.decode()
    assert ">New</a>" in content


def test_old_topics_count_as_read_without_rows(bob_client, bob, topic, settings):
    Topic.objects.filter(pk=topic.pk).update(last_posted_at=timezone.now() - dt.timedelta(days=200))
    settings.FORUM_READ_STATE_CUTOFF_DAYS = 90
    assert ">New</a>" not in bob_client.get(topic.category.get_absolute_url()).content.decode()
    assert "Secret safety case" not in bob_client.get("/forum/unread/").content.decode()
    bob_client.get(topic.get_absolute_url())
    assert not ReadState.objects.filter(user=bob).exists()


def test_anonymous_views_write_nothing(visitor_client, public_topic, bob):
    factories.bulk_posts(public_topic, 25, author=bob)
    for url in [
        "/forum/",
        public_topic.category.get_absolute_url(),
        public_topic.get_absolute_url(),
        public_topic.get_absolute_url() + "?page=2",
        "/forum/latest/",
        "/forum/search/?q=FHIR",
        "/forum/feed/",
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert visitor_client.get(url).status_code == 200
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
        ]
        assert writes == [], url
    public_topic.refresh_from_db()
    assert public_topic.view_count == 0


def test_member_view_counts_once_per_new_reading(bob_client, topic):
    bob_client.get(topic.get_absolute_url())
    bob_client.get(topic.get_absolute_url())
    topic.refresh_from_db()
    assert topic.view_count == 1


def test_latest_lists_readable_topics(alice_client, visitor_client, topic, public_topic):
    assert "Secret safety case" in alice_client.get("/forum/latest/").content.decode()
    visitor = visitor_client.get("/forum/latest/").content.decode()
    assert "Secret safety case" not in visitor and "Open question about FHIR" in visitor


def test_category_lists_pinned_first(alice_client, members_cat, alice, bob):
    old = factories.make_topic(author=alice, category=members_cat, title="Pinned guidance", body="Read me first")
    factories.make_topic(author=bob, category=members_cat, title="Newer topic", body="Fresh")
    Topic.objects.filter(pk=old.pk).update(pinned=True)
    content = alice_client.get(members_cat.get_absolute_url()).content.decode()
    assert content.index("Pinned guidance") < content.index("Newer topic")


def test_edit_keeps_history_and_marks_edited(alice_client, topic, bob_client):
    post = topic.posts.get()
    response = alice_client.post(
        f"/forum/p/{post.pk}/edit/", {"title": "Secret safety case (updated)", "body": "New body"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "New body" and post.edited_at
    assert post.revisions.get().body == "Our hazard log is private."
    content = bob_client.get(topic.get_absolute_url().replace("secret-safety-case", "secret-safety-case-updated"))
    assert ">edited</a>" in content.content.decode()
    history = bob_client.get(f"/forum/p/{post.pk}/history/").content.decode()
    assert "Our hazard log is private." in history and "New body" in history


def test_delete_own_post_within_window(bob_client, bob, topic, settings):
    reply = factories.make_reply(topic=topic, author=bob, body="Oops, wrong topic")
    response = bob_client.post(f"/forum/p/{reply.pk}/delete/")
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.deleted
    topic.refresh_from_db()
    assert topic.reply_count == 0
    assert "Oops, wrong topic" not in bob_client.get(topic.get_absolute_url()).content.decode()


def test_delete_after_window_is_refused(bob_client, bob, topic, settings):
    settings.FORUM_DELETE_WINDOW_MINUTES = 30
    reply = factories.make_reply(topic=topic, author=bob, body="Old words")
    type(reply).objects.filter(pk=reply.pk).update(created=timezone.now() - dt.timedelta(hours=2))
    response = bob_client.post(f"/forum/p/{reply.pk}/delete/", follow=True)
    assert "only within 30 minutes" in response.content.decode()
    reply.refresh_from_db()
    assert not reply.deleted


def test_quote_prefills_a_link_to_the_post_and_no_name(bob_client, topic):
    """The quote names no one: a name written into another member's post would outlive their erasure."""
    post = topic.posts.get()
    content = bob_client.get(f"/forum/t/{topic.pk}/reply/?quote={post.pk}").content.decode()
    assert f"&gt; [Quote from post #1](/forum/p/{post.pk}/):" in content
    assert "&gt; Our hazard log is private." in content
    assert "Alice" not in content.split('name="body"')[1].split("</textarea>")[0]


def test_organisation_shown_when_directory_allows(alice_client, topic, alice):
    from profiles.models import DirectoryEntry, Organisation

    org = Organisation.objects.create(name="Northshire Hospitals NHS Trust", type="acute", region="london")
    DirectoryEntry.objects.update_or_create(user=alice, defaults={"organisation": org, "visibility": "members"})
    assert "Northshire Hospitals NHS Trust" in alice_client.get(topic.get_absolute_url()).content.decode()


def test_own_posts_are_not_unread(alice_client, alice, bob, topic):
    alice_client.get(topic.get_absolute_url())
    alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Replying to myself"})
    assert ReadState.objects.get(user=alice, topic=topic).last_read_number == 2
    assert "Secret safety case" not in alice_client.get("/forum/unread/").content.decode()
