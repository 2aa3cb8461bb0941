"""A full or read-only file store: a message beside the file field, everything typed kept, never a 500."""

import errno
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import Article
from core.uploads import STORAGE_UNAVAILABLE
from events.models import Event
from tests.editorial.helpers import image_upload
from tests.factories import EventFactory
from tests.profiles.test_entry_editing import URL as ENTRY_URL
from tests.profiles.test_entry_editing import _data as entry_data

NOT_SAVED = "We cannot store files just now"


@pytest.fixture
def read_only_media(settings):
    settings.MEDIA_ROOT = "/sys/ccio-media"  # refused even to root: a read-only store


@pytest.fixture
def full_media():
    with mock.patch(
        "django.core.files.storage.FileSystemStorage._save", side_effect=OSError(errno.ENOSPC, "No space left")
    ):
        yield


def _article(**extra):
    return {
        "title": "Kept title of a long article",
        "slug": "",
        "standfirst": "Kept standfirst.",
        "body": "A body that took an hour to write.",
        "hero_image": image_upload(),
        "hero_alt": "A ward at night",
        "hero_caption": "Photo: the trust",
        **extra,
    }


@pytest.mark.parametrize("store", ["read_only_media", "full_media"])
def test_an_article_with_a_hero_image_keeps_everything_typed(store, request, ed_client):
    request.getfixturevalue(store)
    response = ed_client.post("/editor/articles/new/", _article())
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_SAVED in page
    assert "Kept title of a long article" in page and "A body that took an hour to write." in page
    assert not Article.objects.exists()


@pytest.mark.parametrize("store", ["read_only_media", "full_media"])
def test_a_directory_photo_keeps_everything_typed(store, request, alice_client):
    request.getfixturevalue(store)
    response = alice_client.post(ENTRY_URL, {**entry_data(job_title="Kept job title"), "photo": image_upload()})
    assert response.status_code == 200
    assert NOT_SAVED in response.content.decode() and "Kept job title" in response.content.decode()


def test_an_event_material_keeps_everything_typed(read_only_media, ed_client):
    event = EventFactory(title="Materials event")
    from tests.events.test_lost_updates import _edit_data

    data = _edit_data(
        ed_client,
        event,
        summary="A summary typed while the store was full.",
        **{
            "materials-TOTAL_FORMS": "1",
            "materials-0-title": "Slides",
            "materials-0-file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf"),
            "materials-0-order": "1",
        },
    )
    response = ed_client.post(f"/events/{event.slug}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert NOT_SAVED in page and "A summary typed while the store was full." in page
    assert Event.objects.get(pk=event.pk).summary != "A summary typed while the store was full."


def test_a_store_failing_after_the_check_gets_the_503_page(ed, full_media):
    client = Client(raise_request_exception=False)
    client.force_login(ed)
    with mock.patch("core.images.ensure_storage_accepts"):
        response = client.post("/editor/articles/new/", _article())
    assert response.status_code == 503 and b"Back in a moment" in response.content


def test_the_message_is_the_one_the_editor_reads():
    assert STORAGE_UNAVAILABLE.startswith(NOT_SAVED)
