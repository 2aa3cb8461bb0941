"""Erasure and data export for what the surveys app keeps about a member."""

from django.db import transaction

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
    """Named responses with their answers, the anonymous surveys answered (never what), poll votes: 3 queries."""
    answers = (
        Answer.objects.filter(response__member=user)
        .order_by("response__survey__title", "question__position", "question_id", "option__position")
        .values("response__survey__title", "response__status", "question__text", "option__label", "number", "text")
    )
    named = {}
    for answer in answers:
        survey = named.setdefault(
            answer["response__survey__title"],
            {"survey": answer["response__survey__title"], "status": answer["response__status"], "answers": []},
        )
        survey["answers"].append({"question": answer["question__text"], "answer": _answer_text(answer)})
    anonymous = list(
        Participation.objects.filter(member=user, survey__anonymous=True)
        .order_by("survey__title")
        .values_list("survey__title", flat=True)
    )
    votes = [
        {"poll": v["ballot__poll__question__text"], "choice": v["option__label"]}
        for v in Answer.objects.filter(ballot__member=user)
        .order_by("ballot__poll_id", "option__position")
        .values("ballot__poll__question__text", "option__label")
    ]
    return "surveys", {
        "named_responses": list(named.values()),
        "anonymous_surveys_answered": [
            {"survey": title, "note": "Anonymous: your answers are not linked to you, so they cannot be exported."}
            for title in anonymous
        ],
        "poll_votes": votes,
    }
