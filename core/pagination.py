"""Pages cut by a stored number (post or message number) instead of OFFSET.

A long topic or conversation numbers its rows 1, 2, 3...; page N holds the
numbers ((N-1)*size + 1) to N*size, read through the (parent, number) index,
so the last page of a 5,000-row thread costs what page 1 costs.
"""

from dataclasses import dataclass


@dataclass
class NumberPage:
    """Enough of a Page for components/pagination.html, for pages cut by number."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def has_other_pages(self):
        return self.num_pages > 1

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def page_count(last_number, per_page):
    return max(1, (last_number + per_page - 1) // per_page)


def page_of(number, per_page):
    """The page that holds row `number`."""
    return (max(1, number) - 1) // per_page + 1


def number_range(page, per_page):
    """(low, high): the row numbers on a page, both included."""
    return (page - 1) * per_page + 1, page * per_page


# Far beyond any real page, and small enough that page × page size fits every integer column.
MAX_PAGE = 100_000


def page_number(request, default=1):
    try:
        return min(MAX_PAGE, max(1, int(request.GET.get("page", default))))
    except (TypeError, ValueError):
        return default
