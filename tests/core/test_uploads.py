"""Every upload goes through core.images: images re-encoded, other files checked by content.

The first tests list every ImageField and FileField of every model in the
project, every form the admin builds and every form the apps define, and
fail for any that would store an upload without the pipeline. A new app
complies by using core.images.ImageField for images, and an approved
validator (core.images.FileContentValidator, or one registered with
core.images.approved_file_validator) for other files.
"""

import importlib
import io
import struct
import zlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from PIL import Image

from core.images import ImageField, ImageUploadField, is_checked_upload_field
from events.models import EventMaterial, Speaker
from tests import factories

# Every app of this repository, new ones included.
PROJECT_APPS = {
    config.name for config in apps.get_app_configs() if Path(config.path).is_relative_to(Path(__file__).parents[2])
}


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def test_every_image_and_file_field_goes_through_the_pipeline():
    fields = list(_file_fields())
    assert {f"{m._meta.label}.{f.name}" for m, f in fields} >= {
        "events.Speaker.photo",
        "events.EventMaterial.file",
        "profiles.DirectoryEntry.photo",
        "profiles.CCIOProfile.portrait",
        "articles.Article.hero_image",
    }
    unchecked = [f"{m._meta.label}.{f.name}" for m, f in fields if not is_checked_upload_field(f)]
    assert unchecked == [], "use core.images.ImageField, or give the FileField an approved validator"


def test_every_model_image_field_gives_forms_the_checking_field():
    for model, field in _file_fields():
        if isinstance(field, models.ImageField):
            assert isinstance(field.formfield(), ImageUploadField), f"{model._meta.label}.{field.name}"


def _admin_forms(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin.get_form(request)
        for inline in model_admin.get_inline_instances(request):
            yield inline.model, inline.get_formset(request).form


def _project_forms():
    for app in PROJECT_APPS:
        try:
            importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for form in subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] in PROJECT_APPS:
            yield getattr(getattr(form, "_meta", None), "model", None), form


def _unchecked_form_fields(model, form):
    """Upload fields of a form that would store a file without the pipeline."""
    for name, field in form.base_fields.items():
        if not isinstance(field, forms.FileField) or isinstance(field, ImageUploadField):
            continue
        if isinstance(field, forms.ImageField):
            yield name  # Django's own image field: checks, but does not re-encode or rename
            continue
        model_field = model._meta.get_field(name) if model and name in {f.name for f in model._meta.fields} else None
        if (
            model_field is None
            or isinstance(model_field, models.ImageField)
            or not is_checked_upload_field(model_field)
        ):
            yield name


def test_every_admin_form_and_every_site_form_checks_uploads(db):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True, mfa=True)
    found = []
    for model, form in [*_admin_forms(superuser), *_project_forms()]:
        found += [f"{form.__module__}.{form.__name__}.{name}" for name in _unchecked_form_fields(model, form)]
    assert found == []


# --- hostile speaker photos, on the site and in the admin ------------------------


def _png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def _gif_js_polyglot():
    buffer = io.BytesIO()
    Image.new("P", (20, 20)).save(buffer, format="GIF")
    return buffer.getvalue() + b"*/=1;alert(document.cookie)//<script>alert(1)</script>"


