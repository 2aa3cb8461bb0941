"""Survey pages: the list, answering, results, the editors' CSV export and publishing text answers."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.content_cache import cache_for_visitors, cached_fragment
from core.permissions import editor_required, is_editor
from surveys import access, exports, services
from surveys.forms import AnswerForm, initial_from_answers
from surveys.models import ResponseStatus, Survey
from surveys.results import BREAKDOWNS, survey_results

LIST_LIMIT = 50


def survey_list(request):
    surveys = Survey.objects.visible_to(request.user).order_by("-opens_at", "-pk")[:LIST_LIMIT]
    return render(request, "surveys/list.html", {"surveys": surveys})


def _get_survey_or_gone(request, slug):
    """(survey, None), or (None, a 410 page) for a survey withdrawn after it went live; Http404 otherwise."""
    try:
        return access.get_survey(request.user, slug), None
    except Http404:
        if Survey.objects.withdrawn_after_going_live().filter(slug=slug).exists():
            context = {"noun": "survey", "list_url": reverse("surveys:list"), "list_label": "See the surveys"}
            return None, render(request, "410.html", context, status=410)
        raise


def answer(request, slug):
    survey, gone = _get_survey_or_gone(request, slug)
    return gone or render_survey(request, survey)


def _questions(survey):
    return list(survey.questions.prefetch_related("options"))


def render_survey(request, survey, *, preview=False):
    """The answer page; the editor area's preview renders through here too (never saving)."""
    user = request.user
    questions = _questions(survey)
    context = {
        "survey": survey,
        "preview": preview,
        "in_audience": access.in_audience(user, survey),
        "may_see_results": access.may_see_results(user, survey),
        "answered": False,
        "response": None,
    }
    if preview or not context["in_audience"]:
        if request.method == "POST" and not preview:
            if not user.is_authenticated:
                # A session that ended while answering: show everything typed again, with a way to sign in.
                context["expired"] = True
                context["form"] = AnswerForm(request.POST, questions=questions, strict=False)
                return render(request, "surveys/answer.html", context, status=403)
            raise PermissionDenied("This survey is for members of the network.")
        context["form"] = AnswerForm(questions=questions, strict=False)
        return render(request, "surveys/answer.html", context)

    if survey.anonymous:
        context["answered"] = services.has_answered(survey, user)
    else:
        response = services.named_response(survey, user)
        context["response"] = response
        context["answered"] = response is not None and response.status == ResponseStatus.SUBMITTED

    status = 200
    if request.method == "POST":
        form, status = _submit(request, survey, questions, context)
        if form is None:
            return redirect(survey.get_absolute_url())
    elif context["response"] is not None:
        form = AnswerForm(
            questions=questions, initial=initial_from_answers(questions, context["response"].answers.all())
        )
    else:
        form = AnswerForm(questions=questions)
    context["form"] = form
    return render(request, "surveys/answer.html", context, status=status)


def _submit(request, survey, questions, context):
    """(None, 302) when stored; otherwise the form to show again with everything typed, and the status."""
    submit = request.POST.get("action") != "draft"
    form = AnswerForm(request.POST, questions=questions, strict=submit)
    if not survey.is_open:
        form.is_valid()
        form.add_error(None, "This survey is not open for answers, so nothing was saved.")
        return form, 409
    if survey.anonymous and context["answered"]:
        form.is_valid()
        form.add_error(None, "You have already answered this survey; an anonymous survey takes one response.")
        return form, 409
    if not form.is_valid():
        return form, 400
    try:
        services.save_response(survey=survey, member=request.user, rows=form.answers(), submit=submit)
    except services.SurveyError as error:
        form.add_error(None, " ".join(error.messages))
        return form, 409
    if submit:
        messages.success(request, "Thank you: your answers are submitted.")
    else:
        messages.success(request, "Your answers are saved as a draft. Submit them before the survey closes.")
    return None, 302


@cache_for_visitors
def results(request, slug):
    user = request.user
    editor = is_editor(user)
    survey = _kept_survey(slug, editor=editor)
    if survey is None:
        survey, gone = _get_survey_or_gone(request, slug)
        if gone:
            return gone
    if not access.may_see_results(user, survey):
        if not user.is_authenticated:
            return redirect(f"/accounts/login/?next={survey.get_results_url()}")
        return render(request, "surveys/results_unavailable.html", {"survey": survey}, status=403)
    breakdown = request.GET.get("by", "")
    if breakdown not in BREAKDOWNS:
        breakdown = ""
    context = {
        "survey": survey,
        "breakdowns": [(key, title) for key, (title, _) in BREAKDOWNS.items()],
        "by": breakdown,
        "is_editor": editor,
    }
    if access.shows_all_text(user):
        # Editors see every written answer, with the form to publish them, and open surveys: counted afresh.
        context["results"] = survey_results(survey, show_all_text=True, breakdown=breakdown or None)
    else:
        # Everyone else sees results only once the survey has closed, when they change only with content
        # (an edit, a written answer published): the same HTML for all who may see them, kept until then.
        context["content"] = cached_fragment(
            "survey-results", [survey.pk, breakdown], partial(_shared_results, context)
        )
    return render(request, "surveys/results.html", context)


def _kept_survey(slug, *, editor):
    """The survey as kept until content changes, if this reader may see it (else None: ask the database)."""
    survey = cached_fragment("survey-by-slug", [slug], lambda: Survey.objects.filter(slug=slug).first())
    if survey is None or not (editor or survey.is_live):
        return None
    return survey


def _shared_results(context):
    """The results as everyone but editors sees them (published written answers only)."""
    survey, breakdown = context["survey"], context["by"]
    results = survey_results(survey, show_all_text=False, breakdown=breakdown or None)
    return render_to_string("surveys/_results_content.html", {**context, "results": results, "is_editor": False})


@editor_required
def export_csv(request, slug):
    survey = access.get_survey(request.user, slug)
    response = HttpResponse(exports.responses_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}-responses.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@editor_required
@require_POST
def publish_answers(request, slug):
    survey = access.get_survey(request.user, slug)
    ids = request.POST.getlist("answer")[:1000]
    published = request.POST.get("publish") == "1"
    try:
        import uuid

        ids = [uuid.UUID(value) for value in ids]
    except ValueError:
        raise Http404("No such answer.") from None
    count = services.set_published_answers(survey=survey, answer_ids=ids, published=published)
    verb = "published with the results" if published else "no longer published"
    messages.success(request, f"{count} answer(s) {verb}.")
    return redirect(survey.get_results_url())
