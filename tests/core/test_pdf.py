"""core.pdf: templates become PDFs, and rendering never fetches anything."""

import io

from pypdf import PdfReader

from core import pdf


def test_rendering_fetches_nothing(monkeypatch):
    fetchers = []

    def make_fetcher():
        fetcher = original()
        fetchers.append(fetcher)
        return fetcher

    original = pdf.make_fetcher
    html = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/evil.css"></head>'
        '<body><h1>Hello &lt;script&gt;</h1><img src="http://127.0.0.1:9/tracker.png">'
        '<p style="background: url(file:///etc/passwd)">x</p></body></html>'
    )
    monkeypatch.setattr(pdf, "make_fetcher", make_fetcher)
    monkeypatch.setattr(pdf, "render_to_string", lambda name, context: html)
    content = pdf.render_pdf("any.html", {})
    assert content.startswith(b"%PDF")
    assert "Hello <script>" in PdfReader(io.BytesIO(content)).pages[0].extract_text()
    refused = fetchers[0].refused
    # The stylesheet and the background are asked for and refused; images are not even laid out (pdf.css).
    assert "http://127.0.0.1:9/evil.css" in refused and "file:///etc/passwd" in refused


def test_weasyprint_leaves_pillow_strict_about_truncated_images():
    """WeasyPrint's import sets Pillow's LOAD_TRUNCATED_IMAGES; core.pdf puts it back for core.images."""
    import pytest
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.images import process_image
    from tests.editorial.helpers import image_upload

    assert pdf.html_to_pdf("<p>hello</p>").startswith(b"%PDF")
    data = image_upload().read()
    with pytest.raises(ValidationError, match="not an image we can read"):
        process_image(SimpleUploadedFile("cut.jpg", data[: len(data) // 2]))
