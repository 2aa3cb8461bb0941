"""The editors' CSV of a survey's responses, safe to open in a spreadsheet.

A named survey's rows say who answered and when. An anonymous survey's rows
carry no identity, no time and none of the directory attributes (a region
with one respondent would name them); they are in a random order (their
random keys), not the order people answered.
"""

import csv
import io
from collections import defaultdict

from core.spreadsheets import csv_safe
from surveys.models import Answer, Response, ResponseStatus
from surveys.results import format_number


def _value(answer, choice_ids):
    if answer["option__label"]:
        return answer["option__label"]
    if answer["number"] is not None:
        return format_number(answer["number"])
    if answer["question_id"] in choice_ids:
        return f"Other: {answer['text']}"
    return answer["text"]


def responses_csv(survey):
    questions = list(survey.questions.all())
    choice_ids = {q.pk for q in questions if q.is_choice}
    responses = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED).order_by("id")
    if survey.anonymous:
        rows = [{"id": r} for r in responses.values_list("id", flat=True)]
    else:
        rows = list(
            responses.values(
                "id",
                "member__username",
                "member__display_name",
                "updated_at",
                "region",
                "organisation_type",
                "profession",
            )
        )
    answers = defaultdict(lambda: defaultdict(list))
    for answer in (
        Answer.objects.filter(response__survey=survey, response__status=ResponseStatus.SUBMITTED)
        .order_by("question_id", "option__position")
        .values("response_id", "question_id", "option__label", "number", "text")
    ):
        answers[answer["response_id"]][answer["question_id"]].append(_value(answer, choice_ids))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if survey.anonymous:
        header = ["Response"]
    else:
        header = ["Username", "Name", "Submitted", "Region", "Organisation type", "Profession"]
    writer.writerow([csv_safe(h) for h in header + [q.text for q in questions]])
    for number, row in enumerate(rows, start=1):
        if survey.anonymous:
            cells = [str(number)]
        else:
            cells = [
                row["member__username"] or "Former member",
                row["member__display_name"] or "",
                row["updated_at"].isoformat() if row["updated_at"] else "",
                row["region"],
                row["organisation_type"],
                row["profession"],
            ]
        given = answers.get(row["id"], {})
        cells += ["; ".join(given.get(q.pk, [])) for q in questions]
        writer.writerow([csv_safe(cell) for cell in cells])
    return buffer.getvalue()
