"""A reply in a category thousands watch: the request queues one task, the worker tells everyone in bulk."""

import pytest
from django_tasks_db.models import DBTaskResult

from forum.models import Watch
from forum.tasks import notify_watchers
from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    """Tasks go to the database queue, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _watchers(category, count):
    members = [factories.MemberFactory() for _ in range(count)]
    Watch.objects.bulk_create(Watch(user=m, category=category, level=Watch.Level.WATCHING) for m in members)
    return members


def _reply_queries(client, topic, body):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/forum/t/{topic.pk}/reply/", {"body": body}).status_code == 302
    return len(queries)


def test_replying_costs_the_same_for_3_or_30_watchers(queued, alice, bob_client, members_cat, settings):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 10_000
    topic = factories.make_topic(author=alice, category=members_cat, title="Watched closely")
    _watchers(members_cat, 3)
    _reply_queries(bob_client, topic, "Bob's first reply starts him watching")
    few = _reply_queries(bob_client, topic, "First reply to the watched topic")
    _watchers(members_cat, 27)
    many = _reply_queries(bob_client, topic, "Second reply to the watched topic")
    assert few == many
    assert Notification.objects.filter(kind="forum.reply").count() == 0, "nobody is told inside the request"
    # One for the new topic and one for each reply.
    assert DBTaskResult.objects.filter(task_path__endswith="notify_watchers").count() == 4


def test_the_worker_tells_every_watcher_once_even_when_run_twice(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Watched closely")
    watchers = _watchers(members_cat, 12)
    reply = factories.make_reply(topic=topic, author=bob, body="News for the watchers")
    told = Notification.objects.filter(kind="forum.reply", url=reply.get_absolute_url())
    # The watchers, and Alice, who watches the topic she started.
    assert set(told.values_list("recipient_id", flat=True)) == {m.pk for m in watchers} | {alice.pk}
    assert notify_watchers.call(reply.pk) == 0, "a second run (a worker killed before recording success) adds nobody"
    assert told.count() == 13


def test_muted_mentioned_authors_and_former_members_are_left_out(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Watched closely")
    muted, mentioned, lapsed, keen = _watchers(members_cat, 4)
    Watch.objects.create(user=muted, topic=topic, level=Watch.Level.MUTED)
    lapsed.groups.clear()  # no longer a member: may not read a members-only category
    mentioned.username = "mentioned"
    mentioned.save()
    reply = factories.make_reply(topic=topic, author=bob, body="Over to you, @mentioned")
    kinds = dict(Notification.objects.filter(url=reply.get_absolute_url()).values_list("recipient_id", "kind"))
    # Alice watches the topic she started.
    assert kinds == {mentioned.pk: "forum.mention", keen.pk: "forum.reply", alice.pk: "forum.reply"}


def test_a_post_hidden_before_the_worker_runs_tells_nobody(queued, alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Watched closely")
    _watchers(members_cat, 3)
    reply = factories.make_reply(topic=topic, author=bob, body="Something regrettable")
    reply.hidden = True
    reply.save(update_fields=["hidden"])
    assert notify_watchers.call(reply.pk) == 0
    assert not Notification.objects.filter(kind="forum.reply").exists()
