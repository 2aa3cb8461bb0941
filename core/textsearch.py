"""Helpers shared by the apps' full-text searches (forum, private messages)."""

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200


def clean_query(query):
    """Words to search for: whitespace collapsed, NUL dropped (PostgreSQL refuses it), at most MAX_QUERY_LENGTH."""
    return " ".join((query or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def safe_headline(text):
    """ts_headline works on the markdown source: escape it all, then restore only our <mark> tags."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))  # noqa: S308


def plain_snippet(body, word, width=160):
    """Plain text around the first place `word` appears (the SQLite fallback has no ts_headline)."""
    lower = body.lower()
    at = max(0, lower.find(word.lower()) - width // 2)
    text = body[at : at + width]
    prefix = "…" if at else ""
    suffix = "…" if at + width < len(body) else ""
    return f"{prefix}{text}{suffix}"


def ranked_page(matches, search_query, *, start, per_page, window):
    """Ids of one page of matches, best first, and whether another page follows (PostgreSQL).

    `matches` is a queryset of rows with `search_vector` and `created`. Ranks only
    the newest `window` matches: a very common word can match most of the
    table, and ranking every match would cost time in proportion to all of it.
    The window is a derived table, so each match is read and ranked once.
    """
    newest = (
        matches.filter(search_vector=search_query)
        .annotate(match_id=F("pk"), match_created=F("created"), rank=SearchRank(F("search_vector"), search_query))
        .order_by("-created")
        .values_list("match_id", "match_created", "rank")[:window]
    )
    sql, params = newest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT window_match.match_id FROM ({sql}) AS window_match "  # noqa: S608 - Django built the inner SQL
            "ORDER BY window_match.rank DESC, window_match.match_created DESC LIMIT %s OFFSET %s",
            [*params, per_page + 1, start],
        )
        ids = [row[0] for row in cursor.fetchall()]
    return ids[:per_page], len(ids) > per_page
