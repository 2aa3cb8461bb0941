"""Search within one's own conversations: PostgreSQL full-text search, plain icontains on SQLite.

The same shape as the forum's search (forum/search.py): a stored, weighted
vector (subject A on the first message, body B) with a GIN index; ranking
over the newest RANK_WINDOW matches; snippets for the one page shown
(core.textsearch.highlight). Only conversations the person may read are searched (access.py), and
never messages hidden by moderators or written by someone they blocked.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from core.textsearch import clean_query, highlight, plain_snippet, query_lexemes, ranked_page
from messaging import access
from messaging.models import Message, author_label

RESULTS_PER_PAGE = 20
RANK_WINDOW = 1000


@dataclass(frozen=True)
class SearchResult:
    url: str
    subject: str
    number: int
    author_name: str
    created: datetime
    snippet: str  # safe HTML with <mark>ed words on PostgreSQL, plain text on SQLite


def searchable(user, conversation=None):
    messages = Message.objects.filter(
        kind=Message.Kind.MESSAGE, hidden=False, conversation__in=access.visible_conversations(user)
    ).exclude(access.blocked_for(user))
    if conversation is not None:
        messages = messages.filter(conversation=conversation)
    return messages


def search_messages(user, query, *, conversation=None, page=1):
    """Return (results, has_next) for one page of matches."""
    query = clean_query(query)
    if not query:
        return [], False
    start = (max(1, page) - 1) * RESULTS_PER_PAGE
    messages = searchable(user, conversation)
    for_moderators = access.can_moderate(user)
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, search_type="websearch", config="english")
        ids, has_next = ranked_page(messages, search_query, start=start, per_page=RESULTS_PER_PAGE, window=RANK_WINDOW)
        rows = (
            Message.objects.filter(pk__in=ids)
            .select_related("conversation", "author")
            .annotate(search_words=Cast(search_query, output_field=TextField()))
        )
        by_id = {message.pk: message for message in rows}
        lexemes = query_lexemes(next(iter(by_id.values())).search_words) if by_id else frozenset()
        results = [_result(by_id[pk], highlight(by_id[pk].body, lexemes), for_moderators) for pk in ids if pk in by_id]
        return results, has_next
    words = query.split()[:8]
    condition = Q()
    for word in words:
        condition &= Q(body__icontains=word) | Q(number=1, conversation__subject__icontains=word)
    rows = list(
        messages.filter(condition)
        .select_related("conversation", "author")
        .order_by("-created", "-pk")[start : start + RESULTS_PER_PAGE + 1]
    )
    results = [_result(m, plain_snippet(m.body, words[0]), for_moderators) for m in rows[:RESULTS_PER_PAGE]]
    return results, len(rows) > RESULTS_PER_PAGE


def _result(message, snippet, for_moderators):
    return SearchResult(
        url=message.get_absolute_url(),
        subject=message.conversation.subject,
        number=message.number,
        author_name=author_label(message, for_moderators=for_moderators),
        created=message.created,
        snippet=snippet,
    )
