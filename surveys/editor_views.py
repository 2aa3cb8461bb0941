"""Writing and editing surveys in the editor area (workflow actions are in editorial.views)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from core.edits import EditConflict
from core.permissions import editor_required
from editorial import services as editorial
from surveys import services
from surveys.forms import QuestionFormSet, SurveyForm
from surveys.models import Survey


def _edit(request, survey):
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data, instance=survey)
    formset = QuestionFormSet(data, instance=survey, prefix="questions")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    survey = form.save(commit=False)
                    is_new = survey.pk is None
                    editorial.save_item(item=survey, by=request.user, check=form.check_against)
                    # A new survey sent twice becomes the first one, which already has its questions.
                    if not (is_new and survey.questions.exists()):
                        services.save_questions(survey=survey, formset=formset)
            except EditConflict as conflict:
                form.add_error(None, conflict.messages)
            else:
                messages.success(request, f"“{survey}” was saved.")
                return redirect(survey.get_editor_url())
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/edit.html", {"form": form, "formset": formset, "survey": survey}, status=status)


@editor_required
def survey_new(request):
    return _edit(request, Survey())


@editor_required
def survey_edit(request, pk):
    return _edit(request, get_object_or_404(Survey, pk=pk))
