"""Writing and editing articles in the editor area (workflow actions are in editorial.views)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from articles.forms import ArticleForm
from articles.models import Article
from core.edits import EditConflict
from core.permissions import editor_required
from editorial import services


def _edit(request, article):
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    article = form.save(commit=False)
                    services.save_item(item=article, by=request.user, check=form.check_against)
                    form.save_m2m()
                    services.save_children(item=article, by=request.user, reason="Authors or topics changed")
            except EditConflict as conflict:
                form.add_error(None, conflict.messages)
            else:
                messages.success(request, f"“{article}” was saved.")
                return redirect(article.get_editor_url())
        messages.error(request, "Please correct the errors below; nothing was saved yet.")
    return render(request, "articles/edit.html", {"form": form, "article": article})


@editor_required
def article_new(request):
    return _edit(request, Article())


@editor_required
def article_edit(request, pk):
    return _edit(request, get_object_or_404(Article, pk=pk))
