"""The header's counts: the bell's and those other apps register, in one query."""

import pytest

from notifications import header
from tests.factories import NotificationFactory


def test_registered_counts_come_in_the_bells_query(alice, bob, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(header, "_COUNTS", dict(header._COUNTS))
    from accounts.models import User

    header.register_count("others", lambda user: User.objects.exclude(pk=user.pk))
    header.register_count("nothing", lambda user: None)
    NotificationFactory.create_batch(2, recipient=alice)
    assert alice.role_names  # a signed-in person's roles come with them (accounts.backends)
    with django_assert_num_queries(1):
        counts = header.header_counts(alice)
    assert counts["notifications"] == 2 and counts["others"] == 1 and counts["nothing"] == 0
    assert {"notifications", "others", "nothing"} <= set(header.registered_names())


def test_the_bells_name_is_taken():
    with pytest.raises(ValueError, match="bell's own count"):
        header.register_count("notifications", lambda user: None)
