"""Pages of the forum's lists (topics, bookmarks), built so that a page costs at most one small query.

- A page of a shared list (a category's topics, the latest topics) is the same
  for everyone with the same reading scope: `shared_topic_page` builds it (the
  topics' small facts and their rows' HTML) for the view to keep until content
  changes; the reader's unread marks are laid over it (forum.personal), from
  their read state for just those topics (forum.reading.kept_read_positions).
- A personal list (unread topics, bookmarks) is a page of ids read with its
  count in one statement (`counted_page`); each row's HTML is the same for
  everyone and kept per object (`kept_rows`). The view keeps the member's page
  until content changes or they read, mute or bookmark something
  (forum.personal.own_version).
"""

from django.core.paginator import Paginator
from django.db import connection

from core.content_cache import cached_many
from core.pagination import NumberPage, page_count
from forum import personal
from forum.models import TOPICS_PER_PAGE


class TopicFacts:
    """What a topic list's unread marks need to know of a topic (forum.reading.unread_marks)."""

    __slots__ = ("pk", "last_number", "last_posted_at")

    def __init__(self, pk, last_number, last_posted_at):
        self.pk, self.last_number, self.last_posted_at = pk, last_number, last_posted_at

    def __getstate__(self):
        return (self.pk, self.last_number, self.last_posted_at)

    def __setstate__(self, state):
        self.pk, self.last_number, self.last_posted_at = state


class TopicPage:
    """One page of a topic list: shared (the same for everyone with the same reading scope) unless it has positions."""

    def __init__(self, number, num_pages, topics, rows, *, positions=None):
        self.number, self.num_pages = number, num_pages
        self.topics = topics  # TopicFacts, in order
        self.rows = rows  # their rows' HTML, with markers for the reader's unread marks
        self.positions = positions  # {topic id: last read number} of one member, for a personal list


def shared_topic_page(queryset, number, user, *, show_category):
    """Page `number` of the topics (past the end: the last page), rendered for this user's reading scope."""
    paginator = Paginator(queryset.for_list(), TOPICS_PER_PAGE)
    page = paginator.get_page(number)
    topics = list(page.object_list)
    rows = personal.render_topic_rows(topics, user, show_category=show_category)
    facts = [TopicFacts(topic.pk, topic.last_number, topic.last_posted_at) for topic in topics]
    return TopicPage(page.number, paginator.num_pages, facts, rows)


def counted_page(queryset, number, per_page, fields, order):
    """(NumberPage, [tuples of fields]): page `number` of queryset and how many there are, in one statement.

    `order` lists (field, descending) pairs, each field among `fields`. The query
    is the queryset's own (its rules stay where they are written), kept once as a
    common table expression that is both counted and cut: the planner then reads
    it in one pass instead of probing row by row for a window count. A page past
    the end is the last page, as Paginator.get_page gives (two more queries then).
    """
    compiler = queryset.order_by().values_list(*fields).query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    # What the ORM would do to each value on the way out (SQLite's datetimes made aware, say).
    converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
    columns = ", ".join(f"{fields.index(name) + 1}{' DESC' if descending else ''}" for name, descending in order)
    statement = (
        f"WITH found AS ({sql}) SELECT found.*, (SELECT COUNT(*) FROM found)"  # noqa: S608 - the ORM's SQL
        f" FROM found ORDER BY {columns} LIMIT %s OFFSET %s"
    )

    def rows_of(number):
        with connection.cursor() as cursor:
            cursor.execute(statement, [*params, per_page, (number - 1) * per_page])
            rows = cursor.fetchall()
        return list(compiler.apply_converters(rows, converters)) if converters else rows

    rows = rows_of(number)
    if rows:
        total = rows[0][-1]
    else:
        total = queryset.count() if number > 1 else 0
        if total:
            number = page_count(total, per_page)
            rows = rows_of(number)
    num_pages = page_count(total, per_page)
    return NumberPage(min(number, num_pages), num_pages), [row[:-1] for row in rows]


class Ref:
    """Stands for an object by its id (cached_many asks for .pk)."""

    __slots__ = ("pk",)

    def __init__(self, pk):
        self.pk = pk


def kept_rows(name, vary_on, refs, *, load, render):
    """The shared HTML of one row per ref (anything with .pk), each kept until content changes (cached_many).

    The first row not kept yet loads them all, load(ids) -> {pk: object} in one query; render(object) is its row.
    """
    loaded = None

    def row(ref):
        nonlocal loaded
        if loaded is None:
            loaded = load([ref.pk for ref in refs])
        found = loaded.get(ref.pk)
        return "" if found is None else render(found)

    return cached_many(name, vary_on, refs, row)
