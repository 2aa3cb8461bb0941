"""Signals the resources app answers: event materials into the library, export and erasure."""

from django.urls import reverse

from accounts.services import export_iso
from resources import services
from resources.models import CPDEntry, PlanItem, UsefulMark


def material_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    services.sync_material(material=instance)


def event_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    services.sync_event(event=instance)


def erase_member_data(sender, user, **kwargs):
    services.member_erase(member=user)


def _decimal(value):
    return None if value is None else str(value)


def export_member_data(sender, user, **kwargs):
    """The member's learning plan, CPD log and useful marks: one query each."""
    plan = [
        {
            "resource": p["resource__title"],
            "url": reverse("resources:detail", args=[p["resource__slug"]]),
            "status": p["status"],
            "target_date": export_iso(p["target_date"]),
            "note": p["note"],
            "done_at": export_iso(p["done_at"]),
            "added_at": export_iso(p["created_at"]),
        }
        for p in PlanItem.objects.filter(member=user)
        .order_by("created_at", "pk")
        .values("resource__title", "resource__slug", "status", "target_date", "note", "done_at", "created_at")
    ]
    log = [
        {
            "date": export_iso(e["date"]),
            "title": e["title"],
            "type": e["type"],
            "hours": _decimal(e["hours"]),
            "what_i_learned": e["learned"],
            "how_it_changed_my_practice": e["impact"],
            "evidence_file": e["evidence_name"] or None,
            "resource": e["resource__title"],
            "event": e["event__title"],
            "created_at": export_iso(e["created_at"]),
        }
        for e in CPDEntry.objects.filter(member=user)
        .order_by("date", "pk")
        .values(
            "date",
            "title",
            "type",
            "hours",
            "learned",
            "impact",
            "evidence_name",
            "resource__title",
            "event__title",
            "created_at",
        )
    ]
    useful = [
        {"resource": m["resource__title"], "marked_at": export_iso(m["created_at"])}
        for m in UsefulMark.objects.filter(member=user).order_by("created_at").values("resource__title", "created_at")
    ]
    return "resources", {"learning_plan": plan, "cpd_log": log, "found_useful": useful}
