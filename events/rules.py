"""Who may do what with events: the one place these rules live.

Views, templates (through the context views build), services and the admin all
ask here, so "may this person register" has a single answer.
"""

from django.http import Http404
from django.utils import timezone

from core.permissions import is_editor, is_member
from events.models import Event, Registration


def may_manage_events(user):
    """Organisers: Editors create, edit and cancel events and see attendees."""
    return is_editor(user)


def get_event_for_user(user, slug, *, queryset=None):
    """The scoped getter: drafts exist only for organisers; everyone else gets a 404."""
    queryset = queryset if queryset is not None else Event.objects.all()
    if not may_manage_events(user):
        queryset = queryset.visible()
    try:
        return queryset.get(slug=slug)
    except Event.DoesNotExist:
        raise Http404("No such event.") from None


def may_see_event(user, event):
    """The same rule as get_event_for_user, for an event already in hand (the event page keeps it)."""
    return event.is_visible or may_manage_events(user)


def registration_refusal(*, event, member, now=None):
    """Why `member` may not register for `event` now, as a sentence; None when they may."""
    now = now or timezone.now()
    if not member.is_authenticated:
        return "Sign in to register."
    if not member.is_active or not is_member(member):
        return "Only members of the network can register. Verify your email address or apply to join first."
    if member.is_suspended:
        return "Your account is suspended, so you cannot register for events at the moment."
    if event.status == Event.Status.CANCELLED:
        return "This event has been cancelled."
    if event.status != Event.Status.PUBLISHED:
        return "This event is not open for registration."
    if event.starts_at <= now:
        return "This event has already started, so registration is closed."
    if event.registration_opens_at and now < event.registration_opens_at:
        local = timezone.localtime(event.registration_opens_at)
        return f"Registration opens on {local:%-d %B %Y at %H:%M} {local.tzname()}."
    if event.registration_closes_at and now >= event.registration_closes_at:
        return "Registration for this event has closed."
    return None


def may_see_join_link(*, event, registration, user, now=None):
    """Only confirmed attendees, only from the set time before the start until the end."""
    now = now or timezone.now()
    return bool(
        event.join_url
        and event.is_online
        and event.status == Event.Status.PUBLISHED
        and registration is not None
        and registration.is_confirmed
        and registration.member_id == user.pk
        and is_member(user)
        and not user.is_suspended
        and event.join_link_visible_from <= now <= event.ends_at
    )


def may_star_sessions(*, registration):
    """A member builds "my agenda" once they have a place or a waitlist place."""
    return registration is not None and registration.is_active


def check_in_refusal(*, event, user, now=None):
    """Why `user` may not mark attendance at `event` now, as a sentence; None when they may.

    Organisers check people in from the day the event starts (at the door, or
    afterwards from the sign-in sheet), never for a draft or cancelled event.
    """
    now = now or timezone.now()
    if not may_manage_events(user):
        return "Only organisers can mark attendance."
    if event.status != Event.Status.PUBLISHED:
        return "Attendance can be marked only for a published event."
    if timezone.localtime(now).date() < timezone.localtime(event.starts_at).date():
        local = timezone.localtime(event.starts_at)
        return f"Check-in opens on the day of the event ({local:%-d %B %Y})."
    return None


def get_attended_registration(user, slug):
    """The scoped getter for a certificate: the member's own attended place at a published event, else 404."""
    if not is_member(user):
        raise Http404("No certificate here.")
    registration = (
        Registration.objects.attended()
        .filter(member=user, event__slug=slug, event__status=Event.Status.PUBLISHED)
        .select_related("event", "member")
        .first()
    )
    if registration is None:
        raise Http404("No certificate here.")
    return registration


def get_certificate_by_code(code):
    """A certificate anyone may verify by its code: genuine only while the place is marked attended."""
    if not code or len(code) > 64:
        raise Http404("No such certificate.")
    registration = (
        Registration.objects.attended()
        .filter(certificate_code=code, event__status=Event.Status.PUBLISHED)
        .select_related("event", "member")
        .first()
    )
    if registration is None:
        raise Http404("No such certificate.")
    return registration
