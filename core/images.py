"""Image uploads, checked and re-encoded in one place for every app.

A file is accepted only if Pillow can decode it as one of a few image
formats (the file name and the browser's content type are ignored), it is
within the size limit, and its pixel count is sane. The accepted image is
re-encoded (metadata such as GPS EXIF dropped, resized to fit) under a new
random name, so what reaches MEDIA_ROOT is always a clean image.
"""

import io
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
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
        with Image.open(upload) as probe:
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
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


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
