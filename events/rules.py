"""Who may do what with events: the one place these rules live.

Views, templates (through the context views build), services and the admin all
ask here, so "may this person register" has a single answer.
"""

from django.http import Http404
from django.utils import timezone

from core.permissions import is_editor, is_member
from events.models import Event


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
