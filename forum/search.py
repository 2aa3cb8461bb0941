"""Forum search: PostgreSQL full-text search over the stored vector, plain icontains on SQLite.

Results are limited to what the searcher may read. The GIN index finds the
matches; ranking runs over the newest RANK_WINDOW of them (so a word found in
most posts costs no more than a rare one); snippets (ts_headline, which is
costly) are computed in a second query for the one page of results only.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from forum import access
from forum.models import Post

RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200
RANK_WINDOW = 1000


def search_posts(user, query, *, page=1):
    """Return (posts, has_next) for a page of results, each post with .snippet (safe HTML)."""
    query = " ".join((query or "").split())[:MAX_QUERY_LENGTH]
    if not query:
        return [], False
    page = max(1, page)
    start = (page - 1) * RESULTS_PER_PAGE
    base = access.readable_posts(user)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        # Rank only the newest RANK_WINDOW matches: a very common word can match most of the
        # forum, and ranking every match would cost time in proportion to the whole forum.
        candidates = base.filter(search_vector=search_query).order_by("-created").values("pk")[:RANK_WINDOW]
        ids = list(
            Post.objects.filter(pk__in=candidates)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-created")
            .values_list("pk", flat=True)[start : start + RESULTS_PER_PAGE + 1]
        )
        has_next = len(ids) > RESULTS_PER_PAGE
        ids = ids[:RESULTS_PER_PAGE]
        rows = Post.objects.filter(pk__in=ids).select_related("topic__category", "author")
        rows = rows.annotate(
            snippet=SearchHeadline(
                "body",
                search_query,
                config="english",
                start_sel="<mark>",
                stop_sel="</mark>",
                max_words=35,
                min_words=15,
                max_fragments=2,
            )
        )
        by_id = {post.pk: post for post in rows}
        posts = [by_id[pk] for pk in ids if pk in by_id]
        for post in posts:
            post.snippet = _safe_headline(post.snippet)
        return posts, has_next
    words = query.split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(body__icontains=word) | Q(topic__title__icontains=word)
    rows = list(
        base.filter(condition)
        .select_related("topic__category", "author")
        .order_by("-created")[start : start + RESULTS_PER_PAGE + 1]
    )
    for post in rows:
        post.snippet = _plain_snippet(post.body, words[0])
    return rows[:RESULTS_PER_PAGE], len(rows) > RESULTS_PER_PAGE


def _safe_headline(text):
    """ts_headline works on the markdown source: escape it all, then restore only our <mark> tags."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))  # noqa: S308


def _plain_snippet(body, word, width=160):
    lower = body.lower()
    at = max(0, lower.find(word.lower()) - width // 2)
    text = body[at : at + width]
    prefix = "…" if at else ""
    suffix = "…" if at + width < len(body) else ""
    return f"{prefix}{text}{suffix}"