def _huge_png_header(width=12000, height=12000):
    """A PNG that says it is 144 megapixels (the data does not matter: it is refused before decoding)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


HOSTILE_PHOTOS = {
    "gif-js-polyglot": ("photo.gif", _gif_js_polyglot(), "stored clean"),
    "png-html-as-pdf": ("photo.pdf", _png() + b"<html><script>alert(1)</script></html>", "stored clean"),
    "png-html-as-eps": ("photo.eps", _png() + b"<html><script>alert(1)</script></html>", "stored clean"),
    "144-megapixels": ("huge.png", _huge_png_header(), "too large"),
    "30-megabytes": ("big.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (30 * 1024 * 1024), "is 30.0 MB"),
    "html": ("photo.jpg", b"<html><script>alert(1)</script></html>", "not an image"),
}


def _stored_photo(settings):
    speaker = Speaker.objects.order_by("-pk").first()
    return speaker, Path(settings.MEDIA_ROOT) / speaker.photo.name if speaker and speaker.photo else None


@pytest.mark.parametrize("case", HOSTILE_PHOTOS)
def test_speaker_photos_go_through_the_pipeline_on_the_site(case, ed_client, settings):
    name, content, outcome = HOSTILE_PHOTOS[case]
    event = factories.EventFactory(kind="conference")
    response = ed_client.post(
        f"/events/{event.slug}/speakers/new/",
        {"name": "Dr Sam Speaker", "photo": SimpleUploadedFile(name, content), "photo_alt": "A speaker"},
    )
    _check(response, outcome, settings)


@pytest.mark.parametrize("case", ["png-html-as-pdf", "144-megapixels", "html"])
def test_speaker_photos_go_through_the_pipeline_in_the_admin(case, client, settings, db):
    name, content, outcome = HOSTILE_PHOTOS[case]
    admin_user = factories.UserFactory(is_staff=True, is_superuser=True, mfa=True)
    client.force_login(admin_user)
    response = client.post(
        "/admin/events/speaker/add/",
        {"name": "Dr Sam Speaker", "photo": SimpleUploadedFile(name, content), "photo_alt": "A speaker"},
    )
    _check(response, outcome, settings)


def _check(response, outcome, settings):
    speaker, path = _stored_photo(settings)
    if outcome == "stored clean":
        assert response.status_code == 302
        data = path.read_bytes()
        assert path.suffix in (".png", ".jpg") and "photo" not in path.name
        assert b"<script" not in data and b"alert" not in data
        with Image.open(path) as image:
            assert image.format in ("PNG", "JPEG")
    else:
        assert response.status_code in (200, 400)
        assert outcome in response.content.decode()
        assert speaker is None


def test_an_image_assigned_in_code_is_processed_when_saved(db, settings):
    speaker = Speaker(name="Coded", photo=SimpleUploadedFile("x.eps", _png() + b"<html>"), photo_alt="A photo")
    speaker.save()
    assert speaker.photo.name.startswith("events/speakers/") and speaker.photo.name.endswith(".jpg")
    assert b"<html>" not in (Path(settings.MEDIA_ROOT) / speaker.photo.name).read_bytes()
    with pytest.raises(ValidationError):
        Speaker(name="Bad", photo=SimpleUploadedFile("x.jpg", b"<html>not an image</html>")).save()


# --- other files: checked by content ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("slides.pdf", b"<html><script>alert(1)</script></html>"),
        ("slides.pdf", _png()),
        ("notes.docx", b"%PDF-1.4 pretending"),
        ("talk.mp4", b"<svg onload=alert(1)>"),
    ],
)
def test_materials_whose_content_is_not_what_the_name_says_are_refused(db, name, content):
    material = EventMaterial(event=factories.EventFactory(), title="Slides", file=SimpleUploadedFile(name, content))
    with pytest.raises(ValidationError, match="does not look like"):
        material.full_clean()


def test_real_materials_are_accepted_and_large_ones_refused(db, settings):
    event = factories.EventFactory()
    for name, content in [
        ("a.pdf", b"%PDF-1.7\n"),
        ("b.pptx", b"PK\x03\x04rest"),
        ("c.mp4", b"\x00\x00\x00\x18ftypmp42"),
    ]:
        EventMaterial(event=event, title=name, file=SimpleUploadedFile(name, content)).full_clean()
    settings.FILE_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="largest we accept"):
        EventMaterial(event=event, title="Big", file=SimpleUploadedFile("a.pdf", b"%PDF-1.7" + b"x" * 20)).full_clean()


def test_image_field_is_the_pipeline_field():
    assert isinstance(Speaker._meta.get_field("photo"), ImageField)
