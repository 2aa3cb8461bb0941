from django.urls import include, path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("articles/", include("articles.editor_urls")),
    path("profiles/", include("profiles.editor_urls")),
    path("resources/", include("resources.editor_urls")),
    path("surveys/", include("surveys.editor_urls")),
    path("pages/", include("pages.editor_urls")),
    path("<str:label>/<int:pk>/", views.item_view, name="item"),
    path("<str:label>/<int:pk>/preview/", views.preview, name="preview"),
    path("<str:label>/<int:pk>/history/", views.history, name="history"),
    path("<str:label>/<int:pk>/history/compare/", views.compare, name="compare"),
    path("<str:label>/<int:pk>/history/<int:history_id>/restore/", views.restore, name="restore"),
    path("<str:label>/<int:pk>/withdraw/confirm/", views.withdraw_confirm, name="withdraw_confirm"),
    path("<str:label>/<int:pk>/<slug:action>/", views.transition, name="transition"),
]
