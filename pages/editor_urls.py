"""Mounted inside the editor area (editorial.urls) at /editor/pages/."""

from django.urls import path

from pages import editor_views

urlpatterns = [
    path("new/", editor_views.page_new, name="page_new"),
    path("<int:pk>/edit/", editor_views.page_edit, name="page_edit"),
]
