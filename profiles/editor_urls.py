"""Mounted inside the editor area (editorial.urls) at /editor/profiles/."""

from django.urls import path

from profiles import editor_views

urlpatterns = [
    path("new/", editor_views.profile_new, name="profile_new"),
    path("<int:pk>/edit/", editor_views.profile_edit, name="profile_edit"),
]
