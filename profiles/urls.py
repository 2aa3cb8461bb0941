"""Mounted at the site root: /members/, /profiles/ and /account/profile/."""

from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("account/profile/", views.entry_edit, name="entry_edit"),
    path("members/", views.directory, name="directory"),
    path("members/<str:username>/", views.member_detail, name="member_detail"),
    path("profiles/", views.profile_list, name="profile_list"),
    path("profiles/<slug:slug>/", views.profile_detail, name="profile_detail"),
]
