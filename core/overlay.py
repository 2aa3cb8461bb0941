"""One person's parts laid over HTML that is shared by everyone who may see it.

A page that is the same for many readers is rendered once and kept
(core.content_cache). Where it shows something that belongs to the reader
(a "New" badge, their own edit link, their registration, a CSRF token), the
shared HTML holds a marker, `<!--me:kind:pk-->`, and each request fills it in
from what it loaded for that reader: a few cheap queries or kept sets, not a
second render. The forum (forum.personal), events (events.personal) and
messages (messaging.personal) build their parts as strings.
"""

import re

from django.utils.safestring import mark_safe

MARKER = re.compile(r"<!--me:(\w+):(\d+)-->")


def marker(kind, pk=0):
    return mark_safe(f"<!--me:{kind}:{int(pk)}-->")  # noqa: S308 - a fixed kind and an integer


def fill(html, parts):
    """Shared HTML with each marker replaced by parts[kind](pk); a kind with no part is left out."""

    def part(match):
        make = parts.get(match.group(1))
        return "" if make is None else str(make(int(match.group(2))))

    return mark_safe(MARKER.sub(part, html))  # noqa: S308 - shared HTML rendered by our templates


def fill_objects(html, objects, parts):
    """Shared HTML with each marker replaced by parts[kind](objects[pk]); markers of other objects are left out."""

    def part(match):
        obj = objects.get(int(match.group(2)))
        return "" if obj is None else str(parts[match.group(1)](obj))

    return mark_safe(MARKER.sub(part, html))  # noqa: S308 - shared HTML rendered by our templates
