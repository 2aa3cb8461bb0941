"""Mounted at the site root: the library at /resources/, the plan at /account/learning/, the log at /account/cpd/."""

from django.urls import path

from resources import feeds
from resources.views import cpd, library, plan

app_name = "resources"

urlpatterns = [
    path("resources/", library.resource_list, name="list"),
    path("resources/feed/", feeds.NewResourcesFeed(), name="feed"),
    path("resources/<slug:slug>/", library.resource_detail, name="detail"),
    path("resources/<slug:slug>/download/", library.download, name="download"),
    path("resources/<slug:slug>/useful/", library.toggle_useful, name="useful"),
    path("resources/<slug:slug>/add-to-plan/", library.add_to_plan, name="add_to_plan"),
    path("account/learning/", plan.plan, name="plan"),
    path("account/learning/<int:pk>/", plan.plan_item, name="plan_item"),
    path("account/learning/<int:pk>/status/", plan.plan_status, name="plan_status"),
    path("account/learning/<int:pk>/remove/", plan.plan_remove, name="plan_remove"),
    path("account/cpd/", cpd.log, name="cpd"),
    path("account/cpd/new/", cpd.entry_new, name="cpd_new"),
    path("account/cpd/export/", cpd.export, name="cpd_export"),
    path("account/cpd/<int:pk>/", cpd.entry_edit, name="cpd_edit"),
    path("account/cpd/<int:pk>/delete/", cpd.entry_delete, name="cpd_delete"),
    path("account/cpd/<int:pk>/evidence/", cpd.evidence, name="cpd_evidence"),
]
