"""The member's learning plan (/account/learning/): private to them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.permissions import member_required
from resources import access, services
from resources.forms import PlanItemForm, StatusForm
from resources.models import CPDEntry, PlanItem

GROUPS = [
    (PlanItem.Status.IN_PROGRESS, "In progress"),
    (PlanItem.Status.PLANNED, "Planned"),
    (PlanItem.Status.DONE, "Done"),
]


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@member_required
def plan(request):
    items = list(
        PlanItem.objects.filter(member=request.user)
        .select_related("resource")
        .defer("resource__body", "resource__body_html", "resource__children_state", "resource__search_vector")
        .order_by("target_date", "created_at", "pk")
    )
    logged = set(
        CPDEntry.objects.filter(member=request.user, resource__isnull=False).values_list("resource_id", flat=True)
    )
    for item in items:
        item.in_log = item.resource_id in logged
    groups = [(status, label, [i for i in items if i.status == status]) for status, label in GROUPS]
    context = {"groups": groups, "count": len(items), "statuses": PlanItem.Status.choices}
    return _private(render(request, "resources/plan.html", context))


def _finished(request, item):
    messages.success(
        request,
        f"Well done on finishing “{item.resource.title}”. Add it to your CPD log below: "
        "check the details and save. Nothing is added until you do.",
    )
    return redirect(f"{reverse('resources:cpd_new')}?plan_item={item.pk}")


@member_required
def plan_item(request, pk):
    item = access.get_plan_item(request.user, pk)
    form = PlanItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item, just_finished = services.plan_update(
            item=item,
            status=form.cleaned_data["status"],
            target_date=form.cleaned_data["target_date"],
            note=form.cleaned_data["note"],
        )
        if just_finished:
            return _finished(request, item)
        messages.success(request, f"“{item.resource.title}” is updated on your plan.")
        return redirect("resources:plan")
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "resources/plan_item.html", {"form": form, "item": item}, status=status))


@require_POST
@member_required
def plan_status(request, pk):
    item = access.get_plan_item(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose planned, in progress or done.")
        return redirect("resources:plan")
    item, just_finished = services.plan_update(item=item, status=form.cleaned_data["status"])
    if just_finished:
        return _finished(request, item)
    messages.success(request, f"“{item.resource.title}” is now {item.get_status_display().lower()}.")
    return redirect(f"{reverse('resources:plan')}#item-{item.pk}")


@require_POST
@member_required
def plan_remove(request, pk):
    item = access.get_plan_item(request.user, pk)
    services.plan_remove(item=item)
    messages.success(request, f"“{item.resource.title}” is off your plan.")
    return redirect("resources:plan")
