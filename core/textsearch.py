"""Helpers shared by the apps' full-text searches (forum, private messages)."""

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
