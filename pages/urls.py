from django.urls import path

from pages import views

app_name = "pages"

# Mounted last at the top of the site (ccio/urls.py), so /<slug>/ never hides another page.
urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.contact_sent, name="contact_sent"),
    path("contact/inbox/", views.contact_inbox, name="contact_inbox"),
    path("contact/inbox/<int:pk>/", views.contact_message, name="contact_message"),
    path("contact/inbox/<int:pk>/mark/", views.contact_mark, name="contact_mark"),
    path("<slug:slug>/", views.page_detail, name="detail"),
]
