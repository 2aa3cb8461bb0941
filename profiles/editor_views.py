"""Writing and editing CCIO profiles in the editor area (workflow actions are in editorial.views)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from core.edits import EditConflict
from core.permissions import editor_required
from editorial import services
from profiles.forms import CCIOProfileForm, InterviewFormSet, TimelineFormSet
from profiles.models import CCIOProfile


def _edit(request, profile):
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CCIOProfileForm(data, files, instance=profile)
    interview = InterviewFormSet(data, instance=profile, prefix="answers")
    timeline = TimelineFormSet(data, instance=profile, prefix="timeline")
    if request.method == "POST":
        if form.is_valid() and interview.is_valid() and timeline.is_valid():
            try:
                with transaction.atomic():
                    profile = form.save(commit=False)
                    services.save_item(item=profile, by=request.user, check=form.check_against)
                    form.save_m2m()
                    interview.instance = timeline.instance = profile
                    interview.save()
                    timeline.save()
                    services.save_children(item=profile, by=request.user, reason="Interview or timeline changed")
            except EditConflict as conflict:
                form.add_error(None, conflict.messages)
            else:
                messages.success(request, f"“{profile}” was saved.")
                return redirect(profile.get_editor_url())
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    return render(
        request,
        "profiles/profile_edit.html",
        {"form": form, "interview": interview, "timeline": timeline, "profile": profile},
    )


@editor_required
def profile_new(request):
    return _edit(request, CCIOProfile())


@editor_required
def profile_edit(request, pk):
    return _edit(request, get_object_or_404(CCIOProfile, pk=pk))
