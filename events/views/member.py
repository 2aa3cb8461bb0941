"""What a member does: register, cancel, leave a waitlist, star sessions, see their events."""

import contextlib
from functools import partial

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.content_cache import cached_until_changed
from core.permissions import member_required
from events import rules, services
from events.forms import RegistrationForm
from events.models import CalendarToken, Event, Registration, SessionStar
from events.views.public import event_page


@require_POST
@member_required
def register(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    form = RegistrationForm(request.POST, questions=event.questions.all())
    if not form.is_valid():
        messages.error(request, "Please check your answers below.")
        return event_page(request, slug, registration_form=form, status=400)
    try:
        registration = services.registration_create(event=event, member=request.user, answers=form.answers())
    except services.RegistrationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(event)
    if registration.is_confirmed:
        messages.success(request, f"You are registered for {event.title}. We have sent you a confirmation.")
    else:
        messages.info(
            request,
            f"{event.title} is full, so you are number {registration.position} on the waiting list. "
            "We will tell you if a place comes up.",
        )
    return redirect(event)


@member_required
def cancel_registration_confirm(request, slug):
    """Ask before giving up a place or leaving the waiting list: one key press never undoes a place."""
    event = rules.get_event_for_user(request.user, slug)
    registration = Registration.objects.active().filter(event=event, member=request.user).first()
    if registration is None:
        messages.info(request, "You are not registered for this event.")
        return redirect(event)
    context = {
        "event": event,
        "registration": registration,
        "waitlisted": registration.status == Registration.Status.WAITLISTED,
        "back_to_my_events": request.GET.get("next") == "my",
    }
    return render(request, "events/cancel_confirm.html", context)


@require_POST
@member_required
def cancel_registration(request, slug):
    """Give up a place, or leave the waiting list."""
    event = rules.get_event_for_user(request.user, slug)
    registration = Registration.objects.active().filter(event=event, member=request.user).first()
    if registration is None:
        messages.info(request, "You are not registered for this event.")
        return redirect(event)
    # What the member's page showed: the action applies to that state or not at all.
    seen = request.POST.get("seen")
    if seen not in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED):
        seen = registration.status
    try:
        if seen == Registration.Status.WAITLISTED:
            services.waitlist_leave(registration=registration)
            messages.success(request, f"You have left the waiting list for {event.title}.")
        else:
            services.registration_cancel(registration=registration, expected_status=seen)
            messages.success(request, f"Your place at {event.title} is cancelled.")
    except services.RegistrationChanged as changed:
        messages.warning(request, " ".join(changed.messages))
    except services.RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("next") == "my":
        return redirect("events:my_events")
    return redirect(event)


@require_POST
@member_required
def toggle_star(request, slug, pk):
    event = rules.get_event_for_user(request.user, slug)
    session = get_object_or_404(event.sessions, pk=pk)
    registration = Registration.objects.active().filter(event=event, member=request.user).first()
    if not rules.may_star_sessions(registration=registration):
        messages.error(request, "Register for the event to build your own agenda.")
        return redirect(event)
    star = SessionStar.objects.filter(session=session, member=request.user).first()
    if star:
        star.delete()
        message = f"Removed “{session.title}” from your agenda."
    else:
        with contextlib.suppress(IntegrityError):  # starred twice at once: it is starred either way
            SessionStar.objects.create(session=session, member=request.user)
        message = f"Added “{session.title}” to your agenda."
    if request.htmx:
        return _star_fragment(request, event, session)
    messages.success(request, message)
    return redirect(f"{event.get_absolute_url()}#session-{session.pk}")


def _star_fragment(request, event, session):
    """The session's agenda entry, and "My agenda" swapped out of band."""
    stars = SessionStar.objects.filter(member=request.user, session__event=event).select_related("session")
    my_agenda = sorted((star.session for star in stars), key=lambda s: (s.starts_at, s.track, s.pk))
    context = {
        "event": event,
        "session": session,
        "starred": {s.pk for s in my_agenda},
        "my_agenda": my_agenda,
        "may_star": True,
        "oob": True,
    }
    html = render_to_string("events/_session.html", context, request=request)
    html += render_to_string("events/_my_agenda.html", context, request=request)
    return HttpResponse(html)


def _feed_token(member):
    token, _ = CalendarToken.objects.get_or_create(member=member)
    return token


def _feed_url(request):
    """The member's private calendar address (made on their first visit)."""
    token = CalendarToken.objects.filter(member_id=request.user.pk).values_list("token", flat=True).first()
    if token is None:
        token = _feed_token(request.user).token
    return request.build_absolute_uri(reverse("events:my_feed", args=[token]))


def _my_places(member_id):
    """(HTML of one member's upcoming and past places, when it changes by the clock: an event starts or ends).

    Kept for that member alone (the key holds their id) until content changes:
    every registration, theirs or anyone's ahead of them in a waiting list, is content.
    """
    now = timezone.now()
    ahead_in_line = (
        Registration.objects.filter(event=OuterRef("event"), status=Registration.Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    registrations = (
        Registration.objects.active()
        .filter(member_id=member_id)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event")
        .annotate(position=Coalesce(Subquery(ahead_in_line), 0) + 1)
        .order_by(F("event__starts_at").asc())
    )
    upcoming, past = [], []
    for registration in registrations:
        (past if registration.event.ends_at < now else upcoming).append(registration)
    html = render_to_string("events/_my_events_content.html", {"upcoming": upcoming, "past": list(reversed(past))})
    # An upcoming event starting hides "Cancel my place"; ending, it moves to the events attended.
    moments = [moment for r in upcoming for moment in (r.event.starts_at, r.event.ends_at) if moment > now]
    return html, min(moments, default=None)


@member_required
def my_events(request):
    listing, _ = cached_until_changed("my-events", [request.user.pk], partial(_my_places, request.user.pk))
    return render(request, "events/my_events.html", {"listing": listing, "feed_url": _feed_url(request)})


@require_POST
@member_required
def reset_feed(request):
    CalendarToken.objects.filter(member=request.user).delete()
    _feed_token(request.user)
    messages.success(request, "Your private calendar address has changed. The old one no longer works.")
    return redirect("events:my_events")
