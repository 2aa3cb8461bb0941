"""Every write about events that touches more than one row.

Keyword-only and atomic; the site's views, the admin and the management
commands all call these. Capacity is guarded by locking the event row
(`select_for_update`; SQLite runs IMMEDIATE transactions instead), and every
change to a registration's status happens under that lock, so the
denormalised counters on Event stay exact and nobody is ever overbooked.
"""

import datetime as dt
import secrets

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import Truncator, slugify

from core.locks import DOUBLE_SUBMIT_SECONDS, lock_person
from events import rules
from events.models import RESERVED_SLUGS, CalendarToken, Event, Registration, Series
from notifications import notify

ANSWER_MAX_LENGTH = 500
# Changes to these fields are news for everyone registered.
NEWSWORTHY_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "venue_postcode", "format")


class RegistrationError(ValidationError):
    """A registration refused for a reason the member should read."""


class RegistrationChanged(RegistrationError):
    """The member acted on a state that changed meanwhile (promoted from the waiting list); nothing was done."""


def _lock_event(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def _title(text):
    return Truncator(text).chars(200)


def _when(event):
    local = timezone.localtime(event.starts_at)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"


def _clean_answers(event, answers):
    """Keep answers to this event's questions only; insist on the required ones."""
    answers = answers or {}
    cleaned = {}
    for question in event.questions.all():
        value = str(answers.get(str(question.pk), answers.get(question.pk, "")) or "").strip()
        if len(value) > ANSWER_MAX_LENGTH:
            raise RegistrationError(f"Keep your answer to “{question.text}” under {ANSWER_MAX_LENGTH} characters.")
        if question.required and not value:
            raise RegistrationError(f"Please answer “{question.text}”.")
        if value:
            cleaned[str(question.pk)] = value
    return cleaned


# --- Registration -----------------------------------------------------------


@transaction.atomic
def registration_create(*, event, member, answers=None, now=None):
    """Give `member` a place, or a waitlist place when full. Raises RegistrationError with the reason."""
    event = _lock_event(event)
    now = now or timezone.now()  # after the lock: the waitlist is in the order the lock was granted
    refusal = rules.registration_refusal(event=event, member=member, now=now)
    if refusal:
        raise RegistrationError(refusal)
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is not None and registration.is_active:
        raise RegistrationError(
            "You are already registered for this event."
            if registration.is_confirmed
            else "You are already on the waiting list for this event."
        )
    cleaned = _clean_answers(event, answers)
    confirm = event.capacity is None or event.confirmed_count < event.capacity
    if registration is None:
        registration = Registration(event=event, member=member)
    registration.answers = cleaned
    registration.cancelled_at = None
    registration.reminder_sent_at = None
    if confirm:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waitlisted_at = None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlisted_at = now
        registration.confirmed_at = None
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the database constraint: one row per member and event
        raise RegistrationError("You are already registered for this event.") from None
    counter = "confirmed_count" if confirm else "waitlist_count"
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) + 1})
    if confirm:
        notify(
            member,
            "events.registered",
            title=_title(f"You have a place at {event.title}"),
            url=event.get_absolute_url(),
            body=_when(event),
        )
    else:
        registration.position = waitlist_position(registration=registration)
        notify(
            member,
            "events.waitlisted",
            title=_title(f"You are number {registration.position} on the waiting list for {event.title}"),
            url=event.get_absolute_url(),
            body="We will tell you as soon as a place is yours.",
        )
    return registration


def waitlist_position(*, registration):
    """1 for the first in line; None when not waitlisted."""
    if not registration.is_waitlisted:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def _fill_free_places(event, now):
    """Promote from the waitlist, first in line first, while places are free. Caller holds the lock."""
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return []
    promoted = []
    queue = Registration.objects.waitlisted().filter(event=event).select_related("member")
    free = None if event.capacity is None else event.capacity - event.confirmed_count
    if free is not None and free <= 0:
        return []
    for registration in queue[:free] if free is not None else queue:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        promoted.append(registration)
    if promoted:
        Event.objects.filter(pk=event.pk).update(
            confirmed_count=F("confirmed_count") + len(promoted), waitlist_count=F("waitlist_count") - len(promoted)
        )
        event.confirmed_count += len(promoted)
        event.waitlist_count -= len(promoted)
    for registration in promoted:
        notify(
            registration.member,
            "events.promoted",
            title=_title(f"A place came up: you are now registered for {event.title}"),
            url=event.get_absolute_url(),
            body=_when(event),
        )
    return promoted


