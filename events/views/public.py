"""Pages anyone may read: the upcoming list, the month grid, the archive, event and speaker pages."""

import calendar
import datetime as dt
from collections import defaultdict
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from core.content_cache import cache_for_visitors, cached_until_changed, may_cache_for_visitors
from events import agenda, rules
from events.forms import EventFilterForm, RegistrationForm
from events.models import Event, Registration, Session, SessionStar, Speaker
from events.services import waitlist_position

PAGE_SIZE = 20


def _registrations_by_event(user, events):
    """{event id: Registration} for the signed-in user, in one query."""
    if not user.is_authenticated or not events:
        return {}
    registrations = Registration.objects.active().filter(member=user, event__in=[e.pk for e in events])
    return {r.event_id: r for r in registrations}


def end_of_day(day):
    """Midnight after `day`, London time: when "today" moves on the month grid."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def event_page_changes_at(event, series_events, now):
    """When the event page changes by the clock alone, or None once nothing more will.

    Registration opens or closes (it also closes at the start), the event ends,
    or another date of its series ends and is marked past. `now` is taken
    before the page is built: a moment passing while it is built is still
    ahead of it, so the page is not kept.
    """
    moments = [
        event.registration_opens_at,
        event.registration_closes_at,
        event.starts_at,
        event.ends_at,
        *(other.ends_at for other in series_events),
    ]
    return min((moment for moment in moments if moment and moment > now), default=None)


@cache_for_visitors
def event_list(request):
    # Taken before the list is read: an event ending meanwhile makes the page expire at once.
    changes_at = Event.objects.published().next_end() if may_cache_for_visitors(request) else None
    form = EventFilterForm(request.GET or None)
    events = form.filter(Event.objects.published().upcoming())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in form.cleaned_data.items() if v}) if form.is_bound and form.is_valid() else ""
    response = render(
        request,
        "events/list.html",
        {
            "form": form,
            "page_obj": page,
            "events": page.object_list,
            "query": query,
            "mine": _registrations_by_event(request.user, list(page.object_list)),
        },
    )
    # Whatever the filters and page, the list changes when any upcoming event ends.
    response.changes_at = changes_at
    return response


def calendar_today(request):
    today = timezone.localdate()
    return redirect("events:calendar", year=today.year, month=today.month)


@cache_for_visitors
def calendar_month(request, year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("No such month.")
    # The same for everyone: rendered once per content version, and again each day (today is marked).
    content, changes_at = cached_until_changed("month-grid", [year, month], partial(_month_grid, year, month))
    response = render(request, "events/calendar.html", {"month": dt.date(year, month, 1), "content": content})
    response.changes_at = changes_at
    return response


def _month_grid(year, month):
    """(HTML of the month's grid and list, when it changes by itself: at midnight)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first_day, last_day = weeks[0][0], weeks[-1][-1]
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min), tz)
    by_day = defaultdict(list)
    for event in Event.objects.visible().between(start, end).order_by("starts_at", "pk"):
        day = max(timezone.localtime(event.starts_at).date(), first_day)
        last = min(timezone.localtime(event.ends_at).date(), last_day)
        while day <= last:
            by_day[day].append(event)
            day += dt.timedelta(days=1)
    today = timezone.localdate()
    grid = [
        [
            {"date": day, "in_month": day.month == month, "is_today": day == today, "events": by_day.get(day, [])}
            for day in week
        ]
        for week in weeks
    ]
    this_month = dt.date(year, month, 1)
    previous = (this_month - dt.timedelta(days=1)).replace(day=1)
    following = (this_month + dt.timedelta(days=32)).replace(day=1)
    context = {
        "month": this_month,
        "weeks": grid,
        "weekdays": [calendar.day_name[i] for i in range(7)],
        "previous": previous if previous.year >= 2000 else None,
        "following": following if following.year <= 2100 else None,
        "event_count": sum(1 for day in by_day if day.month == month),
    }
    return render_to_string("events/_calendar_content.html", context), end_of_day(today)


def past_events(request):
    events = Event.objects.published().past().prefetch_related("materials")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/past.html", {"page_obj": page, "events": page.object_list})


def event_context(request, event, *, registration_form=None):
    """Everything the event page shows, in a fixed number of queries."""
    user = request.user
    now = timezone.now()
    registration = None
    if user.is_authenticated:
        registration = Registration.objects.filter(event=event, member=user).first()
        if registration and not registration.is_active:
            registration = None
    questions = list(event.questions.all())
    sessions = list(event.sessions.prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name"))))
    starred = set()
    if registration is not None and sessions:
        starred = set(
            SessionStar.objects.filter(member=user, session__event=event).values_list("session_id", flat=True)
        )
    series_events = []
    if event.series_id:
        series_events = list(Event.objects.visible().filter(series_id=event.series_id).exclude(pk=event.pk))
    refusal = rules.registration_refusal(event=event, member=user, now=now) if registration is None else None
    if registration_form is None and questions and refusal is None:
        registration_form = RegistrationForm(questions=questions)
    return {
        "event": event,
        "registration": registration,
        "position": waitlist_position(registration=registration) if registration else None,
        "refusal": refusal,
        "registration_form": registration_form,
        "show_join_link": rules.may_see_join_link(event=event, registration=registration, user=user, now=now),
        "join_link_pending": registration is not None
        and registration.is_confirmed
        and bool(event.join_url)
        and now < event.join_link_visible_from,
        "may_manage": rules.may_manage_events(user),
        "may_star": rules.may_star_sessions(registration=registration),
        "materials": list(event.materials.all()),
        "series_events": series_events,
        "agenda": agenda.by_day_and_track(sessions),
        "my_agenda": [s for s in sessions if s.pk in starred],
        "starred": starred,
    }


@cache_for_visitors
def event_detail(request, slug):
    now = timezone.now()
    event = rules.get_event_for_user(request.user, slug, queryset=Event.objects.select_related("organiser", "series"))
    context = event_context(request, event)
    response = render(request, "events/detail.html", context)
    response.changes_at = event_page_changes_at(event, context["series_events"], now)
    return response


def speaker_detail(request, slug, pk):
    event = rules.get_event_for_user(request.user, slug)
    speaker = get_object_or_404(Speaker.objects.filter(sessions__event=event).distinct(), pk=pk)
    sessions = Session.objects.filter(event=event, speakers=speaker)
    return render(request, "events/speaker.html", {"event": event, "speaker": speaker, "sessions": sessions})
