from django.urls import path

from messaging.views import conversations, moderating, privacy, writing

app_name = "messaging"

urlpatterns = [
    path("", conversations.inbox, name="inbox"),
    path("new/", writing.new_conversation, name="new"),
    path("people/", writing.people, name="people"),
    path("preview/", writing.preview, name="preview"),
    path("search/", conversations.search, name="search"),
    path("settings/", privacy.preferences, name="preferences"),
    path("block/<str:username>/", privacy.block, name="block"),
    path("moderators/", moderating.moderators_inbox, name="moderators_inbox"),
    path("moderators/new/", writing.contact_moderators, name="contact_moderators"),
    path("reports/<int:pk>/", moderating.report_detail, name="report"),
    path("<int:pk>/", conversations.conversation, name="conversation"),
    path("<int:pk>/unread/", conversations.first_unread, name="unread"),
    path("<int:pk>/reply/", writing.reply, name="reply"),
    path("<int:pk>/add/", writing.add_people, name="add"),
    path("<int:pk>/leave/", writing.leave, name="leave"),
    path("<int:pk>/search/", conversations.search, name="conversation_search"),
    path("<int:pk>/handled/", moderating.handled, name="handled"),
    path("m/<int:pk>/", conversations.permalink, name="permalink"),
    path("m/<int:pk>/report/", writing.report, name="report_message"),
]
