"""Attendance: the organisers' check-in page, and certificates of attendance with their verification page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from core.pdf import render_pdf
from core.permissions import editor_required, member_required
from events import rules, services
from events.models import Registration

SEARCH_MAX_LENGTH = 100


def _checkin_rows(event, query):
    registrations = event.registrations.confirmed().select_related("member").order_by("member__display_name", "pk")
    if query:
        registrations = registrations.filter(
            Q(member__display_name__icontains=query) | Q(member__username__icontains=query)
        )
    return list(registrations)


def _counts(event):
    confirmed = event.registrations.confirmed()
    return {
        "attended_count": confirmed.filter(attended_at__isnull=False).count(),
        "confirmed_count": confirmed.count(),
    }


@editor_required
def check_in(request, slug):
    """A page for the door, on a phone: find a confirmed attendee by name and mark them attended (or undo)."""
    event = rules.get_event_for_user(request.user, slug)
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]
    context = {
        "event": event,
        "query": query,
        "rows": _checkin_rows(event, query),
        "refusal": rules.check_in_refusal(event=event, user=request.user),
        **_counts(event),
    }
    return render(request, "events/checkin.html", context)


@require_POST
@editor_required
def check_in_mark(request, slug, pk):
    event = rules.get_event_for_user(request.user, slug)
    registration = get_object_or_404(Registration.objects.confirmed().select_related("member"), event=event, pk=pk)
    undo = request.POST.get("action") == "undo"
    try:
        if undo:
            registration = services.attendance_undo(registration=registration, by=request.user)
        else:
            registration = services.attendance_mark(registration=registration, by=request.user)
    except services.AttendanceError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=409)
        messages.error(request, " ".join(error.messages))
        return redirect("events:check_in", slug=event.slug)
    name = registration.member.public_name
    if request.htmx:
        context = {"event": event, "registration": registration, "oob": True, **_counts(event)}
        html = render_to_string("events/_checkin_row.html", context, request=request)
        html += render_to_string("events/_checkin_count.html", context, request=request)
        return HttpResponse(html)
    messages.success(request, f"{name} is {'no longer marked' if undo else 'marked'} as attended.")
    query = request.POST.get("q", "")[:SEARCH_MAX_LENGTH]
    url = redirect("events:check_in", slug=event.slug).url
    search = f"?{urlencode({'q': query})}" if query else ""
    return redirect(f"{url}{search}#registration-{registration.pk}")


def certificate_context(registration):
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "name": registration.member.public_name,
        "verify_path": registration.get_certificate_verify_url(),
    }


@member_required
def certificate(request, slug):
    """The member's own certificate of attendance as a PDF; 404 for anyone else or without attendance."""
    registration = rules.get_attended_registration(request.user, slug)
    context = certificate_context(registration)
    context["verify_url"] = request.build_absolute_uri(context["verify_path"])
    context["issued_on"] = timezone.localdate()
    pdf = render_pdf("events/certificate_pdf.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{slugify(registration.event.slug)[:80]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def certificate_verify(request, code):
    """Anyone with the address learns only that the certificate is genuine, for whom and which event."""
    try:
        registration = rules.get_certificate_by_code(code)
    except Http404:
        response = render(request, "events/certificate_verify.html", {"registration": None}, status=404)
        response["X-Robots-Tag"] = "noindex"
        return response
    response = render(request, "events/certificate_verify.html", certificate_context(registration))
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response
