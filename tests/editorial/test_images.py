"""core/images.py: only real images get through, re-encoded, without their metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import process_image
from tests.editorial.helpers import image_upload, noisy_image_upload, script_upload


def _open(content_file):
    return Image.open(io.BytesIO(content_file.read()))


def test_a_jpeg_is_reencoded_resized_and_renamed():
    result = process_image(image_upload("holiday.jpg", size=(3000, 2000)), max_size=(1600, 1600))
    assert result.name.endswith(".jpg") and "holiday" not in result.name
    image = _open(result)
    assert image.format == "JPEG" and image.size == (1600, 1067)


def test_exif_metadata_such_as_gps_is_dropped():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    exif[0x010F] = "Secret camera"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), "red").save(buffer, format="JPEG", exif=exif)
    result = process_image(SimpleUploadedFile("gps.jpg", buffer.getvalue()))
    assert not _open(result).getexif()


def test_transparency_is_kept_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    result = process_image(SimpleUploadedFile("logo.png", buffer.getvalue()))
    assert result.name.endswith(".png") and _open(result).mode == "RGBA"


@pytest.mark.parametrize(
    "upload",
    [
        script_upload("photo.jpg"),
        SimpleUploadedFile("page.png", b"<html><script>alert(1)</script></html>"),
        SimpleUploadedFile("empty.jpg", b""),
    ],
    ids=["renamed script", "html", "empty"],
)
def test_things_that_are_not_images_are_refused(upload):
    with pytest.raises(ValidationError, match="not an image we can read"):
        process_image(upload)


def test_a_truncated_image_is_refused():
    data = image_upload().read()
    with pytest.raises(ValidationError, match="not an image we can read"):
        process_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]))


def test_other_image_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    with pytest.raises(ValidationError, match="JPEG, PNG, GIF or WebP"):
        process_image(SimpleUploadedFile("pic.bmp", buffer.getvalue()))


def test_oversized_files_are_refused_before_decoding(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 50_000
    with pytest.raises(ValidationError, match="the largest we accept is"):
        process_image(noisy_image_upload(size=(400, 400)))


def test_images_with_absurd_dimensions_are_refused():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(buffer, format="PNG")  # tiny file, 50 megapixels
    with pytest.raises(ValidationError, match="too large"):
        process_image(SimpleUploadedFile("bomb.png", buffer.getvalue()))
