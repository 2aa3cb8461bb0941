"""A double click never makes two topics, and a burst never beats the new-member limit (PostgreSQL only).

Each test runs its requests in threads on their own database connections,
released together; a variant with the person's row lock switched off shows
the race the lock exists to stop.
"""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from core import locks
from forum import services
from forum.models import Post, Topic
from tests import factories
from tests.threads import at_once

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _slow(monkeypatch, name):
    """Widen the window between a check and the write it allows."""
    original = getattr(services, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.3)
        return result

    monkeypatch.setattr(services, name, slow)


@pytest.mark.parametrize("lock", [True, False])
def test_post_topic_clicked_twice_makes_one_topic(monkeypatch, lock, members_cat):
    monkeypatch.setattr(locks, "ENABLED", lock)
    _slow(monkeypatch, "_just_posted")
    _slow(monkeypatch, "check_limits")
    alice = factories.MemberFactory(username="alice")
    data = {"category": members_cat.pk, "title": "Clicked twice", "body": "Does anyone use the NEWS2 app?"}
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(alice)

    responses, errors = at_once(lambda client: client.post("/forum/new-topic/", data), clients)

    assert errors == []
    if lock:
        assert [r.status_code for r in responses] == [302, 302]
        assert Topic.objects.count() == 1
        assert {r["Location"] for r in responses} == {Topic.objects.get().get_absolute_url()}
    else:
        assert Topic.objects.count() == 2  # the race the lock stops


@pytest.mark.parametrize("lock", [True, False])
def test_a_burst_of_posts_never_beats_the_new_member_limit(monkeypatch, settings, lock, members_cat):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 3
    monkeypatch.setattr(locks, "ENABLED", lock)
    _slow(monkeypatch, "check_limits")
    owner = factories.MemberFactory(username="owner", date_joined=timezone.now() - dt.timedelta(days=365))
    topics = [factories.make_topic(author=owner, category=members_cat, title=f"Topic {n}") for n in range(6)]
    newbie = factories.MemberFactory(username="newbie")

    results, errors = at_once(
        lambda topic: services.reply_create(author=newbie, topic=topic, body=f"Me too, in {topic.title}"), topics
    )

    posted = Post.objects.filter(author=newbie).count()
    if lock:
        assert posted == 3
        assert len(errors) == 3 and all(isinstance(e, services.ForumError) for e in errors)
    else:
        assert posted > 3  # the race the lock stops
