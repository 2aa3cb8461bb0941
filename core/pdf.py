"""PDFs drawn from the site's own HTML templates, with WeasyPrint.

WeasyPrint lays out HTML and CSS with Pango (Debian's libpango), so a
certificate or a CPD log is written as an ordinary Django template: the
template engine escapes whatever members typed, and stored markdown HTML
(already sanitised by core.markdown) renders as it does on the site.

Nothing is fetched while rendering: the fetcher refuses every URL, so an
image or stylesheet address in member-written markdown cannot make the server
call out (no SSRF), and the page's own stylesheet is passed in as text.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


class FetchRefused(ValueError):
    pass


def _weasyprint():
    """Import WeasyPrint (when first used: loading Pango takes a moment) without its side effect on Pillow.

    Importing it sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would
    make core.images accept truncated uploads; the flag is put back as it was.
    """
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        import weasyprint
        import weasyprint.urls
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before
    return weasyprint


def make_fetcher():
    """A WeasyPrint URL fetcher that refuses every address (WeasyPrint then leaves the image or sheet out)."""
    URLFetcher = _weasyprint().urls.URLFetcher  # noqa: N806

    class RefusingFetcher(URLFetcher):
        def __init__(self):
            super().__init__(fail_on_errors=False)
            self.refused = []

        def fetch(self, url, headers=None):
            self.refused.append(url)
            raise FetchRefused(f"PDF rendering fetches nothing ({url[:60]!r})")

    return RefusingFetcher()


def _stylesheet(path, fetcher):
    found = finders.find(path)
    with open(found, encoding="utf-8") as handle:
        return _weasyprint().CSS(string=handle.read(), url_fetcher=fetcher)


def html_to_pdf(html, *, stylesheet="css/pdf.css"):
    """PDF bytes from a string of HTML, fetching nothing."""
    fetcher = make_fetcher()
    document = _weasyprint().HTML(string=html, url_fetcher=fetcher, base_url=None)
    return document.write_pdf(stylesheets=[_stylesheet(stylesheet, fetcher)])


def render_pdf(template_name, context, *, stylesheet="css/pdf.css"):
    """Render a template to PDF bytes."""
    html = render_to_string(template_name, {"SITE_NAME": settings.SITE_NAME, **context})
    return html_to_pdf(html, stylesheet=stylesheet)
