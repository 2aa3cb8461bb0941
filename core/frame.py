"""A page kept whole for everyone who sees it the same way, with the viewer's own parts laid in per request.

Once the posts of a topic page are kept (core.content_cache) and the reader's
marks laid over them (core.overlay), rendering what is around them (the
header, the forum's navigation, the topic's heading and controls, the reply
form, the footer) is most of a member's page view. That frame is the same for
every member who reads the page with the same rights, so it is kept like any
fragment, under the content version and what the view says it varies on.

What is the viewer's own is not in the kept frame but marked, and filled on
each request:
- the parts base.html marks with {% per_request %} (the site header, the role
  banner, flash messages), rendered for this request;
- the CSRF token, whose value is per request (marked by a random word kept
  with the frame: a marker a member could guess, they could put in a title);
- the view's own parts (a topic page's posts with this reader's marks).

Only for signed-in people: visitors' whole pages are kept (core.content_cache).
"""

import re
import secrets

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.content_cache import cached_fragment

PER_REQUEST = re.compile(r"<!--per-request:([\w/.-]+)-->")
# The parts base.html renders per request; nothing else may be named by a marker.
PER_REQUEST_TEMPLATES = frozenset(
    {"components/site_header.html", "components/role_banner.html", "components/messages.html"}
)


def per_request_marker(template_name):
    if template_name not in PER_REQUEST_TEMPLATES:
        raise ValueError(f"{template_name} is not a per-request part")
    return mark_safe(f"<!--per-request:{template_name}-->")  # noqa: S308 - one of PER_REQUEST_TEMPLATES


def csrf_token(request):
    """This request's CSRF token, masked once: each call of Django's get_token draws 32 random characters."""
    token = getattr(request, "_masked_csrf_token", None)
    if token is None:
        token = request._masked_csrf_token = get_token(request)
    return token


def _part_marker(name):
    return mark_safe(f"<!--frame:{name}-->")  # noqa: S308 - a context name chosen by a view


def render_framed(request, template_name, context, *, name, vary_on, parts):
    """render(request, template_name, {**context, **parts}), the frame kept under `name` and `vary_on`.

    `vary_on` must hold everything in `context` that differs between viewers of
    the page; `parts` ({context name: HTML}) are this viewer's and are laid in.
    """
    if not settings.CONTENT_CACHE or not request.user.is_authenticated:
        return render(request, template_name, {**context, **parts})
    csrf_marker, frame = cached_fragment(name, vary_on, lambda: _render_frame(request, template_name, context, parts))
    html = PER_REQUEST.sub(lambda marker: _per_request_part(request, marker.group(1)), frame)
    html = html.replace(csrf_marker, csrf_token(request))
    for part, part_html in parts.items():
        html = html.replace(_part_marker(part), str(part_html))
    return HttpResponse(html)


def _per_request_part(request, template_name):
    if template_name not in PER_REQUEST_TEMPLATES:
        return ""
    return render_to_string(template_name, {"csrf_token": csrf_token(request)}, request)


def _render_frame(request, template_name, context, parts):
    """(the CSRF token's marker, the page with markers for the per-request parts and `parts`)."""
    csrf_marker = secrets.token_hex(16)
    markers = {part: _part_marker(part) for part in parts}
    frame_context = {**context, **markers, "csrf_token": csrf_marker, "kept_frame": True}
    return csrf_marker, render_to_string(template_name, frame_context, request)
