"""Workflow transitions for every editorial item, used by site views and the admin.

Each function is keyword-only and atomic: it locks the item's row, checks the
transition is allowed, changes the workflow fields, and saves with a change
reason so the revision history says who did what. A refused transition raises
`WorkflowError` with a message fit to show the editor.
"""

import datetime as dt
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import FileField
from django.utils import timezone
from django.utils.text import capfirst

from accounts import roles
from core.locks import DOUBLE_SUBMIT_SECONDS, lock_person
from core.permissions import is_editor
from editorial.models import LIVE_STATUSES, WORKFLOW_FIELDS, Status
from notifications import notify
from notifications.services import notify_many


class WorkflowError(ValidationError):
    pass


DOUBLE_SUBMIT = dt.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
SLUG_ATTEMPTS = 10


def _require_editor(user):
    if not is_editor(user):
        raise WorkflowError("Only editors can do that.")


def _lock(item):
    return type(item).objects.select_for_update().get(pk=item.pk)


def _save(item, *, by, reason):
    item._history_user = by
    item._change_reason = reason
    item.save()
    item.remember_workflow()
    return item


# Set by the workflow itself on every save: never taken from an edit.
_ALWAYS_CURRENT = {"id", "created_at", "updated_at", "created_by"}


def _keep_workflow(item, current):
    """An edit writes its content over `current` (the row as it is now, locked) and leaves the workflow as it is.

    The item was read before the edit began; meanwhile another editor may have
    published, approved or withdrawn it. A workflow field keeps its current
    value unless the caller changed it (the admin's "publish at" on a draft)
    and nobody else did since it was read.
    """
    loaded = getattr(item, "_loaded_workflow", {})
    for field in type(item)._meta.concrete_fields:
        if field.name not in WORKFLOW_FIELDS:
            continue
        name = field.attname
        now_value = getattr(current, name)
        was = loaded.get(name, now_value)
        changed_by_caller = field.name not in _ALWAYS_CURRENT and getattr(item, name) != was
        if not changed_by_caller or now_value != was:
            setattr(item, name, now_value)


def _comparable_fields(model):
    """What a double-submitted create repeats: the typed content (not files, slugs or derived fields)."""
    return [
        field
        for field in content_fields(model)
        if field.editable and not isinstance(field, FileField) and field.name not in ("slug", "children_state")
    ]


def _just_created(item, by):
    """The same item created by the same editor moments ago (a double click), or None."""
    model = type(item)
    recent = model.objects.filter(created_by=by, created_at__gte=timezone.now() - DOUBLE_SUBMIT)
    fields = _comparable_fields(model)
    for candidate in recent.order_by("-pk")[:10]:
        if all(getattr(candidate, f.attname) == getattr(item, f.attname) for f in fields):
            return candidate
    return None


def _become(item, existing):
    """Make the caller's unsaved item the row the first click created, so the rest of their view carries on."""
    for field in type(item)._meta.concrete_fields:
        setattr(item, field.attname, getattr(existing, field.attname))
    item._state.adding = False
    item._state.db = existing._state.db
    item.remember_workflow()
    return item


def _next_free_slug(model, slug):
    max_length = model._meta.get_field("slug").max_length
    base, n = re.sub(r"-\d+$", "", slug), 2
    candidate = slug
    while model.objects.filter(slug=candidate).exists():
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
        n += 1
    return candidate


def _insert(item, *, by, reason):
    """Save a new item; when another took its slug at the same moment, take the next free one and try again."""
    model = type(item)
    has_slug = any(f.name == "slug" for f in model._meta.concrete_fields)
    for _ in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                return _save(item, by=by, reason=reason)
        except IntegrityError:
            if not has_slug or not model.objects.filter(slug=item.slug).exists():
                raise
            item.pk = None
            item.slug = _next_free_slug(model, item.slug)
    raise WorkflowError("Could not find a free address for this item; change its slug and save again.")


def _clear_approval(item):
    item.approved_by = None
    item.approved_at = None


def active_editors():
    """Everyone `is_editor` says yes to outside a request, in one query: active editors and superusers with TOTP."""
    return get_user_model().objects.with_role(roles.EDITORS)


def _tell_submitter(item, *, by, verb):
    """The editor who submitted the item hears what another editor did with it (while still an editor)."""
    if item.submitted_by_id is None or item.submitted_by_id == by.pk:
        return
    submitter = active_editors().filter(pk=item.submitted_by_id).first()
    notify(submitter, "editorial.decision", title=verb, url=item.get_editor_url(), actor=by)


def save_item(*, item, by, reason="Edited", check=None):
    """Save an editor's content changes (site form or admin), as one revision.

    Only the content is the editor's: the workflow fields (status, publish
    time, submitter, approval) are kept as they are in the database now, so
    an edit saved while another editor publishes or approves the item never
    undoes that. Changing an approved item that is still in review withdraws
    the approval: another editor must look at what was changed.

    A new item sent twice (a double click) is created once: the second call
    finds the first, made by the same editor moments ago with the same
    content, and `item` becomes that row. Both checks run under the editor's
    row lock and the item's, so they hold when the two arrive together; a
    slug taken at the same moment by another item is retried with the next
    free one. Every editorial type registered in editorial.registry gets this
    by calling save_item.

    `check(current)`, when given, runs with the row locked before the save: an
    edit form using core.edits.SeenVersionMixin passes its check_against, so
    content another editor changed meanwhile is kept too, or the clash is
    reported (EditConflict) with the editor's text still in the form.
    """
    _require_editor(by)
    with transaction.atomic():
        lock_person(by)
        if item.pk is None:
            existing = _just_created(item, by)
            if existing is not None:
                return _become(item, existing)
            item.created_by = by
            item.status = Status.DRAFT
            return _insert(item, by=by, reason="Created")
        current = _lock(item)
        _keep_workflow(item, current)
        if check is not None:
            check(current)
        if item.status == Status.IN_REVIEW and item.is_approved:
            _clear_approval(item)
            reason = f"{reason} (approval withdrawn: changed after approval)"
        return _save(item, by=by, reason=reason)


