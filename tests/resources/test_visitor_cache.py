"""The library list is cached for visitors, never shown stale, and kept only until the next resource goes live."""

import datetime as dt

import pytest
from django.utils import timezone

from core.content_cache import _lifetime
from events.models import EventMaterial
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_second_view_from_the_cache(visitor_client, django_assert_num_queries, settings):
    settings.CONTENT_CACHE = True
    factories.ResourceFactory(title="Introduction to FHIR")
    first = visitor_client.get("/resources/")
    with django_assert_num_queries(0):
        second = visitor_client.get("/resources/")
    assert second.content == first.content and b"Introduction to FHIR" in second.content


def test_a_new_resource_shows_at_once_and_an_event_ending_expires_the_page(visitor_client, settings):
    settings.CONTENT_CACHE = True
    visitor_client.get("/resources/")
    factories.ResourceFactory(title="Fresh guide")
    assert b"Fresh guide" in visitor_client.get("/resources/").content
    ends = timezone.now() + dt.timedelta(hours=2)
    event = factories.EventFactory(starts_at=ends - dt.timedelta(hours=1), ends_at=ends)
    EventMaterial.objects.create(event=event, title="Slides", url="https://example.org/s.pdf")
    response = visitor_client.get("/resources/")
    assert b"Slides" not in response.content
    assert 0 < _lifetime(response) <= 2 * 3600
