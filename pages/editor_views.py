"""Writing and editing pages in the editor area (workflow actions are in editorial.views)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from core.edits import EditConflict
from core.permissions import editor_required
from editorial import services as editorial
from pages.forms import PageForm
from pages.models import Page


def _edit(request, page):
    form = PageForm(request.POST or None, instance=page)
    if request.method == "POST":
        if form.is_valid():
            try:
                page = editorial.save_item(item=form.save(commit=False), by=request.user, check=form.check_against)
            except EditConflict as conflict:
                form.add_error(None, conflict.messages)
            else:
                messages.success(request, f"“{page}” was saved.")
                return redirect(page.get_editor_url())
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    status = 400 if request.method == "POST" else 200
    return render(request, "pages/edit.html", {"form": form, "page": page}, status=status)


@editor_required
def page_new(request):
    return _edit(request, Page())


@editor_required
def page_edit(request, pk):
    return _edit(request, get_object_or_404(Page, pk=pk))
