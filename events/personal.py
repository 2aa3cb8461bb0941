"""The parts of the events pages that differ from one member to the next.

The upcoming list and an event page look the same to everyone who may see
them, so the views render them once per content version and keep the HTML
(core.content_cache). Where the page shows something that belongs to one
person (their registration badge on a list row, the "Your place" panel, the
star buttons of a conference agenda and the forms' CSRF token), the shared
HTML holds a marker, `{{ event.pk|me:"registration" }}`, and `fill` puts this
viewer's part in its place, built from what the view read for them (one small
query), as forum.personal does for topic pages.

Shared HTML is rendered by our own templates: titles and abstracts are
escaped and the description is sanitised (comments stripped), so nobody can
write a marker into it.
"""

from django.db import connection
from django.urls import reverse
from django.utils.html import format_html

from events.models import Registration

_PK = 999_999_999  # stands for a session's id in an address reversed once per page


# Read on every view of the list and of an event page, so written as SQL: building these
# through the ORM cost more than running them. Table names come from the model, values are parameters.
_STATUSES_SQL = (
    "SELECT event_id, status FROM {table} WHERE member_id = %s AND status IN (%s, %s) AND event_id IN ({marks})"
)
_REGISTRATION_SQL = (
    "SELECT id, event_id, member_id, status, waitlisted_at, attended_at FROM {table}"
    " WHERE event_id = %s AND member_id = %s AND status IN (%s, %s)"
)


def registration_statuses(member_id, event_ids):
    """{event id: status} of the member's active registrations among these events, in one statement."""
    event_ids = [int(pk) for pk in event_ids]
    if member_id is None or not event_ids:
        return {}
    sql = _STATUSES_SQL.format(table=Registration._meta.db_table, marks=", ".join(["%s"] * len(event_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [member_id, *Registration.ACTIVE, *event_ids])
        return dict(cursor.fetchall())


def registration_of(member_id, event_id):
    """The member's active registration for the event (the fields the event page uses), or None."""
    if member_id is None:
        return None
    sql = _REGISTRATION_SQL.format(table=Registration._meta.db_table)
    found = list(Registration.objects.raw(sql, [event_id, member_id, *Registration.ACTIVE]))
    return found[0] if found else None


REGISTRATION_BADGES = {
    "confirmed": '<span class="badge text-bg-primary">You are registered</span>',
    "waitlisted": '<span class="badge text-bg-secondary">You are on the waiting list</span>',
}


def registration_badges(statuses):
    """The part for list rows: {event id: registration status} → that member's badge."""
    return lambda pk: REGISTRATION_BADGES.get(statuses.get(pk), "")


class StarForms:
    """The "Add to my agenda" buttons of one event's sessions, for one member (the address reversed once)."""

    def __init__(self, event_slug, *, starred, csrf_token):
        self.action = reverse("events:toggle_star", args=[event_slug, _PK])
        self.starred = starred
        self.csrf_token = csrf_token

    def __call__(self, session):
        pk = session.pk
        action = self.action.replace(str(_PK), str(pk))
        if pk in self.starred:
            announce = format_html("“{}” is in your agenda.", session.title)
            button = format_html(
                '<button type="submit" class="btn btn-sm btn-warning"><span aria-hidden="true">★</span> '
                'In my agenda<span class="visually-hidden">: remove “{}”</span></button>',
                session.title,
            )
        else:
            announce = format_html("“{}” is no longer in your agenda.", session.title)
            button = format_html(
                '<button type="submit" class="btn btn-sm btn-outline-secondary"><span aria-hidden="true">☆</span> '
                'Add to my agenda<span class="visually-hidden">: “{}”</span></button>',
                session.title,
            )
        return format_html(
            '<form method="post" action="{}" hx-post="{}" hx-target="#session-{}" hx-swap="outerHTML" '
            'data-announce="{}"><input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form>',
            action,
            action,
            pk,
            announce,
            self.csrf_token,
            button,
        )
