"""Helpers shared by the apps' full-text searches (forum, private messages)."""

import functools
import re
import threading

import snowballstemmer
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
SNIPPET_CHARACTERS = 200  # about the 35 words ts_headline gave a fragment
SNIPPET_FRAGMENTS = 2
_TSQUERY_PART = re.compile(r"'((?:[^']|'')*)'(?::[*A-D]+)?|!|\(|\)")
_SPACE = re.compile(r"\s")
_stemmers = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def clean_query(query):
    """Words to search for: whitespace collapsed, NUL dropped (PostgreSQL refuses it), at most MAX_QUERY_LENGTH."""
    return " ".join((query or "").replace("\x00", " ").split())[:MAX_QUERY_LENGTH]


def query_lexemes(tsquery):
    """The lexemes a match is marked by, read from PostgreSQL's text of a tsquery (`'run' & !'nowher'`).

    Lexemes under a NOT are left out: a result never holds them as the searcher meant them.
    """
    lexemes, negated, outer, pending_not = set(), False, [], False
    for part in _TSQUERY_PART.finditer(tsquery or ""):
        piece = part.group(0)
        if piece == "!":
            pending_not = True
            continue
        if piece == "(":
            outer.append(negated)
            negated = negated or pending_not
        elif piece == ")":
            negated = outer.pop() if outer else False
        elif not (negated or pending_not):
            lexemes.add(part.group(1).replace("''", "'"))
        pending_not = False
    return frozenset(lexemes)


@functools.lru_cache(maxsize=20_000)
def _stem(word):
    """A word's English lexeme, as PostgreSQL's 'english' configuration makes it (both use Snowball)."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word.lower())


def highlight(text, lexemes):
    """Safe HTML: up to two stretches of `text` around the words that match, each such word <mark>ed.

    In place of ts_headline, which cost the database more than the search itself: the
    words are PostgreSQL's lexemes (query_lexemes) and each word of the text that could
    match (it starts as a lexeme does) is stemmed as PostgreSQL stems. With no match
    (the words were in a title), the start of the text.
    """
    text = text or ""
    starts = {lexeme[:2] for lexeme in lexemes if lexeme}
    hits = []
    if starts:
        candidates = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(starts))) + r")\w*", re.IGNORECASE)
        hits = [word.span() for word in candidates.finditer(text) if _stem(word.group()) in lexemes]
    stretches = []
    for start, _ in hits:
        if stretches and start < stretches[-1][1]:
            continue
        if len(stretches) == SNIPPET_FRAGMENTS:
            break
        begin = _word_start(text, max(start - SNIPPET_CHARACTERS // 4, stretches[-1][1] if stretches else 0))
        stretches.append((begin, _word_end(text, begin + SNIPPET_CHARACTERS)))
    if not stretches:
        stretches = [(0, _word_end(text, SNIPPET_CHARACTERS))]
    pieces = []
    for begin, end in stretches:
        marked, at = [], begin
        for start, stop in hits:
            if begin <= start and stop <= end:
                marked += [escape(text[at:start]), "<mark>", escape(text[start:stop]), "</mark>"]
                at = stop
        marked.append(escape(text[at:end]))
        pieces.append(" ".join("".join(marked).split()))
    lead = "… " if stretches[0][0] > 0 else ""
    tail = " …" if stretches[-1][1] < len(text.rstrip()) else ""
    return mark_safe(lead + " … ".join(pieces) + tail)  # noqa: S308 - every piece of the text is escaped


def _word_start(text, at):
    """`at`, moved back to the start of the word it falls in."""
    return max(text.rfind(space, 0, at) for space in " \n\t") + 1 if at > 0 else 0


def _word_end(text, at):
    """`at`, moved on to the end of the word it falls in."""
    space = _SPACE.search(text, at)
    return space.start() if space else len(text)


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
