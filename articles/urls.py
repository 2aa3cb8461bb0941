from django.urls import path

from articles import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", feeds.ArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.ArticlesAtomFeed(), name="feed_atom"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