def registration_cancel(*, registration, now=None, by=None, expected_status=None):
    """Give up a place (or a waitlist place); the first on the waitlist gets the freed place.

    `by` is whoever cancelled: the member themself when not given. The member
    is told either way: a confirmation of their own cancellation, or who
    cancelled for them. With `expected_status` (what the member's page
    showed), nothing happens unless the registration is still in that state
    when its lock is taken: RegistrationChanged says what it is now.
    """
    return _cancel(registration, now=now, by=by, expected_status=expected_status)


def _changed_message(registration, expected_status):
    if registration.is_confirmed and expected_status == Registration.Status.WAITLISTED:
        return (
            "A place came up for you just before you pressed the button, so you now have a confirmed place "
            "and you are not on the waiting list. Your place is kept: if you cannot come, cancel it below."
        )
    if not registration.is_active:
        return "Your registration had already been cancelled."
    return "Your registration changed just before you pressed the button; nothing was changed. Check it below."


@transaction.atomic
def _cancel(registration, *, now, by, tell_member=True, expected_status=None):
    event = _lock_event(registration.event)
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if expected_status is not None and registration.status != expected_status:
        raise RegistrationChanged(_changed_message(registration, expected_status))
    if not registration.is_active:
        return registration
    if event.has_started and registration.is_confirmed:
        raise RegistrationError("This event has already started, so your place cannot be cancelled now.")
    was_confirmed = registration.is_confirmed
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    counter = "confirmed_count" if was_confirmed else "waitlist_count"
    Event.objects.filter(pk=event.pk).update(**{counter: F(counter) - 1})
    setattr(event, counter, getattr(event, counter) - 1)
    if tell_member:
        _tell_cancelled(registration, event, was_confirmed=was_confirmed, by=by)
    if was_confirmed:
        _fill_free_places(event, now)
    return registration


def _tell_cancelled(registration, event, *, was_confirmed, by):
    place = "place" if was_confirmed else "place on the waiting list"
    url = event.get_absolute_url()
    if by is not None and by.pk != registration.member_id:
        title = f"cancelled your {place} at “{event.title}”"
        body = f"The event on {_when(event)} goes ahead; if you think this is a mistake, reply to the organisers."
        notify(registration.member, "events.changed", title=_title(title), url=url, actor=by, body=body)
        return
    if was_confirmed:
        title = f"You cancelled your place at “{event.title}”"
        body = f"Your confirmed place for {_when(event)} is cancelled."
    else:
        title = f"You left the waiting list for “{event.title}”"
        body = f"You were on the waiting list for {_when(event)} and are no longer in line for a place."
    notify(registration.member, "events.cancelled_by_you", title=_title(title), url=url, body=body)


def waitlist_leave(*, registration, now=None, by=None):
    """A member leaves the waiting list (a confirmed place is cancelled with registration_cancel).

    Checked again under the event's lock: promoted meanwhile, the member keeps
    the place and RegistrationChanged says so.
    """
    return registration_cancel(
        registration=registration, now=now, by=by, expected_status=Registration.Status.WAITLISTED
    )


# --- Organising -------------------------------------------------------------


def unique_slug(title, *, suffix="", exclude_pk=None):
    base = (slugify(title)[:180] or "event") + (f"-{suffix}" if suffix else "")
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Event.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


SLUG_ATTEMPTS = 10


def _insert_with_free_slug(event, *, suffix=""):
    """Save a new event; when another took its slug at the same moment, take the next free one and try again."""
    for _ in range(SLUG_ATTEMPTS):
        try:
            with transaction.atomic():
                event.save()
            return event
        except IntegrityError:
            if not Event.objects.filter(slug=event.slug).exists():
                raise
            event.pk = None
            event.slug = unique_slug(event.title, suffix=suffix)
    raise RegistrationError("Could not find a free address for this event; please try again.")


