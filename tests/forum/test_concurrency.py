"""Two members replying at the same moment both get their posts, with distinct numbers and a right count."""

import threading

import pytest
from django.db import connection

from forum import locks
from forum.models import Post, Topic
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """Transactional tests flush the tables, groups from the data migration included."""
    from django.contrib.auth.models import Group

    from accounts import roles

    for name in roles.ALL:
        Group.objects.get_or_create(name=name)


def _race(topic, authors):
    barrier = threading.Barrier(len(authors))
    errors = []

    def reply(author):
        from forum.services import reply_create

        try:
            barrier.wait(timeout=10)
            reply_create(author=author, topic=topic, body=f"At the same moment, from {author.username}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reply, args=(a,)) for a in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_replies_get_distinct_numbers(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Race condition topic")
    carol = factories.MemberFactory(username="carol")
    errors = _race(topic, [bob, carol])
    assert errors == []
    numbers = sorted(Post.objects.filter(topic=topic).values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    topic.refresh_from_db()
    assert topic.reply_count == 2 and topic.last_number == 3


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_race_loses_a_post(alice, bob, members_cat, monkeypatch):
    """Shows what the lock prevents: both read the same last number and one insert fails."""
    topic = factories.make_topic(author=alice, category=members_cat, title="Race without lock")
    monkeypatch.setattr(locks, "ENABLED", False)
    original = locks.lock_topic
    gate = threading.Barrier(2)

    def slow_lock(topic_id):
        result = original(topic_id)
        gate.wait(timeout=10)  # both have read last_number before either writes
        return result

    monkeypatch.setattr("forum.services.lock_topic", slow_lock)
    carol = factories.MemberFactory(username="carol")
    errors = _race(topic, [bob, carol])
    assert len(errors) == 1  # the unique (topic, number) constraint refused the duplicate number
    assert Topic.objects.get(pk=topic.pk).reply_count == 1
