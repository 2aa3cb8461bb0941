"""The page header, rendered once per signed-in person and section and kept until something in it changes.

The header of a signed-in member is the same on every page they open in one
section of the site: their name, their own links, the counts beside the bell,
and which section is current. Rendering it costs more than a small page, so
it is kept under the person's version (core.person_cache), which moves on
whenever their name, roles or header counts change. The sign-out form's CSRF
token is per request, so it is kept as a marker and filled in on each page.

Not kept: visitors (their whole page is cached), and moderators whose role
counts here, whose header shows the applications waiting for any moderator.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from core.person_cache import KEPT_SECONDS, signed_in_version

register = template.Library()

HEADER_TEMPLATE = "components/header.html"
TOKEN_MARKER = "<!--csrf-token-->"  # noqa: S105 - a placeholder, not a secret


def _section(path):
    """Which section is current, as components/nav_sections.html tells: the first part of the path, and if exact."""
    first = path.split("/", 2)[1] if path.startswith("/") and path.count("/") >= 2 else ""
    return f"{first}:{path == f'/{first}/'}"


@register.simple_tag(takes_context=True)
def site_header(context):
    header = context.template.engine.get_template(HEADER_TEMPLATE)
    user = context.get("user")
    request = context.get("request")
    kept = getattr(user, "kept_version", None) is not None  # the signed-in person, loaded by accounts.backends
    if not settings.CONTENT_CACHE or not kept or request is None or user.is_moderator:
        return header.render(context)
    version = signed_in_version(user)
    powers = hashlib.sha256(repr(sorted(user.role_names) + [user.roles_count]).encode()).hexdigest()[:16]
    key = f"site-header:{user.pk}:{version}:{powers}:{_section(request.path)}"
    token = str(context.get("csrf_token", ""))
    kept = cache.get(key)
    if kept is None:
        html = header.render(context)
        kept = html.replace(token, TOKEN_MARKER) if token else html
        cache.set(key, kept, KEPT_SECONDS)
    return mark_safe(kept.replace(TOKEN_MARKER, token))  # noqa: S308 - rendered by the template engine