@transaction.atomic
def event_create(*, organiser, **fields):
    """Create an event: returns (event, created). The slug comes from the title unless given.

    The same event sent again by the same organiser moments later (a double
    click) gives back the first one, with created False: checked under the
    organiser's row lock, so two clicks at once cannot both create it.
    """
    lock_person(organiser)
    title, starts_at = fields.get("title"), fields.get("starts_at")
    recent = timezone.now() - dt.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    same = Event.objects.filter(organiser=organiser, title=title, starts_at=starts_at, created_at__gte=recent)
    if organiser is not None and title and starts_at and (existing := same.order_by("pk").first()):
        return existing, False
    event = Event(organiser=organiser, **fields)
    if not event.slug:
        event.slug = unique_slug(event.title)
    event.full_clean(validate_unique=False)  # the slug's uniqueness is the database's, retried above
    return _insert_with_free_slug(event), True


@transaction.atomic
def event_update(*, event, changes, now=None, check=None):
    """Apply a dict of field changes; attendees hear when the time or place changed.

    Returns the updated event. A larger capacity promotes people from the waitlist.
    Only the fields in `changes` are written, onto the row as it is now (locked);
    `check(locked)` may refuse first (core.edits: someone else changed the same fields).
    """
    now = now or timezone.now()
    locked = _lock_event(event)
    if check is not None:
        check(locked)
    changes = dict(changes)
    cancelling = changes.get("status") == Event.Status.CANCELLED and locked.status != Event.Status.CANCELLED
    if cancelling:  # cancelling has its own path, which tells everyone
        del changes["status"]
    before = {name: getattr(locked, name) for name in NEWSWORTHY_FIELDS}
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean()
    newsworthy = [name for name in NEWSWORTHY_FIELDS if getattr(locked, name) != before[name]]
    if newsworthy:
        locked.sequence += 1
    locked.save()
    if locked.starts_at != before["starts_at"]:
        # A new date deserves a new reminder.
        Registration.objects.filter(event=locked).update(reminder_sent_at=None)
    if newsworthy and locked.status == Event.Status.PUBLISHED and locked.ends_at >= now:
        _tell_everyone(
            locked,
            "events.changed",
            title=f"{locked.title} has changed",
            body=f"Now: {_when(locked)}. {locked.location_text}".strip(),
        )
    _fill_free_places(locked, now)
    if cancelling:
        locked = event_cancel(event=locked)
    # The caller's object reflects the saved state.
    for field in Event._meta.concrete_fields:
        setattr(event, field.attname, getattr(locked, field.attname))
    return event


def _tell_everyone(event, kind, *, title, body="", actor=None):
    registrations = Registration.objects.active().filter(event=event).select_related("member")
    for registration in registrations:
        notify(registration.member, kind, title=_title(title), url=event.get_absolute_url(), actor=actor, body=body)


@transaction.atomic
def event_cancel(*, event, by=None, reason=""):
    """Cancel an event; everyone with a place or a waitlist place is told."""
    event = _lock_event(event)
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason[:500]
    event.sequence += 1
    event.save(update_fields=["status", "cancellation_reason", "sequence", "updated_at"])
    # Told as "<organiser> cancelled ..." when a person did it (notifications name the actor as they are now).
    what = f"“{event.title}” ({_when(event)})"
    title = f"cancelled {what}" if by is not None else f"Cancelled: {what}"
    _tell_everyone(event, "events.cancelled", title=title, body=reason[:500], actor=by)
    return event


def event_message(*, event, sender, subject, message):
    """Email everyone with a confirmed place (through their notification preferences)."""
    registrations = Registration.objects.confirmed().filter(event=event).select_related("member")
    sent = 0
    for registration in registrations:
        if notify(
            registration.member,
            "events.message",
            title=_title(f"wrote about “{event.title}”: {subject}"),
            url=event.get_absolute_url(),
            actor=sender,
            body=message,
        ):
            sent += 1
    return sent


def _shift(moment, repeat, n):
    """The same London wall-clock time n weeks or months later (stays 09:00 across the clocks changing)."""
    local = timezone.localtime(moment)
    step = relativedelta(weeks=n) if repeat == Series.Repeat.WEEKLY else relativedelta(months=n)
    naive = local.replace(tzinfo=None) + step
    return timezone.make_aware(naive, local.tzinfo)


