"""Article search for the site search: published articles only, whoever asks.

PostgreSQL: weighted full-text search (title, standfirst, body) with ranking;
SQLite: a plain case-insensitive match.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from articles.models import Article

MAX_QUERY_LENGTH = 200


def search_articles(query, *, limit=20):
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return []
    articles = Article.objects.published().prefetch_related("topics")
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("title", weight="A", config="english")
            + SearchVector("standfirst", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )
        search_query = SearchQuery(query, search_type="websearch", config="english")
        articles = (
            articles.annotate(rank=SearchRank(vector, search_query))
            .filter(rank__gt=0)
            .order_by("-rank", "-publish_at")
        )
    else:
        articles = articles.filter(
            Q(title__icontains=query) | Q(standfirst__icontains=query) | Q(body__icontains=query)
        ).order_by("-publish_at")
    return list(articles[:limit])
