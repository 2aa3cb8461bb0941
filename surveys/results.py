"""A survey's results, counted in the database: the same few queries for 10 responses or 5,000.

Each count is one GROUP BY over the survey's submitted answers (choices by
option, scales and numbers by value, respondents by question); medians and
histograms are worked out from those grouped counts, never from the rows.
Breakdowns group the same counts by a directory attribute copied onto each
response when it was submitted; in an anonymous survey any group smaller
than ANONYMOUS_GROUP_MINIMUM is left out.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q

from profiles.models import OrganisationType, Profession, Region
from surveys.charts import bar_chart, histogram_bins
from surveys.models import (
    ANONYMOUS_GROUP_MINIMUM,
    CHOICE_KINDS,
    TEXT_KINDS,
    Answer,
    Kind,
    Response,
    ResponseStatus,
)

BREAKDOWNS = {
    "region": ("Region", dict(Region.choices)),
    "organisation_type": ("Organisation type", dict(OrganisationType.choices)),
    "profession": ("Profession", dict(Profession.choices)),
}
TEXT_ANSWERS_SHOWN = 500
NOT_STATED = "Not stated"


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def median(value_counts):
    """The median of values given as {value: count} (exact: the middle value, or the mean of the two middle ones)."""
    total = sum(value_counts.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(value_counts):
        count = value_counts[value]
        for index in middle:
            if seen <= index < seen + count:
                found.append(value)
        seen += count
    return (found[0] + found[1]) / 2


def format_number(value):
    if value is None:
        return "–"
    value = Decimal(value).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def _value_label(question, value):
    if question.kind == Kind.SCALE:
        number = int(value)
        if number == int(question.min_value) and question.min_label:
            return f"{number} ({question.min_label})"
        if number == int(question.max_value) and question.max_label:
            return f"{number} ({question.max_label})"
        return str(number)
    return format_number(value)


def submitted_answers(survey):
    return Answer.objects.filter(response__survey=survey, response__status=ResponseStatus.SUBMITTED)


def survey_results(survey, *, show_all_text, breakdown=None):
    """Everything the results page shows, in a fixed number of queries."""
    questions = list(survey.questions.prefetch_related("options"))
    submitted = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    total = submitted.count()
    answers = submitted_answers(survey).order_by()

    # One GROUP BY for every count: choices by option, scales and numbers by value, text answers as one group.
    option_counts = defaultdict(dict)
    other_counts = defaultdict(int)
    value_counts = defaultdict(dict)
    rows_per_question = defaultdict(int)
    kinds = {question.pk: question.kind for question in questions}
    for row in answers.values("question_id", "option_id", "number").annotate(n=Count("*")):
        question_id, kind = row["question_id"], kinds.get(row["question_id"])
        rows_per_question[question_id] += row["n"]
        if kind in CHOICE_KINDS:
            if row["option_id"] is None:
                other_counts[question_id] += row["n"]
            else:
                option_counts[question_id][row["option_id"]] = row["n"]
        elif kind in (Kind.SCALE, Kind.NUMBER):
            value_counts[question_id][row["number"]] = row["n"]
    # Every question has one answer row per respondent, except multiple choice: count those respondents.
    respondents = dict(rows_per_question)
    multiple = [pk for pk, kind in kinds.items() if kind == Kind.MULTIPLE]
    if multiple:
        respondents.update(
            answers.filter(question_id__in=multiple)
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
        )

    text_filter = Q(question__kind__in=TEXT_KINDS) | Q(question__kind__in=CHOICE_KINDS, option__isnull=True)
    texts = answers.filter(text_filter).exclude(text="")
    if not show_all_text:
        texts = texts.filter(published=True)
    text_answers = defaultdict(list)
    for answer in texts.order_by("question_id", "pk").only("id", "question_id", "text", "published")[
        :TEXT_ANSWERS_SHOWN
    ]:
        text_answers[answer.question_id].append(answer)

    groups = _breakdown(survey, submitted, answers, breakdown) if breakdown in BREAKDOWNS else None

    items = []
    for question in questions:
        answered = respondents.get(question.pk, 0)
        item = {"question": question, "answered": answered, "texts": text_answers.get(question.pk, [])}
        if question.is_choice:
            counts = option_counts.get(question.pk, {})
            rows = [(o.label, counts.get(o.pk, 0)) for o in question.options.all()]
            if question.allow_other:
                rows.append(("Other", other_counts.get(question.pk, 0)))
            item["rows"] = [{"label": label, "count": n, "percent": percent(n, answered)} for label, n in rows]
            item["chart"] = bar_chart(question.text, item["rows"], answered)
        elif question.kind in (Kind.SCALE, Kind.NUMBER):
            counts = value_counts.get(question.pk, {})
            item["median"] = format_number(median(counts))
            if question.kind == Kind.SCALE:
                values = range(int(question.min_value), int(question.max_value) + 1)
                rows = [(_value_label(question, v), counts.get(Decimal(v), 0)) for v in values]
            else:
                rows = histogram_bins(counts, question.min_value, question.max_value, unit=question.unit)
            item["rows"] = [{"label": label, "count": n, "percent": percent(n, answered)} for label, n in rows]
            item["chart"] = bar_chart(question.text, item["rows"], answered, median=item["median"], unit=question.unit)
        if groups is not None and not question.is_text:
            item["breakdown"] = _question_breakdown(question, groups)
        items.append(item)
    return {
        "total": total,
        "items": items,
        "sections": _sections(items),
        "breakdown": groups,
    }


def _sections(items):
    sections = []
    for item in items:
        heading = item["question"].section
        if not sections or sections[-1]["heading"] != heading:
            sections.append({"heading": heading, "items": []})
        sections[-1]["items"].append(item)
    return sections


def _breakdown(survey, submitted, answers, attribute):
    """Group sizes and per-group counts for one attribute (2 queries); small groups suppressed when anonymous."""
    title, labels = BREAKDOWNS[attribute]
    sizes = dict(submitted.order_by().values_list(attribute).annotate(n=Count("pk")))
    suppressed = 0
    shown = []
    for value, size in sorted(sizes.items(), key=lambda pair: labels.get(pair[0], NOT_STATED)):
        if survey.anonymous and size < ANONYMOUS_GROUP_MINIMUM:
            suppressed += 1
            continue
        shown.append({"value": value, "label": labels.get(value, NOT_STATED), "size": size})
    counts = defaultdict(lambda: defaultdict(dict))
    allowed = {g["value"] for g in shown}
    if allowed:
        for row in (
            answers.exclude(question__kind__in=TEXT_KINDS)
            .filter(**{f"response__{attribute}__in": allowed})
            .values("question_id", "option_id", "number", f"response__{attribute}")
            .annotate(n=Count("pk"))
        ):
            key = row["option_id"] if row["option_id"] is not None else row["number"]
            counts[row["question_id"]][row[f"response__{attribute}"]][key] = row["n"]
    return {
        "attribute": attribute,
        "title": title,
        "groups": shown,
        "suppressed": suppressed,
        "counts": counts,
        "minimum": ANONYMOUS_GROUP_MINIMUM if survey.anonymous else None,
    }


def _question_breakdown(question, groups):
    counts = groups["counts"].get(question.pk, {})
    columns = groups["groups"]
    if question.kind == Kind.NUMBER:
        medians = []
        for group in columns:
            values = {k: n for k, n in counts.get(group["value"], {}).items() if k is not None}
            medians.append(format_number(median(values)))
        return {"kind": "median", "columns": columns, "rows": [{"label": "Median", "cells": medians}]}
    if question.is_choice:
        keys = [(o.pk, o.label) for o in question.options.all()]
        if question.allow_other:
            keys.append((None, "Other"))
    else:
        keys = [
            (Decimal(v), _value_label(question, v))
            for v in range(int(question.min_value), int(question.max_value) + 1)
        ]
    rows = []
    for key, label in keys:
        cells = []
        for group in columns:
            n = counts.get(group["value"], {}).get(key, 0)
            cells.append(f"{n} ({percent(n, group['size'])}%)")
        rows.append({"label": label, "cells": cells})
    return {"kind": "counts", "columns": columns, "rows": rows}
