"""Document uploads, checked in one place for every app (resources, CPD evidence...).

A file is accepted only if its content is one of a few document types: PDF,
Word, Excel and PowerPoint (the zipped OOXML formats and the legacy OLE ones),
CSV or plain text. The file name and the browser's content type are ignored:
HTML renamed to .pdf, an executable, or an Office file with macros is refused.
It must not be empty, nor larger than DOCUMENT_UPLOAD_MAX_BYTES.

An accepted file is stored under a random name in the private storage
(PRIVATE_MEDIA_ROOT, which no web server serves) and handed out only by views
that check who may have it, through `attachment_response` (always a download,
never rendered by the browser, with the detected type and nosniff).

Images have their own pipeline in core/images.py.
"""

import codecs
import csv
import os
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.functional import cached_property

from core.images import approved_file_validator


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: str
    extension: str
    content_type: str


TYPES = {
    t.key: t
    for t in (
        DocumentType("pdf", "PDF", "pdf", "application/pdf"),
        DocumentType(
            "docx", "Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        DocumentType("xlsx", "Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        DocumentType(
            "pptx", "PowerPoint", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        ),
        DocumentType("doc", "Word", "doc", "application/msword"),
        DocumentType("xls", "Excel", "xls", "application/vnd.ms-excel"),
        DocumentType("ppt", "PowerPoint", "ppt", "application/vnd.ms-powerpoint"),
        DocumentType("csv", "CSV", "csv", "text/csv"),
        DocumentType("txt", "Text", "txt", "text/plain"),
    )
}

ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.csv,.txt"
NOT_A_DOCUMENT = (
    "That file is not a document we accept. Upload a PDF, Word, Excel, PowerPoint, CSV or plain text file."
)
HEAD_BYTES = 8192
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PARTS = (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"))
# Stream names in a legacy Office file's directory (stored as UTF-16LE).
OLE_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("Book", "xls"), ("PowerPoint Document", "ppt"))
OLE_MACROS = ("_VBA_PROJECT", "Macros", "VBA")
# Markup a browser would render if it ever sniffed the file: never accepted as "text".
MARKUP_STARTS = ("<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<meta", "<a ", "<img")
TEXT_CONTROL_OK = {"\t", "\n", "\r", "\f"}
MAX_OOXML_MEMBERS = 10_000


def max_upload_bytes():
    return settings.DOCUMENT_UPLOAD_MAX_BYTES


def megabytes(n):
    return f"{n / 1_048_576:.1f} MB"


def _utf16(name):
    return name.encode("utf-16-le")


def _macros_refused():
    return ValidationError(
        "That Office file contains macros, which we do not accept. Save it without macros and try again.",
        code="macros",
    )


def _ooxml_type(upload):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > MAX_OOXML_MEMBERS or "[Content_Types].xml" not in names:
                return None
            lowered = {n.lower() for n in names}
            if any(n.endswith("vbaproject.bin") for n in lowered):
                raise _macros_refused()
            content_types = archive.read("[Content_Types].xml")[:200_000].lower()
            if b"macroenabled" in content_types:
                raise _macros_refused()
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, NotImplementedError):
        # A damaged or foreign archive is not an Office document: the caller refuses it as an unknown type.
        return None
    for part, key in OOXML_PARTS:
        if part in names:
            return key
    return None


def _ole_type(upload):
    upload.seek(0)
    data = upload.read()
    if any(_utf16(name) in data for name in OLE_MACROS):
        raise _macros_refused()
    for name, key in OLE_STREAMS:
        if _utf16(name) in data:
            return key
    return None


def _text_type(upload):
    """csv or txt when the whole file is UTF-8 text (no NUL, no control characters) and not markup."""
    upload.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    head = ""
    try:
        for chunk in upload.chunks():
            text = decoder.decode(chunk)
            if any(c < " " and c not in TEXT_CONTROL_OK for c in text) or "\x7f" in text:
                return None
            if len(head) < HEAD_BYTES:
                head += text[: HEAD_BYTES - len(head)]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if head.lstrip().lower().startswith(MARKUP_STARTS):
        return None
    return "csv" if _looks_like_csv(head) else "txt"


def _looks_like_csv(head):
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    if len(head) >= HEAD_BYTES:  # the last line may be cut short
        lines = lines[:-1]
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t")
    except csv.Error:
        return False
    widths = {len(row) for row in csv.reader(lines, dialect)}
    return len(widths) == 1 and widths.pop() > 1


def detect_type(upload):
    """The DocumentType of an uploaded file's content, or None; ValidationError for Office macros."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return TYPES["pdf"]
    if head.startswith(b"PK\x03\x04"):
        key = _ooxml_type(upload)
    elif head.startswith(OLE_MAGIC):
        key = _ole_type(upload)
    else:
        key = _text_type(upload)
    upload.seek(0)
    return TYPES[key] if key else None


def _check_name(name):
    if not name or "\x00" in name or "/" in name or "\\" in name or name.strip(". ") == "" or ".." in name:
        raise ValidationError(
            "That file name is not allowed. Rename the file (letters, numbers, dashes) and try again.",
            code="bad_name",
        )


@dataclass(frozen=True)
class CheckedDocument:
    file: ContentFile  # under a generated name, ready for a FileField
    type: DocumentType
    original_name: str  # as the uploader called it, for display only


def process_document(upload):
    """Validate an uploaded document and return a CheckedDocument; ValidationError with a message otherwise."""
    _check_name(upload.name)
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"That file is {megabytes(upload.size)}; the largest we accept is {megabytes(limit)}. "
            "Choose a smaller file.",
            code="too_large",
        )
    if not upload.size:
        raise ValidationError("That file is empty. Choose the file again.", code="empty")
    document_type = detect_type(upload)
    if document_type is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.{document_type.extension}")
    original = os.path.basename(upload.name)[:200]
    return CheckedDocument(file=content, type=document_type, original_name=original)


@approved_file_validator
def validate_stored_document(fieldfile):
    """Model-field validator: the file a model holds was stored by this pipeline (a generated name in private storage).

    Forms hand over files through DocumentUploadField, which renames them; a
    file that reached the field any other way (the admin's plain widget, a
    script) is checked here too.
    """
    if not fieldfile:
        return
    if not getattr(fieldfile, "_committed", True) and isinstance(getattr(fieldfile, "file", None), UploadedFile):
        process_document(fieldfile.file)


class DocumentUploadField(forms.FileField):
    """A form field that accepts only real documents and hands back a CheckedDocument."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"PDF, Word, Excel, PowerPoint, CSV or plain text, up to {megabytes(settings.DOCUMENT_UPLOAD_MAX_BYTES)}.",
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            return process_document(value)
        return value


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT: no public URL; served only by views that check access."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public address; serve them through a view that checks access.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


_private_storage = PrivateStorage()


def private_storage():
    """For FileField(storage=...): a callable, so migrations do not freeze a path."""
    return _private_storage


def type_of(name):
    """The DocumentType of a stored file, from the extension this pipeline gave it."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return next((t for t in TYPES.values() if t.extension == extension), None)


def attachment_response(fieldfile, *, download_name):
    """Serve a stored document as a download: never shown inline, never sniffed, never cached by others."""
    document_type = type_of(fieldfile.name)
    if document_type is None:
        raise ValueError(f"{fieldfile.name!r} was not stored by core.files")
    filename = f"{download_name}.{document_type.extension}"
    response = FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=document_type.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
