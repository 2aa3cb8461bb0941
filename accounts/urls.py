from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_view, name="settings"),
    path("apply/", views.apply_view, name="apply"),
    path("applications/", views.application_queue, name="application_queue"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("export/", views.export_data, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
