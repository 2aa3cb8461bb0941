"""The content version is read once per request, and never kept beyond it."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from core.content_cache import VERSION_KEY, content_changed, content_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


def _another_process_changes_content():
    cache.incr(VERSION_KEY)


def test_outside_a_request_every_read_asks_the_cache():
    before = content_version()
    _another_process_changes_content()
    assert content_version() == before + 1


def test_in_a_request_the_version_is_read_once_and_forgotten_at_the_end():
    request_started.send(sender=None)
    try:
        before = content_version()
        _another_process_changes_content()
        assert content_version() == before, "one request builds its page from one version"
    finally:
        request_finished.send(sender=None)
    assert content_version() == before + 1
    request_started.send(sender=None)
    try:
        assert content_version() == before + 1, "the next request reads it afresh"
    finally:
        request_finished.send(sender=None)


def test_a_change_the_request_makes_moves_its_own_version_on():
    request_started.send(sender=None)
    try:
        before = content_version()
        content_changed()
        assert content_version() > before
    finally:
        request_finished.send(sender=None)


class _CacheReads:
    """The round trips to the cache (get and get_many; not the gets a local get_many makes of its own)."""

    def __init__(self, monkeypatch):
        self.calls = []
        self._inside = False
        for name in ("get", "get_many"):
            original = getattr(cache, name)
            monkeypatch.setattr(cache, name, self._counting(name, original))

    def _counting(self, name, original):
        def read(*args, **kwargs):
            if self._inside:
                return original(*args, **kwargs)
            self.calls.append((name, args[0]))
            self._inside = True
            try:
                return original(*args, **kwargs)
            finally:
                self._inside = False

        return read


def test_a_signed_in_page_reads_the_content_version_with_the_person(alice_client, monkeypatch):
    alice_client.get("/forum/")
    reads = _CacheReads(monkeypatch)
    assert alice_client.get("/forum/").status_code == 200
    alone = [key for name, key in reads.calls if key == VERSION_KEY]
    assert alone == [], "read in the same round trip as the signed-in person"
    assert any(name == "get_many" and VERSION_KEY in keys for name, keys in reads.calls)


def test_a_topic_page_reads_what_it_keeps_in_one_round_trip(alice_client, bob, public_cat, monkeypatch):
    from tests import factories

    topic = factories.make_topic(author=bob, category=public_cat, title="Kept parts", body="Read me")
    for _ in range(2):  # the first view moves her read state on, so the second keeps her marks afresh
        alice_client.get(topic.get_absolute_url())
    reads = _CacheReads(monkeypatch)
    html = alice_client.get(topic.get_absolute_url()).content.decode()
    assert "Read me" in html
    fragments = [(name, keys) for name, keys in reads.calls if "fragment" in str(keys)]
    assert len(fragments) == 1 and fragments[0][0] == "get_many", fragments
    assert {key.split(":")[2] for key in fragments[0][1]} == {"topic", "topic-posts", "topic-frame", "reader-marks"}


def test_a_page_number_past_the_end_still_shows_the_last_page(alice_client, bob, public_cat):
    from tests import factories

    topic = factories.make_topic(author=bob, category=public_cat, title="Short", body="Only post")
    alice_client.get(topic.get_absolute_url())
    response = alice_client.get(f"{topic.get_absolute_url()}?page=99")
    assert response.status_code == 200 and "Only post" in response.content.decode()
