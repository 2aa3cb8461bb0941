"""Forum search: PostgreSQL full-text search over the stored vector, plain icontains on SQLite.

Results are limited to what the searcher may read. The GIN index finds the
matches; ranking runs over the newest RANK_WINDOW of them (so a word found in
most posts costs no more than a rare one); snippets are made for the one page
of results only, in Python from PostgreSQL's own reading of the words
(core.textsearch.highlight): ts_headline cost the database a third of a search.

On PostgreSQL a search is one statement. Building it through the ORM cost
more than running it (3 ms against 1.5), and it differs between searches only
in the words, so it is built once per process and reading scope, with a
stand-in for the words, and the words are put in its place on each search.
"""

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q
from django.utils.safestring import SafeData, mark_safe

from accounts.models import User, public_name
from core.textsearch import clean_query, highlight, query_lexemes
from core.textsearch import plain_snippet as _plain_snippet
from core.urls import address_for_id
from forum import access
from forum.models import Category, Post, Topic
from forum.rendering import snippet_without_mentions

RESULTS_PER_PAGE = 20
RANK_WINDOW = 1000
_WORDS = "\x00words"  # the stand-in: a search's own words never hold a NUL (clean_query drops it)
_statements = {}  # reading scope: (SQL, parameters with the stand-in)


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
    if connection.vendor == "postgresql":
        return _ranked_results(user, query, start)
    readable = access.readable_posts(user)
    words = query.split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(body__icontains=word) | Q(topic__title__icontains=word)
    rows = list(
        readable.filter(condition)
        .select_related("topic__category", "author")
        .order_by("-created")[start : start + RESULTS_PER_PAGE + 1]
    )
    results = [
        _result(
            user,
            url=post.get_absolute_url(),
            topic_title=post.topic.title,
            number=post.number,
            category_name=post.topic.category.name,
            author=post.author,
            created=post.created,
            snippet=_plain_snippet(post.body, words[0]),
        )
        for post in rows[:RESULTS_PER_PAGE]
    ]
    return results, len(rows) > RESULTS_PER_PAGE


def _ranked_results(user, query, start):
    """One page of matches, best first, with their snippets, from one statement (PostgreSQL)."""
    sql, params = _statement(user)
    params = [query if param == _WORDS else param for param in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, RESULTS_PER_PAGE + 1, start])
        rows = cursor.fetchall()
    permalink = address_for_id("forum:permalink")
    lexemes = query_lexemes(rows[0][-1]) if rows else frozenset()
    results = []
    for pk, number, created, title, category, username, display_name, is_active, body, _ in rows[:RESULTS_PER_PAGE]:
        name = None if username is None else public_name(username, display_name, is_active)
        author = None if name is None else SimpleNamespace(public_name=name)
        results.append(
            _result(
                user,
                url=permalink(pk),
                topic_title=title,
                number=number,
                category_name=category,
                author=author,
                created=created,
                snippet=highlight(body, lexemes),
            )
        )
    return results, len(rows) > RESULTS_PER_PAGE


def _statement(user):
    """The search statement for this person's reading scope, made once per process."""
    scope = access.reading_scope(user)
    if scope not in _statements:
        _statements[scope] = _build_statement(user)
    return _statements[scope]


def _build_statement(user):
    """SQL and parameters (the words as _WORDS) of a search; LIMIT and OFFSET are the last two parameters.

    The newest RANK_WINDOW readable matches are ranked, and only the page
    shown is joined to its topic, category and author. Each row ends with the
    body and PostgreSQL's text of the search (for the snippet's marks).
    """
    words = SearchQuery(_WORDS, search_type="websearch", config="english")
    newest = (
        access.readable_posts(user)
        .filter(search_vector=words)
        .annotate(match_id=F("pk"), match_created=F("created"), rank=SearchRank(F("search_vector"), words))
        .order_by("-created")
        .values_list("match_id", "match_created", "rank")[:RANK_WINDOW]
    )
    newest_sql, newest_params = newest.query.sql_with_params()
    post, topic, category, author = (model._meta.db_table for model in (Post, Topic, Category, User))
    sql = (
        "SELECT post.id, post.number, post.created, topic.title, category.name, "  # noqa: S608 - no user input
        "author.username, author.display_name, author.is_active, post.body, "
        "(SELECT websearch_to_tsquery('english'::regconfig, %s)::text) "
        f"FROM (SELECT match_id, match_created, rank FROM ({newest_sql}) AS newest "
        "ORDER BY rank DESC, match_created DESC LIMIT %s OFFSET %s) AS best "
        f'JOIN "{post}" post ON post.id = best.match_id '
        f'JOIN "{topic}" topic ON topic.id = post.topic_id '
        f'JOIN "{category}" category ON category.id = topic.category_id '
        f'LEFT JOIN "{author}" author ON author.id = post.author_id '
        "ORDER BY best.rank DESC, best.match_created DESC"
    )
    return sql, (_WORDS, *newest_params)


def _result(user, *, url, topic_title, number, category_name, author, created, snippet):
    """One result as this person may see it: visitors get "A member" and "@member", never names."""
    if not access.shows_author_names(user):
        # Only text is replaced, so escaped HTML stays safe and plain text stays plain (escaped by the template).
        was_safe = isinstance(snippet, SafeData)
        snippet = snippet_without_mentions(snippet)
        snippet = mark_safe(snippet) if was_safe else snippet  # noqa: S308
    return SearchResult(
        url=url,
        topic_title=topic_title,
        number=number,
        category_name=category_name,
        author_name=access.author_label(user, author),
        created=created,
        snippet=snippet,
    )
