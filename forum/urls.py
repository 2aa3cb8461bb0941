from django.urls import path

from forum.feeds import CategoryFeed, LatestTopicsFeed
from forum.views import mentioning, moderating, reading, searching, writing

app_name = "forum"

urlpatterns = [
    path("", reading.index, name="index"),
    path("latest/", reading.latest, name="latest"),
    path("unread/", reading.unread, name="unread"),
    path("bookmarks/", reading.bookmarks, name="bookmarks"),
    path("search/", searching.search, name="search"),
    path("feed/", LatestTopicsFeed(), name="feed"),
    path("new-topic/", writing.new_topic, name="new_topic"),
    path("preview/", writing.preview, name="preview"),
    path("mentions/", mentioning.suggestions, name="mentions"),
    path("c/<slug:slug>/", reading.category, name="category"),
    path("c/<slug:slug>/feed/", CategoryFeed(), name="category_feed"),
    path("c/<slug:slug>/watch/", writing.watch_category, name="watch_category"),
    path("t/<int:pk>/", reading.topic, name="topic_short"),
    path("t/<int:pk>/unread/", reading.topic_unread, name="topic_unread"),
    path("t/<int:pk>/reply/", writing.reply, name="reply"),
    path("t/<int:pk>/watch/", writing.watch_topic, name="watch_topic"),
    path("t/<int:pk>/moderate/", moderating.topic_moderate, name="topic_moderate"),
    path("t/<int:pk>/poll/vote/", writing.poll_vote, name="poll_vote"),
    path("t/<int:pk>/poll/close/", writing.poll_close, name="poll_close"),
    path("t/<int:pk>/<slug:slug>/", reading.topic, name="topic"),
    path("p/<int:pk>/", reading.permalink, name="permalink"),
    path("p/<int:pk>/edit/", writing.edit, name="edit"),
    path("p/<int:pk>/history/", reading.history, name="history"),
    path("p/<int:pk>/delete/", writing.delete, name="delete"),
    path("p/<int:pk>/like/", writing.like, name="like"),
    path("p/<int:pk>/accept/", writing.accept, name="accept"),
    path("p/<int:pk>/bookmark/", writing.bookmark, name="bookmark"),
    path("p/<int:pk>/flag/", writing.flag, name="flag"),
    path("p/<int:pk>/hide/", moderating.post_hide, name="post_hide"),
    path("moderation/", moderating.queue, name="moderation_queue"),
    path("moderation/flags/<int:pk>/", moderating.flag_act, name="flag_act"),
    path("moderation/log/", moderating.log, name="moderation_log"),
    path("moderation/suspend/<str:username>/", moderating.suspend, name="suspend"),
]