def save_children(*, item, by, reason="Related content changed"):
    """After an item's related rows (a profile's interview, an article's topics) were saved: record a revision.

    Items with child rows keep a snapshot of them in `children_state`, so that
    history can compare and restore them along with the rest. Nothing is saved
    when they did not change.
    """
    if not hasattr(item, "children_snapshot"):
        return item
    snapshot = item.children_snapshot()
    if snapshot == item.children_state or (not item.children_state and not any(snapshot.values())):
        return item
    item.children_state = snapshot
    return save_item(item=item, by=by, reason=reason)


@transaction.atomic
def submit(*, item, by):
    _require_editor(by)
    item = _lock(item)
    if item.status not in (Status.DRAFT, Status.WITHDRAWN):
        raise WorkflowError("Only a draft or a withdrawn item can be submitted for review.")
    item.status = Status.IN_REVIEW
    item.submitted_by = by
    item.submitted_at = timezone.now()
    _clear_approval(item)
    _save(item, by=by, reason="Submitted for review")
    notify_many(
        active_editors().exclude(pk=by.pk),
        "editorial.review",
        title=f"sent “{item}” for review",
        url=item.get_editor_url(),
        actor=by,
        body=f"{capfirst(item._meta.verbose_name)} waiting for another editor to approve it or send it back.",
    )
    return item


@transaction.atomic
def return_to_draft(*, item, by):
    """A reviewer sends an item in review back to its writer as a draft."""
    _require_editor(by)
    item = _lock(item)
    if item.status != Status.IN_REVIEW:
        raise WorkflowError("Only an item in review can be sent back to draft.")
    item.status = Status.DRAFT
    _clear_approval(item)
    _save(item, by=by, reason="Sent back to draft")
    _tell_submitter(item, by=by, verb=f"sent “{item}” back to draft")
    return item


def may_approve(item, user):
    """Whether this editor may approve: someone else submitted it, unless settings allow self-approval."""
    if not is_editor(user):
        return False
    if settings.EDITORIAL_ALLOW_SELF_APPROVAL:
        return True
    return item.submitted_by_id != user.pk


@transaction.atomic
def approve(*, item, by):
    _require_editor(by)
    item = _lock(item)
    if item.status != Status.IN_REVIEW:
        raise WorkflowError("Only an item in review can be approved.")
    if item.is_approved:
        raise WorkflowError("This item is already approved.")
    if not may_approve(item, by):
        raise WorkflowError("Another editor must approve this: you submitted it for review.")
    item.approved_by = by
    item.approved_at = timezone.now()
    _save(item, by=by, reason="Approved")
    _tell_submitter(item, by=by, verb=f"approved “{item}”")
    return item


def _require_approved(item):
    if item.status not in (Status.IN_REVIEW, Status.SCHEDULED):
        raise WorkflowError("Submit the item for review first.")
    if not item.is_approved:
        raise WorkflowError("An editor must approve the item before it can be published or scheduled.")


@transaction.atomic
def schedule(*, item, by, publish_at):
    _require_editor(by)
    item = _lock(item)
    _require_approved(item)
    if publish_at is None or publish_at <= timezone.now():
        raise WorkflowError("Choose a publication time in the future, or publish now.")
    item.status = Status.SCHEDULED
    item.publish_at = publish_at
    return _save(item, by=by, reason=f"Scheduled for {timezone.localtime(publish_at):%d/%m/%Y %H:%M}")


@transaction.atomic
def publish(*, item, by):
    _require_editor(by)
    item = _lock(item)
    _require_approved(item)
    now = timezone.now()
    if item.publish_at is None or item.publish_at > now or item.status != Status.SCHEDULED:
        item.publish_at = now
    item.status = Status.PUBLISHED
    return _save(item, by=by, reason="Published")


@transaction.atomic
def withdraw(*, item, by):
    _require_editor(by)
    item = _lock(item)
    if item.status not in (Status.IN_REVIEW, *LIVE_STATUSES):
        raise WorkflowError("Only an item in review, scheduled or published can be withdrawn.")
    item.status = Status.WITHDRAWN
    _clear_approval(item)
    return _save(item, by=by, reason="Withdrawn")


def content_fields(model):
    """The fields a revision restore copies back: everything but the workflow's own."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in WORKFLOW_FIELDS and not f.primary_key and not f.name.endswith("_html")
    ]


@transaction.atomic
def restore(*, item, history_id, by):
    """Copy a revision's content back onto the item, as a new revision.

    The workflow state (status, publish time, approval) stays as it is, so a
    restore cannot publish anything by the back door.
    """
    _require_editor(by)
    item = _lock(item)
    record = item.history.filter(history_id=history_id).first()
    if record is None:
        raise WorkflowError("That revision does not exist for this item.")
    for field in content_fields(type(item)):
        setattr(item, field.attname, getattr(record, field.attname))
    if hasattr(item, "restore_children"):
        item.restore_children()
    if item.status == Status.IN_REVIEW:
        _clear_approval(item)
    when = timezone.localtime(record.history_date)
    return _save(item, by=by, reason=f"Restored the revision of {when:%d/%m/%Y %H:%M}")


TRANSITIONS = {
    "submit": submit,
    "return": return_to_draft,
    "approve": approve,
    "publish": publish,
    "withdraw": withdraw,
}
