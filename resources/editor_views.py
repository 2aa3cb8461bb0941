"""Writing and editing resources in the editor area (workflow actions are in editorial.views)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from core.permissions import editor_required
from editorial import services as editorial
from resources.forms import ResourceForm
from resources.models import Resource


def _edit(request, resource):
    form = ResourceForm(request.POST or None, request.FILES or None, instance=resource)
    if request.method == "POST":
        if form.is_valid():
            resource = form.save(commit=False)
            editorial.save_item(item=resource, by=request.user)
            form.save_m2m()
            editorial.save_children(item=resource, by=request.user, reason="Topics changed")
            messages.success(request, f"“{resource}” was saved.")
            return redirect(resource.get_editor_url())
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    status = 400 if request.method == "POST" else 200
    return render(request, "resources/edit.html", {"form": form, "resource": resource}, status=status)


@editor_required
def resource_new(request):
    return _edit(request, Resource())


@editor_required
def resource_edit(request, pk):
    return _edit(request, get_object_or_404(Resource, pk=pk))
