"""Small helpers shared by the forum's views."""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from forum import access


def refusable(view):
    """Turn access.Refused (raised by the scoped getters) into its response."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except access.Refused as refused:
            return refused.response

    return wrapped


def refuse_writer(request):
    """The response for someone who may not write: sign in, apply, or a suspension notice."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "forum/refused.html", {"suspended": user.is_suspended}, status=403)


def load_roles(users):
    """Fill each user's role cache from prefetched groups (prefetch_related('author__groups'))."""
    for user in users:
        if user is not None and not hasattr(user, "_role_names"):
            user._role_names = frozenset(group.name for group in user.groups.all())


@dataclass
class NumberPage:
    """Enough of a Page for components/pagination.html, for pages cut by post number."""

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


# Far beyond any real page, and small enough that page × page size fits every integer column.
MAX_PAGE = 100_000


def page_number(request, default=1):
    try:
        return min(MAX_PAGE, max(1, int(request.GET.get("page", default))))
    except (TypeError, ValueError):
        return default
