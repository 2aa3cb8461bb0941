"""The month grid is rendered once for everyone, and a change shows at once to members too."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_new_event_and_a_cancelled_one_show_at_once_to_a_member(alice_client):
    start = timezone.now() + dt.timedelta(days=2)
    url = f"/events/calendar/{start.year}/{start.month}/"
    first = factories.EventFactory(title="Coding clinic", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    assert "Coding clinic" in alice_client.get(url).content.decode()
    factories.EventFactory(title="Safety huddle", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    assert "Safety huddle" in alice_client.get(url).content.decode()
    first.status = "draft"
    first.save()
    assert "Coding clinic" not in alice_client.get(url).content.decode()


def test_the_grid_is_kept_no_later_than_midnight(alice_client):
    from core.content_cache import _lifetime

    today = timezone.localdate()
    response = alice_client.get(f"/events/calendar/{today.year}/{today.month}/")
    assert 0 < _lifetime(response) <= 24 * 3600
