"""Mounted inside the editor area (editorial.urls) at /editor/articles/."""

from django.urls import path

from articles import editor_views

urlpatterns = [
    path("new/", editor_views.article_new, name="article_new"),
    path("<int:pk>/edit/", editor_views.article_edit, name="article_edit"),
]
