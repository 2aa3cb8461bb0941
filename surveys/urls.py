from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<slug:slug>/", views.answer, name="answer"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/results/export.csv", views.export_csv, name="export"),
    path("<slug:slug>/results/publish/", views.publish_answers, name="publish_answers"),
]
