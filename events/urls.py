from django.urls import path

from events.views import attendance, feeds, member, organiser, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("calendar/", public.calendar_today, name="calendar_today"),
    path("calendar/<int:year>/<int:month>/", public.calendar_month, name="calendar"),
    path("past/", public.past_events, name="past"),
    path("feed.ics", feeds.feed, name="feed"),
    path("my/", member.my_events, name="my_events"),
    path("my/reset-feed/", member.reset_feed, name="reset_feed"),
    path("my/<str:token>.ics", feeds.my_feed, name="my_feed"),
    path("new/", organiser.event_new, name="new"),
    path("certificates/<str:code>/", attendance.certificate_verify, name="certificate_verify"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path("<slug:slug>/event.ics", feeds.event_ics, name="event_ics"),
    path("<slug:slug>/register/", member.register, name="register"),
    path("<slug:slug>/cancel-registration/", member.cancel_registration, name="cancel_registration"),
    path(
        "<slug:slug>/cancel-registration/confirm/",
        member.cancel_registration_confirm,
        name="cancel_registration_confirm",
    ),
    path("<slug:slug>/sessions/<int:pk>.ics", feeds.session_ics, name="session_ics"),
    path("<slug:slug>/sessions/<int:pk>/star/", member.toggle_star, name="toggle_star"),
    path("<slug:slug>/speakers/<int:pk>/", public.speaker_detail, name="speaker"),
    path("<slug:slug>/speakers/new/", organiser.speaker_edit, name="speaker_new"),
    path("<slug:slug>/speakers/<int:pk>/edit/", organiser.speaker_edit, name="speaker_edit"),
    path("<slug:slug>/agenda/edit/", organiser.agenda_edit, name="agenda_edit"),
    path("<slug:slug>/attendees/", organiser.attendees, name="attendees"),
    path("<slug:slug>/attendees.csv", organiser.attendees_csv, name="attendees_csv"),
    path("<slug:slug>/check-in/", attendance.check_in, name="check_in"),
    path("<slug:slug>/check-in/<int:pk>/", attendance.check_in_mark, name="check_in_mark"),
    path("<slug:slug>/certificate/", attendance.certificate, name="certificate"),
    path("<slug:slug>/email/", organiser.email_attendees, name="email_attendees"),
    path("<slug:slug>/edit/", organiser.event_edit, name="edit"),
    path("<slug:slug>/repeat/", organiser.event_repeat, name="repeat"),
    path("<slug:slug>/cancel/", organiser.event_cancel, name="cancel"),
]