@transaction.atomic
def series_create(*, event, repeat, count, by=None):
    """Repeat `event` weekly or monthly so the series has `count` dates in all; each is its own event."""
    if not 2 <= count <= 52:
        raise ValidationError("A series has between 2 and 52 dates.")
    series = event.series or Series.objects.create(title=event.title, repeat=repeat)
    if event.series_id is None:
        event.series = series
        event.save(update_fields=["series", "updated_at"])
    copies = []
    for n in range(1, count):
        starts_at = _shift(event.starts_at, repeat, n)
        fields = {
            name: getattr(event, name)
            for name in (
                "title",
                "summary",
                "description",
                "kind",
                "format",
                "venue_name",
                "venue_address",
                "venue_postcode",
                "join_url",
                "join_link_minutes_before",
                "capacity",
                "status",
            )
        }
        copy = Event(
            **fields,
            organiser=by or event.organiser,
            series=series,
            starts_at=starts_at,
            ends_at=starts_at + (event.ends_at - event.starts_at),
            slug=unique_slug(event.title, suffix=timezone.localtime(starts_at).strftime("%Y-%m-%d")),
        )
        if event.registration_opens_at:
            copy.registration_opens_at = _shift(event.registration_opens_at, repeat, n)
        if event.registration_closes_at:
            copy.registration_closes_at = _shift(event.registration_closes_at, repeat, n)
        _insert_with_free_slug(copy, suffix=timezone.localtime(starts_at).strftime("%Y-%m-%d"))
        for question in event.questions.all():
            copy.questions.create(
                text=question.text, help_text=question.help_text, required=question.required, order=question.order
            )
        copies.append(copy)
    return series, copies


# --- Reminders --------------------------------------------------------------


def send_reminders(*, now=None, ahead=dt.timedelta(hours=24)):
    """Remind everyone with a place at an event starting within `ahead`. Each reminder goes once.

    Each registration is claimed by an UPDATE ... WHERE reminder_sent_at IS NULL,
    so two runs at once (or a run every few minutes) never send twice.
    """
    now = now or timezone.now()
    due = (
        Registration.objects.confirmed()
        .filter(
            reminder_sent_at__isnull=True,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + ahead,
        )
        .select_related("event", "member")
    )
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminder_sent_at__isnull=True, status=Registration.Status.CONFIRMED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            event = registration.event
            notify(
                registration.member,
                "events.reminder",
                title=_title(f"Tomorrow: {event.title}"),
                url=event.get_absolute_url(),
                body=f"{_when(event)}. {event.location_text}".strip(),
            )
            sent += 1
    return sent


# --- Account erasure --------------------------------------------------------


def member_erase(*, member):
    """An account is being erased: give up their future places and forget their answers and stars."""
    now = timezone.now()
    for registration in Registration.objects.active().filter(member=member, event__starts_at__gt=now):
        # Their notifications are being erased too: no confirmation.
        _cancel(registration, now=now, by=None, tell_member=False)
    # Answers are forgotten, and certificates stop verifying: they named the member.
    Registration.objects.filter(member=member).update(answers={}, certificate_code=None)
    member.session_stars.all().delete()
    CalendarToken.objects.filter(member=member).delete()


# --- Attendance and certificates ----------------------------------------------


class AttendanceError(ValidationError):
    pass


def _lock_registration(registration):
    return Registration.objects.select_for_update().select_related("event", "member").get(pk=registration.pk)


@transaction.atomic
def attendance_mark(*, registration, by, now=None):
    """An organiser marks a confirmed attendee as attended (at the door or afterwards). Idempotent.

    The certificate code is made once and kept, so undoing and marking again
    gives the same verification address.
    """
    now = now or timezone.now()
    registration = _lock_registration(registration)
    refusal = rules.check_in_refusal(event=registration.event, user=by, now=now)
    if refusal:
        raise AttendanceError(refusal)
    if not registration.is_confirmed:
        raise AttendanceError("Only people with a confirmed place can be marked as attended.")
    if registration.attended_at is not None:
        return registration
    registration.attended_at = now
    registration.checked_in_by = by
    if not registration.certificate_code:
        registration.certificate_code = secrets.token_urlsafe(18)
    registration.save(update_fields=["attended_at", "checked_in_by", "certificate_code", "updated_at"])
    return registration


@transaction.atomic
def attendance_undo(*, registration, by, now=None):
    """Take back an attended mark made by mistake; the certificate stops verifying until marked again."""
    registration = _lock_registration(registration)
    refusal = rules.check_in_refusal(event=registration.event, user=by, now=now)
    if refusal:
        raise AttendanceError(refusal)
    if registration.attended_at is None:
        return registration
    registration.attended_at = None
    registration.checked_in_by = by
    registration.save(update_fields=["attended_at", "checked_in_by", "updated_at"])
    return registration
