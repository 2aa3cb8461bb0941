"""Search snippets made in Python: the words PostgreSQL matched are marked, the text is escaped."""

import pytest
from django.db import connection

from core.textsearch import SNIPPET_CHARACTERS, highlight, query_lexemes


def test_lexemes_under_a_not_are_left_out():
    tsquery = "'zanzibarit' & 'studi' & !'nowher' & 'run' <2> 'threshold' | 'interoper' & !( 'big' <-> 'data' )"
    assert query_lexemes(tsquery) == {"zanzibarit", "studi", "run", "threshold", "interoper"}


def test_lexemes_of_nothing():
    assert query_lexemes("") == frozenset()
    assert query_lexemes(None) == frozenset()


def test_a_quote_in_a_lexeme():
    assert query_lexemes("'o''brien' & 'ward'") == {"o'brien", "ward"}


def test_every_form_of_a_stemmed_word_is_marked():
    snippet = highlight("Our studies show one study is not enough. Studying helps.", {"studi"})
    assert snippet.count("<mark>") == 3
    assert "<mark>studies</mark>" in snippet and "<mark>study</mark>" in snippet and "<mark>Studying</mark>" in snippet


def test_words_that_only_start_alike_are_not_marked():
    assert "<mark>" not in highlight("A student stood up.", {"studi"})


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script> sepsis",
        '<img src=x onerror="alert(1)"> sepsis',
        "sepsis</mark><script>alert(1)</script>",
        "sepsis \x00 & < >",
    ],
)
def test_text_is_escaped_and_only_our_marks_are_html(hostile):
    snippet = highlight(hostile, {"sepsi"})
    assert "<script" not in snippet and "<img" not in snippet
    assert snippet.count("<mark>") == 1 and snippet.count("</mark>") == 1
    assert "<mark>sepsis</mark>" in snippet


def test_long_text_gives_two_stretches_around_the_matches():
    text = "alpha " * 100 + "sepsis early " + "beta " * 100 + "sepsis late " + "gamma " * 100
    snippet = str(highlight(text, {"sepsi"}))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert snippet.count("<mark>sepsis</mark>") == 2 and " … " in snippet.removeprefix("… ").removesuffix(" …")
    assert len(snippet) < 3 * SNIPPET_CHARACTERS
    assert snippet.count("alpha") < 20 and snippet.count("gamma") < 40  # around the matches, not the whole text


def test_no_match_gives_the_start_of_the_text():
    text = "The words were in the title. " * 30
    snippet = str(highlight(text, {"sepsi"}))
    assert snippet.startswith("The words were in the title.") and snippet.endswith(" …")
    assert len(snippet) <= SNIPPET_CHARACTERS + 40


def test_short_text_is_whole_and_whitespace_is_one_space():
    assert str(highlight("Sepsis\n\nalerts   work", {"sepsi"})) == "<mark>Sepsis</mark> alerts work"
    assert str(highlight("", {"sepsi"})) == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stemming")
@pytest.mark.django_db
def test_marks_the_words_postgresql_matched():
    """The stemmer agrees with PostgreSQL's 'english' configuration on the words a search matches."""
    words = "organisations running studies thresholds interoperability clinicians prescribing discharged"
    with connection.cursor() as cursor:
        cursor.execute("SELECT websearch_to_tsquery('english', %s)::text", [words])
        lexemes = query_lexemes(cursor.fetchone()[0])
    snippet = highlight(f"Our {words} today.", lexemes)
    assert snippet.count("<mark>") == len(words.split())
