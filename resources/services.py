"""Every write about resources, learning plans and CPD logs.

Keyword-only and atomic. Uniqueness (one useful mark, one plan item per
resource, one CPD entry per resource or event) is a database constraint; a
double submit finds the existing row instead of failing. Counters move with F().
"""

import contextlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from editorial.models import Status
from resources.models import RESERVED_SLUGS, Access, CPDEntry, Format, Kind, PlanItem, Resource, UsefulMark

RECORDING_EXTENSIONS = (".mp4", ".mp3", ".m4a", ".webm", ".mov")
SLIDE_EXTENSIONS = (".pdf", ".pptx", ".ppt", ".odp", ".key")


def unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:180] or "resource"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Resource.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


# --- Useful marks ---------------------------------------------------------


@transaction.atomic
def mark_useful(*, resource, member):
    """Mark once; marking again changes nothing. Returns True when a mark was added."""
    try:
        with transaction.atomic():
            UsefulMark.objects.create(resource=resource, member=member)
    except IntegrityError:
        return False
    Resource.objects.filter(pk=resource.pk).update(useful_count=F("useful_count") + 1)
    return True


@transaction.atomic
def unmark_useful(*, resource, member):
    deleted, _ = UsefulMark.objects.filter(resource=resource, member=member).delete()
    if deleted:
        Resource.objects.filter(pk=resource.pk, useful_count__gt=0).update(useful_count=F("useful_count") - 1)
    return bool(deleted)


# --- The learning plan ----------------------------------------------------


def plan_add(*, member, resource):
    """Add a resource to the member's plan; returns (item, created). Adding twice gives the same item."""
    try:
        with transaction.atomic():
            return PlanItem.objects.create(member=member, resource=resource), True
    except IntegrityError:
        return PlanItem.objects.get(member=member, resource=resource), False


@transaction.atomic
def plan_update(*, item, status, target_date=None, note=None):
    """Change an item; returns (item, just_finished): finishing offers a CPD entry, it never adds one."""
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    just_finished = status == PlanItem.Status.DONE and item.status != PlanItem.Status.DONE
    item.status = status
    if target_date is not None or note is not None:
        item.target_date = target_date
        item.note = note or ""
    if just_finished:
        item.done_at = timezone.now()
    elif status != PlanItem.Status.DONE:
        item.done_at = None
    item.save()
    return item, just_finished


def plan_remove(*, item):
    item.delete()


# --- The CPD log ----------------------------------------------------------


def _store_evidence(entry, document):
    if entry.evidence:
        entry.evidence.delete(save=False)
    entry.evidence = document.file
    entry.evidence_name = document.original_name


def cpd_save(*, entry, evidence=None, remove_evidence=False):
    """Create or update an entry; returns (entry, created).

    A second confirmation of the same offered entry (a resource or an event
    already in the log) returns the entry already there, unchanged.
    """
    created = entry.pk is None
    if remove_evidence and entry.evidence:
        entry.evidence.delete(save=False)
        entry.evidence_name = ""
    if evidence is not None:
        _store_evidence(entry, evidence)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if entry.evidence and created:
            entry.evidence.delete(save=False)
        existing = CPDEntry.objects.filter(member=entry.member)
        if entry.resource_id:
            existing = existing.filter(resource_id=entry.resource_id)
        else:
            existing = existing.filter(event_id=entry.event_id)
        return existing.get(), False
    return entry, created


def cpd_delete(*, entry):
    with transaction.atomic():
        entry.delete()
    if entry.evidence:
        with contextlib.suppress(OSError):
            entry.evidence.delete(save=False)


def prefill_from_resource(resource):
    kind_to_type = {
        Kind.COURSE: CPDEntry.Type.COURSE,
        Kind.QUALIFICATION: CPDEntry.Type.COURSE,
        Kind.RECORDING: CPDEntry.Type.EVENT,
        Kind.READING: CPDEntry.Type.READING,
        Kind.GUIDE: CPDEntry.Type.READING,
    }
    return {
        "title": resource.title,
        "type": kind_to_type.get(resource.kind, CPDEntry.Type.OTHER),
        "hours": resource.cpd_hours,
        "date": timezone.localdate(),
    }


def prefill_from_event(event):
    return {
        "title": event.title,
        "type": CPDEntry.Type.EVENT,
        "hours": event.cpd_hours,
        "date": timezone.localtime(event.starts_at).date(),
    }


# --- Event materials in the library ---------------------------------------


def _material_kind(material):
    """Slides for slide decks and documents (by file name or link, or "slides" in the title), else a recording."""
    name = (material.file.name if material.file else material.url.split("?")[0]).lower()
    if name.endswith(SLIDE_EXTENSIONS) or "slide" in material.title.lower():
        return Kind.SLIDES
    if material.file and not name.endswith(RECORDING_EXTENSIONS):
        return Kind.SLIDES
    return Kind.RECORDING


def _material_summary(material, event, kind):
    day = timezone.localtime(event.starts_at)
    noun = "Slides" if kind == Kind.SLIDES else "Recording"
    return f"{noun} from {event.title}, {day:%-d %B %Y}."[:300]


@transaction.atomic
def sync_material(*, material):
    """Keep the library card of an event material in step with it (and its event). Saves only on change.

    The card goes live when the event ends (publish_at = the event's end), by
    the clock, through the same published() rule as every editorial item. It
    stays a draft while the event is not published; an editor who withdrew it
    keeps it withdrawn.
    """
    event = material.event
    resource = Resource.objects.filter(event_material=material).first()
    creating = resource is None
    if creating:
        resource = Resource(
            event_material=material,
            event=event,
            slug=unique_slug(f"{event.slug} {material.title}"),
            access=Access.PUBLIC,
            format=Format.SELF_PACED,
        )
    kind = _material_kind(material)
    if event.status == event.Status.PUBLISHED:
        status = Status.WITHDRAWN if resource.status == Status.WITHDRAWN and not creating else Status.PUBLISHED
    else:
        status = Status.WITHDRAWN if resource.status in (Status.PUBLISHED, Status.WITHDRAWN) else Status.DRAFT
    wanted = {
        "title": f"{event.title}: {material.title}"[:200],
        "summary": _material_summary(material, event, kind),
        "kind": kind,
        "url": material.url,
        "cpd_hours": event.cpd_hours,
        "provider": settings.SITE_NAME,
        "status": status,
        "publish_at": event.ends_at,
        "event_id": event.pk,
    }
    if not creating and all(getattr(resource, name) == value for name, value in wanted.items()):
        return resource
    for name, value in wanted.items():
        setattr(resource, name, value)
    resource._change_reason = "Created from the event's materials" if creating else "Kept in step with the event"
    resource.save()
    return resource


def sync_event(*, event):
    for material in event.materials.all():
        sync_material(material=material)


# --- Erasure --------------------------------------------------------------


@transaction.atomic
def member_erase(*, member):
    """An account is being erased: its plan, log, evidence files and useful marks go."""
    marked = list(UsefulMark.objects.filter(member=member).values_list("resource_id", flat=True))
    UsefulMark.objects.filter(member=member).delete()
    if marked:
        Resource.objects.filter(pk__in=marked, useful_count__gt=0).update(useful_count=F("useful_count") - 1)
    PlanItem.objects.filter(member=member).delete()
    files = [e.evidence for e in CPDEntry.objects.filter(member=member).exclude(evidence="").only("evidence")]
    CPDEntry.objects.filter(member=member).delete()

    def remove_files():
        for fieldfile in files:
            with contextlib.suppress(OSError):
                fieldfile.storage.delete(fieldfile.name)

    transaction.on_commit(remove_files)
