"""Reading a member's CPD log: totals by appraisal year (April to March) and by type, offers, exports."""

import csv
import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from core.spreadsheets import csv_safe
from events.models import Event, Registration
from resources.models import CPDEntry, PlanItem, appraisal_year_bounds, appraisal_year_label, appraisal_year_start

OFFER_MONTHS = 24  # attended events offered for the log for two appraisal years or so
OFFER_LIMIT = 10


def year_totals(member):
    """[{start, label, total, by_type: [(label, hours)]}], newest year first; one query over three columns."""
    years = defaultdict(lambda: defaultdict(Decimal))
    for day, kind, hours in CPDEntry.objects.filter(member=member).values_list("date", "type", "hours"):
        years[appraisal_year_start(day)][kind] += hours
    labels = dict(CPDEntry.Type.choices)
    result = []
    for start in sorted(years, reverse=True):
        by_type = years[start]
        result.append(
            {
                "start": start,
                "label": appraisal_year_label(start),
                "total": sum(by_type.values(), Decimal(0)),
                "by_type": [(labels[k], by_type[k]) for k, _ in CPDEntry.Type.choices if by_type.get(k)],
            }
        )
    return result


def period_totals(entries):
    by_type, by_year = defaultdict(Decimal), defaultdict(Decimal)
    for entry in entries:
        by_type[entry.type] += entry.hours
        by_year[entry.appraisal_year] += entry.hours
    labels = dict(CPDEntry.Type.choices)
    return {
        "total": sum(by_type.values(), Decimal(0)),
        "by_type": [(labels[k], by_type[k]) for k, _ in CPDEntry.Type.choices if by_type.get(k)],
        "by_year": [(appraisal_year_label(y), by_year[y]) for y in sorted(by_year)],
    }


def current_year():
    return appraisal_year_start(timezone.localdate())


def entries_between(member, start, end):
    return list(
        CPDEntry.objects.filter(member=member)
        .between(start, end)
        .select_related("resource", "event")
        .only(
            "id",
            "date",
            "title",
            "type",
            "hours",
            "learned_html",
            "impact_html",
            "learned",
            "impact",
            "evidence",
            "evidence_name",
            "resource__title",
            "resource__slug",
            "event__title",
            "event__slug",
        )
        .order_by("date", "pk")
    )


def entries_in_year(member, start_year):
    return entries_between(member, *appraisal_year_bounds(start_year))


def offers(member):
    """What the member finished or attended that is not yet in their log: offered, never added by itself."""
    since = timezone.now() - dt.timedelta(days=OFFER_MONTHS * 31)
    logged_events = CPDEntry.objects.filter(member=member, event__isnull=False).values("event_id")
    events = list(
        Registration.objects.attended()
        .filter(member=member, event__ends_at__gte=since, event__status=Event.Status.PUBLISHED)
        .exclude(event_id__in=logged_events)
        .select_related("event")
        .only("id", "event__title", "event__slug", "event__starts_at", "event__cpd_hours")
        .order_by("-event__starts_at")[:OFFER_LIMIT]
    )
    logged_resources = CPDEntry.objects.filter(member=member, resource__isnull=False).values("resource_id")
    finished = list(
        PlanItem.objects.filter(member=member, status=PlanItem.Status.DONE)
        .exclude(resource_id__in=logged_resources)
        .select_related("resource")
        .only("id", "done_at", "resource__title", "resource__slug", "resource__cpd_hours")
        .order_by("-done_at", "-pk")[:OFFER_LIMIT]
    )
    return {"events": [r.event for r in events], "plan_items": finished}


CSV_HEADER = [
    "Date",
    "Appraisal year",
    "Title",
    "Type",
    "Hours",
    "What I learned",
    "How it changed my practice",
    "Resource",
    "Event",
    "Evidence file",
]


def as_csv(entries):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for e in entries:
        writer.writerow(
            [
                e.date.isoformat(),
                e.appraisal_year_label,
                csv_safe(e.title),
                e.get_type_display(),
                str(e.hours),
                csv_safe(e.learned),
                csv_safe(e.impact),
                csv_safe(e.resource.title if e.resource else ""),
                csv_safe(e.event.title if e.event else ""),
                csv_safe(e.evidence_name),
            ]
        )
    return buffer.getvalue()
