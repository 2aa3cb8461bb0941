"""Small helpers shared by the editorial, articles and profiles tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
]


def image_upload(name="photo.jpg", size=(800, 600), fmt="JPEG", color=(0, 94, 184)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def noisy_image_upload(name="big.png", size=(1200, 1200)):
    """A PNG that does not compress: a few megabytes of random pixels."""
    import os

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def script_upload(name="photo.jpg"):
    return SimpleUploadedFile(name, b"#!/bin/sh\nrm -rf / --no-preserve-root\n", content_type="image/jpeg")


def assert_no_live_html(content):
    """None of the hostile strings came back as live markup."""
    text = content.decode() if isinstance(content, bytes) else content
    assert "<script>alert(1)</script>" not in text
    assert "<img src=x onerror" not in text
    assert 'href="javascript:' not in text
