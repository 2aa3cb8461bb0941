"""Forum search: PostgreSQL full-text search over the stored vector, plain icontains on SQLite.

Results are limited to what the searcher may read. The GIN index finds the
matches; ranking runs over the newest RANK_WINDOW of them (so a word found in
most posts costs no more than a rare one); snippets (ts_headline, which is
costly) are computed in a second query for the one page of results only.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import Q
from django.utils.safestring import SafeData, mark_safe

from core.textsearch import clean_query, ranked_page
from core.textsearch import plain_snippet as _plain_snippet
from core.textsearch import safe_headline as _safe_headline
from forum import access
from forum.models import Post
from forum.rendering import snippet_without_mentions

RESULTS_PER_PAGE = 20
RANK_WINDOW = 1000
HEADLINE_OPTIONS = {"start_sel": "<mark>", "stop_sel": "</mark>", "max_words": 35, "min_words": 15, "max_fragments": 2}


@dataclass(frozen=True)
class SearchResult:
    """One matching post, as the results page shows it."""

    url: str
    topic_title: str
    number: int
    category_name: str
    author_name: str
    created: datetime
    snippet: str  # safe HTML with <mark>ed words on PostgreSQL, plain text on SQLite


def search_posts(user, query, *, page=1):
    """Return (results, has_next) for a page of results."""
    query = clean_query(query)
    if not query:
        return [], False
    start = (max(1, page) - 1) * RESULTS_PER_PAGE
    readable = access.readable_posts(user)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        ids, has_next = ranked_page(readable, search_query, start=start, per_page=RESULTS_PER_PAGE, window=RANK_WINDOW)
        rows = (
            Post.objects.filter(pk__in=ids)
            .select_related("topic__category", "author")
            .only(
                "number",
                "created",
                "topic__title",
                "topic__category__name",
                "author__username",
                "author__display_name",
                "author__is_active",
            )
            .annotate(snippet=SearchHeadline("body", search_query, config="english", **HEADLINE_OPTIONS))
        )
        by_id = {post.pk: post for post in rows}
        return [_result(user, by_id[pk], _safe_headline(by_id[pk].snippet)) for pk in ids if pk in by_id], has_next
    words = query.split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(body__icontains=word) | Q(topic__title__icontains=word)
    rows = list(
        readable.filter(condition)
        .select_related("topic__category", "author")
        .order_by("-created")[start : start + RESULTS_PER_PAGE + 1]
    )
    results = [_result(user, post, _plain_snippet(post.body, words[0])) for post in rows[:RESULTS_PER_PAGE]]
    return results, len(rows) > RESULTS_PER_PAGE


def _result(user, post, snippet):
    """One result as this person may see it: visitors get "A member" and "@member", never names."""
    if not access.shows_author_names(user):
        # Only text is replaced, so escaped HTML stays safe and plain text stays plain (escaped by the template).
        was_safe = isinstance(snippet, SafeData)
        snippet = snippet_without_mentions(snippet)
        snippet = mark_safe(snippet) if was_safe else snippet  # noqa: S308
    return SearchResult(
        url=post.get_absolute_url(),
        topic_title=post.topic.title,
        number=post.number,
        category_name=post.topic.category.name,
        author_name=access.author_label(user, post.author),
        created=post.created,
        snippet=snippet,
    )
