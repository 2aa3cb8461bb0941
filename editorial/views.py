"""The editor area: one set of views for every editorial model in the registry."""

import difflib
import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from core.permissions import editor_required
from editorial import registry, services
from editorial.forms import CompareForm, ScheduleForm
from editorial.models import Status

DASHBOARD_LIMIT = 25


def _get_item(label, pk):
    """The one getter for an item in the editor area (callers are already editors)."""
    entry = registry.get(label)
    queryset = entry.model.objects.select_related("created_by", "submitted_by", "approved_by")
    return entry, get_object_or_404(queryset, pk=pk)


@editor_required
def dashboard(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    sections = []
    for entry in registry.entries():
        items = entry.model.objects.select_related("submitted_by", "approved_by").order_by("-updated_at")
        if status:
            items = items.filter(status=status)
        counts = dict(entry.model.objects.values_list("status").annotate(n=Count("pk")).order_by())
        sections.append(
            {
                "entry": entry,
                "items": items[:DASHBOARD_LIMIT],
                "counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
            }
        )
    return render(
        request, "editorial/dashboard.html", {"sections": sections, "status": status, "statuses": Status.choices}
    )


@editor_required
def item_view(request, label, pk):
    entry, item = _get_item(label, pk)
    return _item_page(request, entry, item)


def _item_page(request, entry, item, *, schedule_form=None, status=200):
    """The item's editor page; a refused schedule comes back here with its error summary."""
    return render(
        request,
        "editorial/item.html",
        {
            "entry": entry,
            "item": item,
            "edit_url": entry.edit_url(item),
            "schedule_form": schedule_form or ScheduleForm(initial={"publish_at": item.publish_at}),
            "may_approve": services.may_approve(item, request.user),
            "revisions": item.history.select_related("history_user")[:5],
        },
        status=status,
    )


@editor_required
def withdraw_confirm(request, label, pk):
    """Ask before taking an item off the site or out of review: the button alone never does it."""
    entry, item = _get_item(label, pk)
    if item.status not in (Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED):
        messages.info(request, "Only an item in review, scheduled or published can be withdrawn.")
        return redirect(item.get_editor_url())
    return render(request, "editorial/withdraw_confirm.html", {"entry": entry, "item": item})


@editor_required
@require_POST
def transition(request, label, pk, action):
    entry, item = _get_item(label, pk)
    if action == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            return _item_page(request, entry, item, schedule_form=form, status=400)
        kwargs = {"publish_at": form.cleaned_data["publish_at"]}
        function = services.schedule
    elif action in services.TRANSITIONS:
        kwargs = {}
        function = services.TRANSITIONS[action]
    else:
        raise Http404("No such action.")
    try:
        item = function(item=item, by=request.user, **kwargs)
    except services.WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{item}” is now {item.workflow_label.lower()}.")
    return redirect(item.get_editor_url())


@editor_required
def preview(request, label, pk):
    """The item exactly as readers will see it, at a URL only editors can open."""
    entry, item = _get_item(label, pk)
    response = import_string(entry.model.preview_renderer)(request, item, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@editor_required
def history(request, label, pk):
    entry, item = _get_item(label, pk)
    revisions = item.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(revisions, 30).get_page(request.GET.get("page"))
    records = list(page.object_list)
    if records:
        # Each revision is compared with the one before it; the page's oldest needs one more row.
        last = records[-1]
        before = revisions.filter(history_date__lte=last.history_date, history_id__lt=last.history_id).first()
        excluded = _not_compared(type(item))
        for record, previous in zip(records, [*records[1:], before], strict=True):
            if previous is None:
                record.changed = []
                continue
            names = set(record.diff_against(previous, excluded_fields=excluded).changed_fields)
            record.changed = [f.verbose_name for f in type(item)._meta.concrete_fields if f.name in names]
    return render(
        request, "editorial/history.html", {"entry": entry, "item": item, "page_obj": page, "records": records}
    )


def _not_compared(model):
    """Stored HTML follows its source field, and the modified time changes on every save."""
    return [f.name for f in model._meta.concrete_fields if f.name.endswith("_html") or f.name == "updated_at"]


def _text(value):
    if isinstance(value, dict | list):
        return json.dumps(value, indent=2, ensure_ascii=False)
    return "" if value is None else str(value)


@editor_required
def compare(request, label, pk):
    entry, item = _get_item(label, pk)
    form = CompareForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choose two revisions to compare.")
        return redirect(item.get_history_url())
    records = {r.history_id: r for r in item.history.filter(history_id__in=form.cleaned_data.values())}
    old, new = records.get(form.cleaned_data["old"]), records.get(form.cleaned_data["new"])
    if old is None or new is None:
        raise Http404("No such revision.")
    if old.history_date > new.history_date:
        old, new = new, old
    delta = new.diff_against(old, excluded_fields=_not_compared(type(item)))
    changes = []
    for change in delta.changes:
        field = type(item)._meta.get_field(change.field)
        if change.field == "children_state" and hasattr(type(item), "children_text"):
            # People in a snapshot are kept by id and named as they are now.
            before, after = type(item).children_text([change.old, change.new])
        else:
            before, after = _text(change.old), _text(change.new)
        lines = list(
            difflib.unified_diff(before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=2)
        )[2:]
        changes.append({"label": field.verbose_name, "old": before, "new": after, "diff": lines})
    return render(
        request,
        "editorial/compare.html",
        {"entry": entry, "item": item, "old": old, "new": new, "changes": changes},
    )


@editor_required
@require_POST
def restore(request, label, pk, history_id):
    entry, item = _get_item(label, pk)
    try:
        item = services.restore(item=item, history_id=history_id, by=request.user)
    except services.WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The revision was restored as a new revision.")
    return redirect(item.get_history_url())
