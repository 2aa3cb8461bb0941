"""Small helpers shared by the forum's views."""

from functools import wraps

from django.shortcuts import render

from core.pagination import NumberPage, page_number  # noqa: F401 - the forum's views import them from here
from core.permissions import redirect_to_sign_in
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
        return redirect_to_sign_in(request, "post")
    return render(request, "forum/refused.html", {"suspended": user.is_suspended}, status=403)


def load_roles(users):
    """Fill each user's role cache from prefetched groups (prefetch_related('author__groups'))."""
    for user in users:
        if user is not None and not hasattr(user, "_role_names"):
            user._role_names = frozenset(group.name for group in user.groups.all())
