"""A person's versions: one per kind of thing kept about them, each moved on by what changes that kind only."""

import pytest

from core.person_cache import person_changed, person_version

pytestmark = pytest.mark.usefixtures("content_cache")


def test_each_kind_of_version_moves_on_alone():
    account, forum = person_version(7), person_version(7, kind="forum")
    person_changed([7], kind="forum")
    assert person_version(7) == account
    assert person_version(7, kind="forum") != forum
    forum = person_version(7, kind="forum")
    person_changed([7])
    assert person_version(7) != account
    assert person_version(7, kind="forum") == forum


def test_a_kind_of_version_is_each_persons_own():
    mine, theirs = person_version(7, kind="forum"), person_version(8, kind="forum")
    person_changed([7], kind="forum")
    assert person_version(8, kind="forum") == theirs
    assert person_version(7, kind="forum") != mine


def test_versions_moved_outside_a_request_are_not_noted(db):
    """A worker telling thousands of people moves their versions on without keeping a note of each."""
    from core import person_cache

    person_cache.person_changed(list(range(1, 1001)))
    assert not getattr(person_cache._in_request, "versions", None)


def test_a_kind_of_version_is_read_once_in_a_request_and_moved_on_by_the_request(db):
    from django.core.cache import cache
    from django.core.signals import request_finished, request_started

    from core.person_cache import person_changed, version_key

    request_started.send(sender=None)
    try:
        first = person_version(7, kind="forum")
        cache.incr(version_key(7, "forum"))  # another process moves it on
        assert person_version(7, kind="forum") == first, "one request, one version"
        person_changed([7], kind="forum")  # this request moves it on
        assert person_version(7, kind="forum") > first + 1
    finally:
        request_finished.send(sender=None)
