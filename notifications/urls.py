from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("mark-all-read/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("weekly-summary/", views.weekly_summary_choice, name="weekly_summary_choice"),
    path("weekly-summary/preview/", views.weekly_summary_preview, name="weekly_summary_preview"),
]
