"""Writes to the member directory that must hold under double submits and concurrent edits."""

from django.db import transaction

from core.locks import lock_person
from profiles.models import DirectoryEntry


@transaction.atomic
def entry_save(*, member, form):
    """Save the member's own directory entry from their valid DirectoryEntryForm; returns the entry.

    One row per member whatever happens: the first save sent twice (a double
    click) creates it once, the second updating it (both run under the
    member's row lock). Only the form's fields are written, so what editors
    set meanwhile (the advisory-panel mark) stays. A replaced photo's old
    file is deleted once the change is committed.
    """
    lock_person(member)
    current = DirectoryEntry.objects.select_for_update().filter(user=member).first()
    entry = form.save(commit=False)
    entry.user = member
    if current is None:
        entry.save()
        form.save_m2m()
        return entry
    old_photo = current.photo.name
    entry.pk = current.pk
    entry._state.adding = False
    owned = [name for name in form.fields if name in {f.name for f in DirectoryEntry._meta.concrete_fields}]
    entry.save(update_fields=[*owned, "bio_html", "updated_at"])
    if old_photo and old_photo != entry.photo.name:
        storage = entry.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return entry
