"""core.files: documents recognised from their content, never their name; served as downloads only."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import files
from tests.factories import pdf_bytes

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def ooxml(part, *, extra=None, content_types=b"<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(part, "<root/>")
        for name in extra or []:
            archive.writestr(name, b"x")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("report.pdf", pdf_bytes(), "pdf"),
        ("plan.docx", ooxml("word/document.xml"), "docx"),
        ("hazards.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
        ("talk.pptx", ooxml("ppt/presentation.xml"), "pptx"),
        ("old.doc", OLE + "WordDocument".encode("utf-16-le"), "doc"),
        ("old.xls", OLE + "Workbook".encode("utf-16-le"), "xls"),
        ("old.ppt", OLE + "PowerPoint Document".encode("utf-16-le"), "ppt"),
        ("data.csv", b"name,role\nPriya,CCIO\nJames,CNIO\n", "csv"),
        ("notes.txt", "Plain notes, with a pound sign: £5.\nSecond line.\n".encode(), "txt"),
        # The name means nothing: a PDF called .txt is a PDF, CSV called .pdf is CSV.
        ("misnamed.txt", pdf_bytes(), "pdf"),
        ("misnamed.pdf", b"a;b\n1;2\n3;4\n", "csv"),
    ],
)
def test_documents_are_recognised_from_their_content(settings, name, content, key):
    checked = files.process_document(upload(name, content))
    assert checked.type.key == key
    assert checked.file.name.endswith("." + checked.type.extension)
    assert checked.file.name != name and len(checked.file.name.split(".")[0]) == 32  # a generated name
    assert checked.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not_a_document"),
        ("notes.txt", b"<html><body>hi</body></html>", "not_a_document"),
        ("image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not_a_document"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100, "not_a_document"),
        ("tool.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "not_a_document"),
        ("archive.docx", ooxml("other/thing.xml"), "not_a_document"),
        ("plain.zip", b"PK\x03\x04 not really a zip", "not_a_document"),
        # A Word file cut short in the upload: a damaged archive, refused like any unknown file.
        ("cut.docx", ooxml("word/document.xml")[:200], "not_a_document"),
        ("macro.docm", ooxml("word/document.xml", extra=["word/vbaProject.bin"]), "macros"),
        (
            "macro.xlsx",
            ooxml("xl/workbook.xml", content_types=b"application/vnd.ms-excel.sheet.macroEnabled"),
            "macros",
        ),
        ("macro.doc", OLE + "WordDocument".encode("utf-16-le") + "Macros".encode("utf-16-le"), "macros"),
        ("unknown.doc", OLE, "not_a_document"),
        ("nul.txt", b"text with a \x00 NUL byte", "not_a_document"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "not_a_document"),
        ("empty.pdf", b"", "empty"),
        ("..\\..\\win.pdf", pdf_bytes(), "bad_name"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, content, code):
    with pytest.raises(ValidationError) as error:
        files.process_document(upload(name, content))
    assert error.value.code == code
    assert error.value.messages[0].endswith(".")


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "/etc/passwd.pdf", "a\x00.pdf", ".."])
def test_a_path_traversal_name_is_refused_even_when_it_gets_past_django(name):
    document = upload("x.pdf", pdf_bytes())
    document._name = name  # UploadedFile already keeps only the last part; the check does not rely on it
    with pytest.raises(ValidationError) as error:
        files.process_document(document)
    assert error.value.code == "bad_name"
    assert error.value.messages[0].endswith(".")


def test_the_size_limit_comes_from_settings(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        files.process_document(upload("big.txt", b"a" * 1001))
    assert error.value.code == "too_large"
    assert "1.0 MB" not in error.value.messages[0] or "0.0 MB" in error.value.messages[0]
    assert files.process_document(upload("small.txt", b"a" * 1000)).type.key == "txt"


def test_private_storage_has_no_public_address(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    storage = files.private_storage()
    name = storage.save("resources/x.pdf", io.BytesIO(pdf_bytes()))
    assert (tmp_path / "private" / name).exists()
    with pytest.raises(ValueError, match="no public address"):
        storage.url(name)


def test_attachment_response_is_a_download_never_sniffed(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    storage = files.private_storage()
    name = storage.save("cpd/x.csv", io.BytesIO(b"a,b\n1,2\n"))

    class Stored:
        pass

    fieldfile = Stored()
    fieldfile.name = name
    fieldfile.open = lambda mode="rb": storage.open(name, mode)
    response = files.attachment_response(fieldfile, download_name="my-evidence")
    assert response["Content-Disposition"] == 'attachment; filename="my-evidence.csv"'
    assert response["Content-Type"] == "text/csv"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"a,b\n1,2\n"
