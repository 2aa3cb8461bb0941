"""Writes to the member directory that must hold under double submits and concurrent edits.

Also how a member shares their own entry, kept with them for the directory page.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from core.locks import lock_person
from core.person_cache import KEPT_SECONDS, person_changed, signed_in_version
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


def own_visibility(user):
    """Who may see this signed-in person's own entry (a Visibility value), or "" when they have none.

    Asked on every directory page they open, so it is kept under their person
    version (core.person_cache), which the user arrives with: one cache read,
    no query. Saving or deleting an entry moves its owner's version on
    (profiles.receivers.entry_changed).
    """
    if not settings.CONTENT_CACHE or getattr(user, "kept_version", None) is None:
        return _visibility_now(user)
    key = f"directory-own-visibility:{user.pk}:{signed_in_version(user)}"
    visibility = cache.get(key)
    if visibility is None:
        visibility = _visibility_now(user)
        cache.set(key, visibility, KEPT_SECONDS)
    return visibility


def _visibility_now(user):
    return DirectoryEntry.objects.filter(user_id=user.pk).values_list("visibility", flat=True).first() or ""


def entry_changed(user_id):
    """A member's entry was saved or deleted: what is kept about how they share it is out of date."""
    person_changed([user_id])
