import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

# The site's hostile markdown set (as the forum's tests use it).
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


def assert_inert(html):
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered and '<img src="x"' not in lowered
    assert 'href="javascript:' not in lowered
    assert "<svg onload" not in lowered


def pdf_upload(name="guide.pdf"):
    return SimpleUploadedFile(name, factories.pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def members_file_resource(db):
    """A members-only template with a stored file, as an editor would upload it."""
    from core.files import process_document

    document = process_document(pdf_upload("job-plan.pdf"))
    resource = factories.ResourceFactory(
        title="CCIO job plan template", slug="job-plan", kind="template", access="members", url=""
    )
    resource.file = document.file
    resource.file_name = document.original_name
    resource.save()
    return resource
