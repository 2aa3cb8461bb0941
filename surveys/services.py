"""Writes for surveys and polls: keyword-only and atomic, used by the site views, the admin and seed_demo."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.content_cache import content_changed
from core.locks import lock_person
from core.person_cache import person_changed
from surveys.models import (
    Answer,
    Ballot,
    Kind,
    Option,
    Participation,
    Poll,
    Question,
    Response,
    ResponseStatus,
    Survey,
)


class SurveyError(ValidationError):
    pass


# --- editors: questions and their options -------------------------------------------


def sync_options(*, question, labels):
    """Make the question's options the given labels, in order; options with answers are never deleted."""
    existing = {o.label: o for o in question.options.all()}
    keep = []
    for position, label in enumerate(labels):
        option = existing.get(label)
        if option is None:
            option = Option.objects.create(question=question, label=label, position=position)
        elif option.position != position:
            option.position = position
            option.save(update_fields=["position"])
        keep.append(option.pk)
    question.options.exclude(pk__in=keep).filter(answers__isnull=True).delete()


@transaction.atomic
def save_questions(*, survey, formset):
    """Save the editor's question formset: order (the formset's order fields), deletions, options."""
    formset.instance = survey
    formset.save(commit=False)
    for question in formset.deleted_objects:
        question.delete()
    for position, form in enumerate(formset.ordered_forms):
        question = form.instance
        question.survey = survey
        question.position = position
        question.save()
        if question.is_choice:
            sync_options(question=question, labels=form.cleaned_data.get("options_text") or [])


# --- members: answering ---------------------------------------------------------------


def _directory_attributes(member):
    """Region, organisation type and profession from the member's directory entry, for breakdowns."""
    from profiles.models import DirectoryEntry

    entry = (
        DirectoryEntry.objects.filter(user=member)
        .values("profession", "organisation__region", "organisation__type")
        .first()
    )
    if entry is None:
        return {"region": "", "organisation_type": "", "profession": ""}
    return {
        "region": entry["organisation__region"] or "",
        "organisation_type": entry["organisation__type"] or "",
        "profession": entry["profession"] or "",
    }


def has_answered(survey, member):
    return member.is_authenticated and Participation.objects.filter(survey=survey, member=member).exists()


def named_response(survey, member):
    """The member's own response (draft or submitted) to a named survey, or None."""
    if survey.anonymous or not member.is_authenticated:
        return None
    return Response.objects.filter(survey=survey, member=member).first()


def _write_answers(response, rows):
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, question=question, option_id=option_id, number=number, text=text)
        for question, option_id, number, text in rows
    )


def save_response(*, survey, member, rows, submit):
    """Store the member's answers: a draft (named surveys only) or a submitted response.

    Named: one response per member (a database constraint), changed until the
    survey closes. Anonymous: submitted once; the Participation row and the
    response, which share nothing, are written in one transaction, so a second
    submission (even at the same instant) stores nothing.
    Returns the response; raises SurveyError when refused.
    """
    if not survey.is_open:
        raise SurveyError("This survey is not open for answers.")
    if survey.anonymous and not submit:
        raise SurveyError("Answers to an anonymous survey cannot be kept as a draft: submit them when ready.")
    try:
        with transaction.atomic():
            lock_person(member)
            # Whether they have a survey waiting (the home page) is kept under their version.
            person_changed([member.pk])
            if survey.anonymous:
                return _save_anonymous(survey, member, rows)
            return _save_named(survey, member, rows, submit)
    except IntegrityError:
        raise SurveyError("You have already answered this survey.") from None


def _save_anonymous(survey, member, rows):
    if Participation.objects.filter(survey=survey, member=member).exists():
        raise SurveyError("You have already answered this survey.")
    Participation.objects.create(survey=survey, member=member)
    response = Response.objects.create(
        survey=survey, member=None, status=ResponseStatus.SUBMITTED, **_directory_attributes(member)
    )
    _write_answers(response, rows)
    return response


def _save_named(survey, member, rows, submit):
    response = Response.objects.select_for_update().filter(survey=survey, member=member).first()
    if response is None:
        response = Response.objects.create(survey=survey, member=member)
    if response.status == ResponseStatus.SUBMITTED and not submit:
        raise SurveyError("Your answers are already submitted; change them and submit again.")
    response.status = ResponseStatus.SUBMITTED if submit else ResponseStatus.DRAFT
    response.updated_at = timezone.now()
    for name, value in _directory_attributes(member).items():
        setattr(response, name, value)
    response.save()
    _write_answers(response, rows)
    if submit:
        Participation.objects.get_or_create(survey=survey, member=member)
    return response


@transaction.atomic
def set_published_answers(*, survey, answer_ids, published):
    """An editor marks text answers to show (or no longer show) with the results."""
    count = Answer.objects.filter(
        pk__in=answer_ids, response__survey=survey, question__kind__in=[Kind.SHORT_TEXT, Kind.LONG_TEXT]
    ).update(published=published)
    if count:
        # The published results are kept until content changes (surveys.views), and an update sends no signal.
        content_changed()
    return count


# --- polls ----------------------------------------------------------------------------


@transaction.atomic
def poll_create(*, topic, text, kind, labels, closes_at=None, results_before_voting=False):
    if kind not in (Kind.SINGLE, Kind.MULTIPLE):
        raise SurveyError("A poll is single or multiple choice.")
    existing = Poll.objects.filter(topic=topic).first()
    if existing is not None:  # the same new topic sent twice: the topic and its poll are the first one
        return existing
    poll = Poll.objects.create(topic=topic, closes_at=closes_at, results_before_voting=results_before_voting)
    question = Question.objects.create(poll=poll, text=text, kind=kind, required=True)
    for position, label in enumerate(labels):
        Option.objects.create(question=question, label=label, position=position)
    return poll


def poll_vote(*, poll, member, option_ids):
    """Record (or change) the member's vote: one ballot per member and poll, a database constraint."""
    question = poll.question
    valid = set(question.options.values_list("pk", flat=True))
    option_ids = {int(pk) for pk in option_ids}
    if not option_ids or not option_ids <= valid:
        raise SurveyError("Choose one of the poll's options.")
    if question.kind == Kind.SINGLE and len(option_ids) != 1:
        raise SurveyError("Choose one option.")
    try:
        with transaction.atomic():
            poll = Poll.objects.select_for_update().get(pk=poll.pk)
            if poll.is_closed:
                raise SurveyError("This poll is closed.")
            ballot, _ = Ballot.objects.get_or_create(poll=poll, member=member)
            ballot.answers.all().delete()
            Answer.objects.bulk_create(
                Answer(ballot=ballot, question=question, option_id=pk) for pk in sorted(option_ids)
            )
            ballot.save(update_fields=["updated_at"])
            return ballot
    except IntegrityError:
        raise SurveyError("Your vote was being recorded at the same moment; it is counted once.") from None


@transaction.atomic
def poll_close(*, poll):
    Poll.objects.filter(pk=poll.pk, closed_at__isnull=True).update(closed_at=timezone.now())
    poll.refresh_from_db()
    return poll


__all__ = ["Survey", "SurveyError"]
