"""Organiser tools for Editors: create, edit, repeat and cancel events; attendees; messages."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.edits import EditConflict
from core.permissions import editor_required
from core.spreadsheets import csv_safe
from events import rules, services
from events.forms import (
    AttendeeMessageForm,
    EventCancelForm,
    EventForm,
    MaterialFormSet,
    QuestionFormSet,
    SeriesForm,
    SessionFormSet,
    SpeakerForm,
)
from events.models import Registration, Speaker


def _apply_model_errors(form, error):
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@editor_required
def event_new(request):
    form = EventForm(request.POST or None)
    questions = QuestionFormSet(request.POST or None, prefix="questions")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        try:
            with transaction.atomic():
                event, created = services.event_create(organiser=request.user, **form.cleaned_data)
                if created:  # sent twice: the first request saved the questions
                    questions.instance = event
                    questions.save()
        except ValidationError as error:
            _apply_model_errors(form, error)
        else:
            messages.success(request, f"“{event.title}” is saved as {event.get_status_display().lower()}.")
            return redirect(event)
    invalid = request.method == "POST"
    context = {"form": form, "questions": questions, "materials": None, "event": None}
    return render(request, "events/event_form.html", context, status=400 if invalid else 200)


@editor_required
def event_edit(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = EventForm(data, instance=event)
    questions = QuestionFormSet(data, instance=event, prefix="questions")
    materials = MaterialFormSet(data, files, instance=event, prefix="materials")
    if request.method == "POST" and form.is_valid() and questions.is_valid() and materials.is_valid():
        event.refresh_from_db()  # the form wrote its values onto the instance; the service applies them
        try:
            with transaction.atomic():
                services.event_update(event=event, changes=form.changes(), check=form.check_against)
                questions.save()
                materials.save()
        except EditConflict as conflict:
            form.add_error(None, conflict.messages)
        except ValidationError as error:
            _apply_model_errors(form, error)
        else:
            messages.success(request, f"“{event.title}” is saved.")
            return redirect(event)
    invalid = request.method == "POST"
    context = {"form": form, "questions": questions, "materials": materials, "event": event}
    return render(request, "events/event_form.html", context, status=400 if invalid else 200)


@editor_required
def event_cancel(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    form = EventCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_cancel(event=event, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"“{event.title}” is cancelled and everyone registered has been told.")
        return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


@editor_required
def event_repeat(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series, copies = services.series_create(
            event=event, repeat=form.cleaned_data["repeat"], count=form.cleaned_data["count"], by=request.user
        )
        messages.success(request, f"Added {len(copies)} more dates to the series “{series.title}”.")
        return redirect(event)
    return render(request, "events/event_repeat.html", {"form": form, "event": event})


def _attendees(event):
    registrations = list(
        event.registrations.active().select_related("member").order_by("status", "waitlisted_at", "created_at", "pk")
    )
    confirmed = [r for r in registrations if r.is_confirmed]
    waitlist = sorted((r for r in registrations if r.is_waitlisted), key=lambda r: (r.waitlisted_at, r.pk))
    return confirmed, waitlist


@editor_required
def attendees(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    questions = list(event.questions.all())
    confirmed, waitlist = _attendees(event)
    for registration in confirmed + waitlist:
        registration.answer_list = [registration.answers.get(str(q.pk), "") for q in questions]
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "questions": questions,
            "confirmed": confirmed,
            "waitlist": waitlist,
            "attended_count": sum(1 for r in confirmed if r.attended_at),
        },
    )


@editor_required
def attendees_csv(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    questions = list(event.questions.all())
    confirmed, waitlist = _attendees(event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    # Every cell is escaped, the header row too: question texts are typed by organisers.
    writer.writerow(
        csv_safe(cell)
        for cell in [
            "Name",
            "Username",
            "Email",
            "Status",
            "Waitlist position",
            "Registered (London time)",
            "Attended (London time)",
            *(q.text for q in questions),
        ]
    )
    rows = [(r, None) for r in confirmed] + [(r, n) for n, r in enumerate(waitlist, start=1)]
    for registration, position in rows:
        member = registration.member
        writer.writerow(
            csv_safe(cell)
            for cell in [
                member.public_name,
                member.username,
                member.email,
                registration.get_status_display(),
                position or "",
                timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                timezone.localtime(registration.attended_at).strftime("%Y-%m-%d %H:%M")
                if registration.attended_at
                else "",
                *(registration.answers.get(str(q.pk), "") for q in questions),
            ]
        )
    return response


@editor_required
def email_attendees(request, slug):
    event = rules.get_event_for_user(request.user, slug)
    form = AttendeeMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.event_message(
            event=event,
            sender=request.user,
            subject=form.cleaned_data["subject"],
            message=form.cleaned_data["message"],
        )
        messages.success(request, f"Your message went to {sent} attendee{'s' if sent != 1 else ''}.")
        return redirect("events:attendees", slug=event.slug)
    recipients = Registration.objects.confirmed().filter(event=event).count()
    return render(
        request,
        "events/email_attendees.html",
        {"form": form, "event": event, "recipients": recipients},
        status=400 if form.errors else 200,
    )


@editor_required
def agenda_edit(request, slug):
    """The conference agenda: sessions, their times, tracks and speakers."""
    event = rules.get_event_for_user(request.user, slug)
    sessions = SessionFormSet(request.POST or None, instance=event, prefix="sessions")
    if request.method == "POST" and sessions.is_valid():
        sessions.save()
        messages.success(request, f"The agenda of “{event.title}” is saved.")
        return redirect(event)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/agenda_form.html", {"event": event, "sessions": sessions}, status=status)


@editor_required
def speaker_edit(request, slug, pk=None):
    event = rules.get_event_for_user(request.user, slug)
    speaker = get_object_or_404(Speaker, pk=pk) if pk else None
    form = SpeakerForm(request.POST or None, request.FILES or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        speaker = form.save()
        messages.success(request, f"{speaker.name} is saved. Add them to sessions on the agenda page.")
        return redirect("events:agenda_edit", slug=event.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "events/speaker_form.html", {"event": event, "form": form, "speaker": speaker}, status=status
    )
