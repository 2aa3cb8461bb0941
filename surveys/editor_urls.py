"""Mounted inside the editor area (editorial.urls) at /editor/surveys/."""

from django.urls import path

from surveys import editor_views

urlpatterns = [
    path("new/", editor_views.survey_new, name="survey_new"),
    path("<int:pk>/edit/", editor_views.survey_edit, name="survey_edit"),
]
