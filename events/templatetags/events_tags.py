"""Showing event times: always London time, always with the zone named (GMT or BST)."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from core import overlay
from events import personal

register = template.Library()


def _local(moment):
    return timezone.localtime(moment)


@register.filter
def when(item):
    """'Tuesday 3 March 2026, 09:00–10:30 GMT' for an event or session (anything with starts_at/ends_at)."""
    start, end = _local(item.starts_at), _local(item.ends_at)
    if start.date() == end.date():
        if start.tzname() == end.tzname():
            return f"{date_format(start, 'l j F Y')}, {start:%H:%M}–{end:%H:%M} {end.tzname()}"
        return f"{date_format(start, 'l j F Y')}, {start:%H:%M} {start.tzname()} to {end:%H:%M} {end.tzname()}"
    return (
        f"{date_format(start, 'l j F Y')}, {start:%H:%M} {start.tzname()} "
        f"to {date_format(end, 'l j F Y')}, {end:%H:%M} {end.tzname()}"
    )


@register.filter
def short_when(item):
    """'Tue 3 Mar 2026, 09:00 GMT'."""
    start = _local(item.starts_at)
    return f"{date_format(start, 'D j M Y')}, {start:%H:%M} {start.tzname()}"


@register.filter
def clock(moment):
    """'09:00 BST'."""
    local = _local(moment)
    return f"{local:%H:%M} {local.tzname()}"


@register.filter
def session_times(session):
    start, end = _local(session.starts_at), _local(session.ends_at)
    return f"{start:%H:%M}–{end:%H:%M} {end.tzname()}"


@register.filter
def me(pk, kind):
    """A marker in shared HTML where this viewer's own part goes (events.personal)."""
    return overlay.marker(kind, pk)


@register.simple_tag(takes_context=True)
def star_form(context, event, session):
    """A session's "Add to my agenda" button, as the event page lays it over the shared agenda."""
    forms = personal.StarForms(event.slug, starred=context.get("starred", ()), csrf_token=context.get("csrf_token"))
    return forms(session)
