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
