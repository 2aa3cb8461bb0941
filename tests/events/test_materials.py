"""Materials after the event: links and uploaded files (documents and media only)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import EventMaterial
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_uploaded_file_is_stored_and_linked(visitor_client, settings):
    event = factories.EventFactory()
    material = EventMaterial(event=event, title="Slides", file=SimpleUploadedFile("slides.pdf", b"%PDF-1.4 demo"))
    material.full_clean()
    material.save()
    assert (settings.MEDIA_ROOT / material.file.name).exists()
    page = visitor_client.get(event.get_absolute_url()).content.decode()
    assert material.file.url in page


@pytest.mark.parametrize("name", ["page.html", "image.svg", "script.js"])
def test_files_that_browsers_would_run_are_refused(name):
    event = factories.EventFactory()
    material = EventMaterial(event=event, title="Bad", file=SimpleUploadedFile(name, b"<script>alert(1)</script>"))
    with pytest.raises(ValidationError):
        material.full_clean()


def test_a_material_is_a_link_or_a_file_not_both_nor_neither():
    event = factories.EventFactory()
    with pytest.raises(ValidationError, match="either a link or a file"):
        EventMaterial(event=event, title="Nothing").full_clean()
    with pytest.raises(ValidationError, match="either a link or a file"):
        EventMaterial(
            event=event, title="Both", url="https://example.org", file=SimpleUploadedFile("a.pdf", b"%PDF")
        ).full_clean()
