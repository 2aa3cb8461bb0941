"""The page around the kept event list and month grid (core.frame): each person's own header and links."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


def _header_name(html):
    found = re.search(r'data-testid="header-user-name">([^<]+)<', html)
    return found and found.group(1)


def _month_url(event):
    start = timezone.localtime(event.starts_at)
    return f"/events/calendar/{start.year}/{start.month}/"


@pytest.mark.parametrize("page", ["list", "month"])
def test_each_person_gets_their_own_header_and_links_around_a_kept_page(page, alice_client, ed_client, visitor_client):
    event = factories.EventFactory(title="Roundtable on kept frames")
    url = "/events/" if page == "list" else _month_url(event)
    for _ in range(2):  # the second time round from the kept frame
        member, editor, visitor = (
            client.get(url).content.decode() for client in (alice_client, ed_client, visitor_client)
        )
        assert all("Roundtable on kept frames" in html for html in (member, editor, visitor))
        assert _header_name(member) == "Dr Alice Adams" and _header_name(editor) == "Ed Editor"
        assert _header_name(visitor) is None
        assert "/events/my/" in member and "/events/new/" not in member
        assert "/events/new/" in editor
        assert "/events/my/" not in visitor and "/events/new/" not in visitor


def test_a_new_event_shows_at_once_around_a_kept_month(alice_client):
    event = factories.EventFactory(title="First of the month")
    url = _month_url(event)
    assert "First of the month" in alice_client.get(url).content.decode()
    factories.EventFactory(title="Second of the month", starts_at=event.starts_at + dt.timedelta(hours=2))
    assert "Second of the month" in alice_client.get(url).content.decode()
