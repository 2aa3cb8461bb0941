"""Mounted inside the editor area (editorial.urls) at /editor/resources/."""

from django.urls import path

from resources import editor_views

urlpatterns = [
    path("new/", editor_views.resource_new, name="resource_new"),
    path("<int:pk>/edit/", editor_views.resource_edit, name="resource_edit"),
]
