"""Erasure and data export for what the surveys app keeps about a member."""

from django.db import transaction
from django.db.models import Q

from surveys.models import Answer, Ballot, Participation, Response, ResponseStatus


@transaction.atomic
def erase_member_data(sender, user, **kwargs):
    """Drafts and votes go; submitted named responses stay in the results with no link to the member."""
    Response.objects.filter(member=user, status=ResponseStatus.DRAFT).delete()
    Response.objects.filter(member=user).update(member=None, updated_at=None)
    Participation.objects.filter(member=user).delete()
    Ballot.objects.filter(member=user).delete()


def _answer_text(answer):
    if answer["option__label"]:
        return answer["option__label"]
    if answer["number"] is not None:
        return str(answer["number"])
    return answer["text"]


def export_member_data(sender, user, **kwargs):
    """Named responses with their answers and poll votes (one query), the anonymous surveys answered, never what."""
    rows = (
        Answer.objects.filter(Q(response__member=user) | Q(ballot__member=user))
        .order_by(
            "response__survey__title", "ballot__poll_id", "question__position", "question_id", "option__position"
        )
        .values(
            "response_id",
            "response__survey__title",
            "response__status",
            "ballot__poll__question__text",
            "question__text",
            "option__label",
            "number",
            "text",
        )
    )
    named, votes = {}, []
    for row in rows:
        if row["response_id"] is None:
            votes.append({"poll": row["ballot__poll__question__text"], "choice": row["option__label"]})
            continue
        survey = named.setdefault(
            row["response__survey__title"],
            {"survey": row["response__survey__title"], "status": row["response__status"], "answers": []},
        )
        survey["answers"].append({"question": row["question__text"], "answer": _answer_text(row)})
    anonymous = list(
        Participation.objects.filter(member=user, survey__anonymous=True)
        .order_by("survey__title")
        .values_list("survey__title", flat=True)
    )
    return "surveys", {
        "named_responses": list(named.values()),
        "anonymous_surveys_answered": [
            {"survey": title, "note": "Anonymous: your answers are not linked to you, so they cannot be exported."}
            for title in anonymous
        ],
        "poll_votes": votes,
    }
