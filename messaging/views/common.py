"""What every page of private messages shares."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

from messaging import access


def private(view=None, *, keeps_drafts=False):
    """Signed-in people only (visitors are sent to sign in), never kept by a browser or proxy cache,
    never a content-cache bump, and access.Refused turned into its response.

    keeps_drafts: a post without a session reaches the view, which shows the text
    again with a way to sign in (the forum does the same).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            anonymous_post = keeps_drafts and request.method == "POST" and not user.is_authenticated
            if not anonymous_post and not (user.is_authenticated and user.is_active):
                return redirect_to_login(request.get_full_path())
            try:
                response = view(request, *args, **kwargs)
            except access.Refused as refused:
                response = refused.response
            add_never_cache_headers(response)
            return response

        return wrapped

    return decorator(view) if view is not None else decorator
