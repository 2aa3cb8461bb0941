"""The forum tells members through notify(): replies to watchers, mentions, reactions, accepted answers, moderation."""

from django.core import mail

from forum import services
from forum.models import Watch
from notifications.models import Notification
from tests import factories


def kinds_for(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_reply_notifies_watchers_but_not_author(topic, alice, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="I agree")
    note = Notification.objects.get(recipient=alice)
    assert note.kind == "forum.reply" and note.url == f"/forum/p/{reply.pk}/"
    assert note.title == 'replied to "Secret safety case"'
    assert note.text == 'Dr Bob Brown replied to "Secret safety case"'
    assert kinds_for(bob) == []


def test_posting_auto_watches(topic, alice, bob):
    factories.make_reply(topic=topic, author=bob, body="first")
    factories.make_reply(topic=topic, author=alice, body="answer to bob")
    assert kinds_for(bob) == ["forum.reply"]


def test_muted_topic_is_silent(topic, alice, bob):
    services.watch_set(user=alice, topic=topic, level=Watch.Level.MUTED)
    factories.make_reply(topic=topic, author=bob, body="quiet")
    assert kinds_for(alice) == []


def test_category_watchers_hear_about_new_topics(members_cat, alice, bob):
    services.watch_set(user=bob, category=members_cat, level=Watch.Level.WATCHING)
    factories.make_topic(author=alice, category=members_cat, title="Brand new question", body="Help?")
    assert kinds_for(bob) == ["forum.reply"]


def test_mention_links_and_notifies_once(topic, alice, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="What do you think @alice? And @nobody?")
    assert '<a class="mention" href="/members/alice/">@alice</a>' in reply.body_html
    assert "@nobody" in reply.body_html and 'href="/members/nobody/"' not in reply.body_html
    assert kinds_for(alice) == ["forum.mention"]  # mention wins; no second reply notification


def test_mention_in_code_is_not_linked(topic, bob, alice):
    reply = factories.make_reply(topic=topic, author=bob, body="`@alice` in code")
    assert "mention" not in reply.body_html


def test_mentions_never_reach_non_members(topic, bob, una):
    factories.make_reply(topic=topic, author=bob, body="Hello @una, see this secret")
    assert kinds_for(una) == []


def test_suspended_member_still_notified_when_mentioned_they_can_read(topic, bob, sam):
    factories.make_reply(topic=topic, author=bob, body="cc @sam")
    assert kinds_for(sam) == ["forum.mention"]


def test_reaction_notifies_author_and_counts(topic, alice, bob):
    post = topic.posts.get()
    assert services.reaction_toggle(post=post, user=bob) is True
    post.refresh_from_db()
    assert post.like_count == 1
    assert kinds_for(alice) == ["forum.reaction"]
    assert services.reaction_toggle(post=post, user=bob) is False
    post.refresh_from_db()
    assert post.like_count == 0


def test_accepting_an_answer_notifies(topic, alice, bob, alice_client, bob_client):
    reply = factories.make_reply(topic=topic, author=bob, body="Try a safety case workshop")
    response = alice_client.post(f"/forum/p/{reply.pk}/accept/")
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.accepted_post == reply
    assert "forum.accepted" in kinds_for(bob)
    page = bob_client.get(topic.get_absolute_url()).content.decode()
    assert "Accepted answer" in page
    assert page.index("Accepted answer") < page.index(f'id="post-{reply.pk}"')


def test_emails_go_out_for_immediate_preference(topic, alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_reply(topic=topic, author=bob, body="Email me")
    assert any(alice.email in m.to for m in mail.outbox)
