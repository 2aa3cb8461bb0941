"""The library's admin renders (plans, logs and useful marks have none: they are each member's own)."""

import datetime as dt

import pytest
from django.contrib import admin
from django.utils import timezone

from events.models import EventMaterial
from resources.models import CPDEntry, PlanItem, Resource, UsefulMark
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client):
    user = factories.UserFactory(username="root", mfa=True)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_resource_admin_pages_render(root_client):
    resource = factories.ResourceFactory()
    start = timezone.now() - dt.timedelta(days=2)
    event = factories.EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=1))
    material = EventMaterial.objects.create(event=event, title="Slides", url="https://example.org/s.pdf")
    card = Resource.objects.get(event_material=material)
    for url in [
        "/admin/resources/resource/",
        "/admin/resources/resource/add/",
        f"/admin/resources/resource/{resource.pk}/change/",
        f"/admin/resources/resource/{resource.pk}/history/",
        f"/admin/resources/resource/{card.pk}/change/",
    ]:
        assert root_client.get(url).status_code == 200, url


def test_private_models_are_not_in_the_admin():
    for model in (PlanItem, CPDEntry, UsefulMark):
        assert not admin.site.is_registered(model)
