"""Uploads checked against the file store before anything is saved, so a full or read-only store
gives a message beside the file field and the rest of the form is kept, not a 500.

The check runs while the form is validated: a small probe file is written and
removed (read-only, missing or unwritable folder), and on the local file
system the free space must hold the upload. A store that fails between the
check and the save is left to the 503 page (core.outage).
"""

import shutil
import uuid
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import UploadedFile

STORAGE_UNAVAILABLE = (
    "We cannot store files just now (the site's file store is full or read-only), so this file was not saved. "
    "Everything else you typed is kept below: remove the file to save the rest, or try again later."
)
PROBE_FOLDER = "upload-check"


def ensure_storage_accepts(content, storage=None):
    """Raise ValidationError (fit to show beside the field) when the file store cannot take `content`."""
    storage = storage or default_storage
    size = getattr(content, "size", 0) or 0
    try:
        if isinstance(storage, FileSystemStorage):
            folder = Path(storage.location)
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent  # the store's folder is made on the first save
            if shutil.disk_usage(folder).free < size * 2 + 1_048_576:
                raise OSError("not enough free space")
        name = storage.save(f"{PROBE_FOLDER}/{uuid.uuid4().hex}", ContentFile(b"ok"))
        storage.delete(name)
    except OSError:
        raise ValidationError(STORAGE_UNAVAILABLE, code="storage_unavailable") from None


class StorableFileField(forms.FileField):
    """A FileField that refuses, with a message, a file the store cannot take just now."""

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            ensure_storage_accepts(value)
        return value
