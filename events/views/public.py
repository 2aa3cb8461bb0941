"""Pages anyone may read: the upcoming list, the month grid, the archive, event and speaker pages."""

import calendar
import datetime as dt
import re
from collections import defaultdict
from functools import partial
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from core import overlay
from core.content_cache import cache_for_visitors, cached_until_changed
from core.frame import render_framed
from events import agenda, personal, rules
from events.forms import EventFilterForm, RegistrationForm
from events.models import Event, Session, SessionStar, Speaker
from events.services import waitlist_position

PAGE_SIZE = 20


def end_of_day(day):
    """Midnight after `day`, London time: when "today" moves on the month grid."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def event_page_changes_at(event, series_ends, now):
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
        *series_ends,
    ]
    return min((moment for moment in moments if moment and moment > now), default=None)


_PAGE_NUMBER = re.compile(r"\d{1,4}")
_KINDS = frozenset(["", *Event.Kind.values])
_FORMATS = frozenset(["", *Event.Format.values])


def _list_vary_on(query):
    """What the shared list depends on, or None for a request not worth keeping (a filter or page nobody offers)."""
    kind, format_, page = query.get("kind", ""), query.get("format", ""), query.get("page", "1")
    if kind not in _KINDS or format_ not in _FORMATS or not _PAGE_NUMBER.fullmatch(page):
        return None
    return [kind, format_, page]


def _shared_list(query):
    """((HTML of the filters and one page of upcoming events, their ids), when it changes by the clock).

    The same for everyone: each member's registration badges are markers (events.personal).
    """
    # Taken before the list is read: an event ending meanwhile makes it expire at once.
    # Whatever the filters and page, the list changes when any upcoming event ends.
    changes_at = Event.objects.published().next_end()
    form = EventFilterForm(query or None)
    events = form.filter(Event.objects.published().upcoming())
    page = Paginator(events, PAGE_SIZE).get_page(query.get("page"))
    filters = urlencode({k: v for k, v in form.cleaned_data.items() if v}) if form.is_bound and form.is_valid() else ""
    events = list(page.object_list)
    context = {"form": form, "page_obj": page, "events": events, "query": filters}
    return (render_to_string("events/_list_content.html", context), [event.pk for event in events]), changes_at


@cache_for_visitors
def event_list(request):
    build = partial(_shared_list, request.GET)
    vary_on = _list_vary_on(request.GET)
    (html, event_ids), changes_at = build() if vary_on is None else cached_until_changed("event-list", vary_on, build)
    statuses = personal.registration_statuses(request.user.pk, event_ids)
    listing = overlay.fill(html, {"registration": personal.registration_badges(statuses)})
    parts = {"listing": listing}
    if vary_on is None:
        response = render(request, "events/list.html", parts)
    else:
        frame_vary_on = [*vary_on, *_subnav_vary_on(request.user)]
        response = render_framed(
            request, "events/list.html", {}, name="event-list-frame", vary_on=frame_vary_on, parts=parts
        )
    response.changes_at = changes_at
    return response


def _subnav_vary_on(user):
    """What events/_subnav.html shows differently to different people."""
    return [user.is_authenticated and user.is_member, user.is_authenticated and user.is_editor]


def calendar_today(request):
    today = timezone.localdate()
    return redirect("events:calendar", year=today.year, month=today.month)


@cache_for_visitors
def calendar_month(request, year, month):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404("No such month.")
    # The same for everyone: rendered once per content version, and again each day (today is marked).
    content, changes_at = cached_until_changed("month-grid", [year, month], partial(_month_grid, year, month))
    response = render_framed(
        request,
        "events/calendar.html",
        {"month": dt.date(year, month, 1)},
        name="month-grid-frame",
        vary_on=[year, month, *_subnav_vary_on(request.user)],
        parts={"content": content},
    )
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


class SharedEventPage(NamedTuple):
    """An event page as everyone who may see it sees it, kept per content version (events.personal)."""

    event: Event  # without its organiser and series: the HTML shows them
    questions: list  # for the registration form
    sessions: list  # SessionFacts, for the viewer's stars and "My agenda"
    series_ends: list  # when the other dates of its series end
    html: str


class SessionFacts(NamedTuple):
    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    track: str


def _shared_event_page(slug):
    """(SharedEventPage, when its HTML changes by the clock), or (None, now) for no such event: nothing kept."""
    now = timezone.now()
    event = Event.objects.select_related("organiser", "series").filter(slug=slug).first()
    if event is None:
        return None, now
    questions = list(event.questions.all())
    sessions = list(event.sessions.prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name"))))
    series_events = []
    if event.series_id:
        series_events = list(Event.objects.visible().filter(series_id=event.series_id).exclude(pk=event.pk))
    context = {
        "event": event,
        "shared": True,
        "materials": list(event.materials.all()),
        "series_events": series_events,
        "agenda": agenda.by_day_and_track(sessions),
    }
    html = render_to_string("events/_detail_content.html", context)
    event._state.fields_cache = {}
    page = SharedEventPage(
        event=event,
        questions=questions,
        sessions=[SessionFacts(s.pk, s.title, s.starts_at, s.ends_at, s.track) for s in sessions],
        series_ends=[other.ends_at for other in series_events],
        html=html,
    )
    # Another date of the series ending is marked "(past)".
    return page, min((end for end in page.series_ends if end > now), default=None)


EMPTY_AGENDA = '<div id="my-agenda"></div>'
STAR_HINT = (
    '<p class="small">Star sessions to build your own agenda; '
    "starred sessions appear in your private calendar feed.</p>"
)


def event_page(request, slug, *, registration_form=None, status=200):
    """The event page: the shared page with this viewer's place, agenda and stars laid over it.

    A few queries for the viewer (their registration; their place in the
    waiting list and their starred sessions when they have any), whatever the
    size of the event.
    """
    now = timezone.now()  # before the page is read: see event_page_changes_at
    user = request.user
    page, _ = cached_until_changed("event-page", [slug], partial(_shared_event_page, slug))
    if page is None or not rules.may_see_event(user, page.event):
        raise Http404("No such event.")
    event = page.event
    registration = personal.registration_of(user.pk, event.pk)
    may_star = rules.may_star_sessions(registration=registration)
    starred = set()
    if may_star and page.sessions:
        stars = SessionStar.objects.filter(member_id=user.pk, session__event_id=event.pk)
        starred = set(stars.values_list("session_id", flat=True))
    refusal = rules.registration_refusal(event=event, member=user, now=now) if registration is None else None
    if registration_form is None and page.questions and refusal is None:
        registration_form = RegistrationForm(questions=page.questions)
    csrf_token = get_token(request)
    panel = {
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
        "user": user,
        "request": request,
        "csrf_token": csrf_token,
    }
    sessions = {session.pk: session for session in page.sessions}
    star_form = personal.StarForms(event.slug, starred=starred, csrf_token=csrf_token) if may_star else None
    my_agenda = [s for s in page.sessions if s.pk in starred]
    content = overlay.fill(
        page.html,
        {
            "panel": lambda _: render_to_string("events/_registration_panel.html", panel),
            "organiser": lambda _: (
                render_to_string("events/_organiser_panel.html", {"event": event})
                if rules.may_manage_events(user)
                else ""
            ),
            # Always there, empty or not: starring with htmx swaps it.
            "my_agenda": lambda _: (
                render_to_string("events/_my_agenda.html", {"my_agenda": my_agenda}) if my_agenda else EMPTY_AGENDA
            ),
            "star_hint": lambda _: STAR_HINT if may_star else "",
            "starred": lambda pk: " starred" if pk in starred else "",
            "star": lambda pk: star_form(sessions[pk]) if star_form and pk in sessions else "",
        },
    )
    context = {"event": event, "content": content, "registration_form": registration_form}
    response = render(request, "events/detail.html", context, status=status)
    response.changes_at = event_page_changes_at(event, page.series_ends, now)
    return response


@cache_for_visitors
def event_detail(request, slug):
    return event_page(request, slug)


def speaker_detail(request, slug, pk):
    event = rules.get_event_for_user(request.user, slug)
    speaker = get_object_or_404(Speaker.objects.filter(sessions__event=event).distinct(), pk=pk)
    sessions = Session.objects.filter(event=event, speakers=speaker)
    return render(request, "events/speaker.html", {"event": event, "speaker": speaker, "sessions": sessions})
