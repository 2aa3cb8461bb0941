"""Uploads, checked in one place for every app: images re-encoded, other files checked by content.

Images: a file is accepted only if Pillow can decode it as one of a few image
formats (the file name and the browser's content type are ignored), it is
within the size limit, and its pixel count is sane. The accepted image is
re-encoded (metadata such as GPS EXIF dropped, resized to fit) under a new
random name, so what reaches MEDIA_ROOT is always a clean image.

Every model's image is a `core.images.ImageField`: its form field, in the
site's ModelForms and in the admin alike, is ImageUploadField, and an image
assigned in code is put through the same pipeline when it is saved.

Other files (slides, documents, recordings) are a models.FileField with an
approved validator in `validators`: `FileContentValidator(extensions)` checks
the extension, that the content really is that kind of file (its signature,
so HTML or a script renamed .pdf is refused) and the size. An app that needs
another kind of check writes a validator and registers it with
`approved_file_validator`. tests/core/test_uploads.py fails for any
ImageField or FileField in the project that does not go through one of these.
"""

import io
import os
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError

from core.uploads import ensure_storage_accepts

ALLOWED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MAX_PIXELS = 40_000_000
NOT_AN_IMAGE = "That file is not an image we can read. Upload a photo in JPEG, PNG, GIF or WebP format."


def max_upload_bytes():
    return settings.IMAGE_UPLOAD_MAX_BYTES


def _megabytes(n):
    return f"{n / 1_048_576:.1f} MB"


def process_image(upload, *, max_size=(1600, 1600)):
    """Validate an uploaded file as an image and return a re-encoded ContentFile.

    Raises ValidationError with a message fit to show the person uploading.
    """
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"That image is {_megabytes(upload.size)}; the largest we accept is {_megabytes(limit)}. "
            "Choose a smaller image.",
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns about very large images; our own pixel limit below refuses them.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            probe = Image.open(upload)
        with probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    f"That image is {probe.width} × {probe.height} pixels, which is too large. "
                    "Choose an image under 40 megapixels.",
                    code="too_many_pixels",
                )
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    image = ImageOps.exif_transpose(image)
    image.thumbnail(max_size)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    processed = ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
    processed.ccio_processed = True  # ImageField.pre_save does not re-encode it again
    return processed


class ImageUploadField(forms.FileField):
    """A form field that accepts only real images and hands back the re-encoded file."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"})

    def __init__(self, *, max_size=(1600, 1600), **kwargs):
        self.max_size = max_size
        kwargs.setdefault("help_text", f"JPEG, PNG, GIF or WebP, up to {_megabytes(settings.IMAGE_UPLOAD_MAX_BYTES)}.")
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            processed = process_image(value, max_size=self.max_size)
            ensure_storage_accepts(processed)  # a full or read-only store: a message here, the form kept
            return processed
        return value


DEFAULT_MAX_SIZE = (1600, 1600)


class ImageField(models.ImageField):
    """The model field for every uploaded image: checked and re-encoded by process_image, however it arrives.

    Its form field is ImageUploadField (site ModelForms and the admin), and a
    file assigned in code that has not been through the pipeline is processed
    when the model is saved. `max_size` is the box the image is resized into.
    """

    def __init__(self, *args, max_size=DEFAULT_MAX_SIZE, **kwargs):
        self.max_size = tuple(max_size)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.max_size != DEFAULT_MAX_SIZE:
            kwargs["max_size"] = self.max_size
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, "max_size": self.max_size, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not getattr(file.file, "ccio_processed", False):
            setattr(model_instance, self.attname, process_image(file.file, max_size=self.max_size))
        return super().pre_save(model_instance, add)


# --- other files: approved validators -------------------------------------------

APPROVED_FILE_VALIDATORS = set()


def approved_file_validator(validator):
    """Register a validator (a class, or a function) as checking a non-image upload's content (a decorator)."""
    APPROVED_FILE_VALIDATORS.add(validator)
    return validator


def is_checked_upload_field(field):
    """Does this model field put every upload through the pipeline? (The rule tests/core/test_uploads.py applies.)"""
    if isinstance(field, models.ImageField):
        return isinstance(field, ImageField)
    if isinstance(field, models.FileField):
        return any(
            type(v) in APPROVED_FILE_VALIDATORS or any(v is approved for approved in APPROVED_FILE_VALIDATORS)
            for v in field.validators
        )
    return True


_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# What a file of each extension starts with. Office Open XML and OpenDocument files are zip archives.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "odp": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "csv": (),  # text: checked by _is_plain_text
    "txt": (),
}


def _matches(extension, head):
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension in ("csv", "txt"):
        return _is_plain_text(head)
    return any(head.startswith(signature) for signature in SIGNATURES.get(extension, ()))


def _is_plain_text(head):
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    lowered = text.lower()
    return "\x00" not in text and "<script" not in lowered and "<html" not in lowered and "<svg" not in lowered


@approved_file_validator
@deconstructible
class FileContentValidator:
    """A non-image upload: one of `extensions`, really that kind of file by its first bytes, and not too big."""

    def __init__(self, extensions, max_bytes=None):
        unknown = set(extensions) - set(SIGNATURES) - {"mp4"}
        if unknown:
            raise ValueError(f"No content check for {sorted(unknown)}: add their signature to core.images.SIGNATURES")
        self.extensions = list(extensions)
        self.max_bytes = max_bytes

    def __call__(self, file):
        if getattr(file, "_committed", False):
            return  # stored already: it was checked when it was uploaded
        limit = self.max_bytes or settings.FILE_UPLOAD_MAX_BYTES
        extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
        allowed = ", ".join(self.extensions)
        if extension not in self.extensions:
            raise ValidationError(f"Upload a file of one of these types: {allowed}.", code="invalid_extension")
        if file.size is not None and file.size > limit:
            raise ValidationError(
                f"That file is {_megabytes(file.size)}; the largest we accept is {_megabytes(limit)}.",
                code="too_large",
            )
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(512)
        file.seek(position)
        if not _matches(extension, head):
            raise ValidationError(
                f"That file does not look like a .{extension} file. Upload the document itself, of one of "
                f"these types: {allowed}.",
                code="wrong_content",
            )

    def __eq__(self, other):
        return (
            isinstance(other, FileContentValidator)
            and self.extensions == other.extensions
            and self.max_bytes == other.max_bytes
        )
