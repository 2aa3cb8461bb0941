"""The member's CPD log (/account/cpd/): private to them, exported for their appraisal."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.files import attachment_response
from core.pdf import render_pdf
from core.permissions import member_required
from events import rules as event_rules
from resources import access, cpd, services
from resources.forms import CPDEntryForm, PeriodForm
from resources.models import CPDEntry, appraisal_year_bounds, appraisal_year_label


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _chosen_year(request, years):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is None or not 1990 <= year <= 2200:
        year = cpd.current_year()
    return year


@member_required
def log(request):
    years = cpd.year_totals(request.user)
    year = _chosen_year(request, years)
    entries = cpd.entries_in_year(request.user, year)
    start, end = appraisal_year_bounds(year)
    year_choices = sorted({y["start"] for y in years} | {cpd.current_year(), year}, reverse=True)
    context = {
        "years": years,
        "year": year,
        "year_label": appraisal_year_label(year),
        "year_start": start,
        "year_end": end,
        "year_choices": [(y, appraisal_year_label(y)) for y in year_choices],
        "entries": list(reversed(entries)),
        "totals": cpd.period_totals(entries),
        "offers": cpd.offers(request.user),
        "export_form": PeriodForm(initial={"start": start, "end": end, "format": "pdf"}),
    }
    return _private(render(request, "resources/cpd_log.html", context))


def _prefill(request):
    """What an offered entry starts with, and what it links to: from a finished plan item, a resource or an event."""
    params = request.GET
    if params.get("plan_item", "").isdigit():
        item = access.get_plan_item(request.user, int(params["plan_item"]))
        return services.prefill_from_resource(item.resource), {"resource": item.resource}
    if params.get("resource"):
        resource = access.get_live_resource(params["resource"][:200])
        return services.prefill_from_resource(resource), {"resource": resource}
    if params.get("event"):
        registration = event_rules.get_attended_registration(request.user, params["event"][:220])
        return services.prefill_from_event(registration.event), {"event": registration.event}
    return {"date": timezone.localdate()}, {}


@member_required
def entry_new(request):
    initial, links = _prefill(request)
    entry = CPDEntry(member=request.user, **links)
    form = CPDEntryForm(request.POST or None, request.FILES or None, instance=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        entry, created = services.cpd_save(entry=form.save(commit=False), evidence=form.new_evidence)
        if created:
            messages.success(request, f"“{entry.title}” is in your CPD log.")
        else:
            messages.info(request, f"“{entry.title}” was already in your CPD log; nothing was added.")
        return redirect(f"{reverse('resources:cpd')}?year={entry.appraisal_year}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entry": None, "links": links, "action": request.get_full_path()}
    return _private(render(request, "resources/cpd_form.html", context, status=status))


@member_required
def entry_edit(request, pk):
    entry = access.get_cpd_entry(request.user, pk)
    form = CPDEntryForm(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry, _created = services.cpd_save(
            entry=form.save(commit=False), evidence=form.new_evidence, remove_evidence=form.remove_evidence
        )
        messages.success(request, f"“{entry.title}” is saved.")
        return redirect(f"{reverse('resources:cpd')}?year={entry.appraisal_year}")
    status = 400 if request.method == "POST" else 200
    links = {"resource": entry.resource, "event": entry.event}
    context = {"form": form, "entry": entry, "links": links, "action": request.get_full_path()}
    return _private(render(request, "resources/cpd_form.html", context, status=status))


@member_required
def entry_delete(request, pk):
    entry = access.get_cpd_entry(request.user, pk)
    if request.method == "POST":
        services.cpd_delete(entry=entry)
        messages.success(request, f"“{entry.title}” is deleted from your CPD log.")
        return redirect(f"{reverse('resources:cpd')}?year={entry.appraisal_year}")
    return _private(render(request, "resources/cpd_delete.html", {"entry": entry}))


@member_required
def evidence(request, pk):
    entry = access.get_cpd_entry(request.user, pk)
    if not entry.evidence:
        raise Http404("No evidence file.")
    return attachment_response(entry.evidence, download_name=f"cpd-evidence-{entry.date:%Y-%m-%d}")


@member_required
def export(request):
    form = PeriodForm(request.GET or None, initial=PeriodForm.default_initial())
    if not form.is_valid():
        status = 400 if request.GET else 200
        return _private(render(request, "resources/cpd_export.html", {"form": form}, status=status))
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    entries = cpd.entries_between(request.user, start, end)
    filename = f"cpd-log-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(cpd.as_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        context = {
            "member_name": request.user.public_name,
            "start": start,
            "end": end,
            "entries": entries,
            "totals": cpd.period_totals(entries),
            "generated": timezone.localtime(),
        }
        response = HttpResponse(render_pdf("resources/cpd_pdf.html", context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
