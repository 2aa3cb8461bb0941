"""Events, registrations and waitlists, and the conference agenda.

Business rules live in events/rules.py (who may do what) and events/services.py
(every write that touches more than one row). Models hold data, queryset
readings ("published", "upcoming") and small derived properties.
"""

import datetime as dt
import secrets
import uuid
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from core.images import FileContentValidator, ImageField
from core.markdown import render_markdown, validate_markdown

# Uploads served from our own origin: documents and media only, never HTML or SVG.
MATERIAL_EXTENSIONS = ["pdf", "pptx", "ppt", "docx", "doc", "xlsx", "odp", "odt", "mp4", "mp3", "png", "jpg", "jpeg"]

# Paths under /events/ that are pages, never event slugs.
RESERVED_SLUGS = frozenset({"calendar", "past", "my", "new", "feed", "feed.ics", "certificates"})

# Dates an event can really have (the month grid covers the same years). Year 1 or
# 9999 is a typo, and calendars cannot be written for it.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def date_range_errors(instance, names):
    """{field: message} for each moment outside EARLIEST_YEAR to LATEST_YEAR (London time)."""
    errors = {}
    for name in names:
        moment = getattr(instance, name)
        if moment is not None and not EARLIEST_YEAR <= timezone.localtime(moment).year <= LATEST_YEAR:
            errors[name] = f"Choose a date between {EARLIEST_YEAR} and {LATEST_YEAR}."
    return errors


class Series(models.Model):
    """A repeating event (the monthly CCIO call): each date is its own Event."""

    class Repeat(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    title = models.CharField(max_length=200)
    repeat = models.CharField(max_length=10, choices=Repeat.choices, default=Repeat.MONTHLY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["title"]

    def __str__(self):
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible(self):
        """Published or cancelled: what visitors may open (cancelled pages say so)."""
        return self.filter(status__in=Event.VISIBLE)

    def upcoming(self, now=None):
        """Not yet finished, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def between(self, start, end):
        """Events that overlap [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gte=start)

    def next_end(self, now=None):
        """When the first of these events still to finish ends, or None (one aggregate over the ends_at index).

        The moment a list of upcoming events changes by the clock alone.
        """
        return self.filter(ends_at__gte=now or timezone.now()).aggregate(moment=Min("ends_at"))["moment"]


class Event(models.Model):
    class Kind(models.TextChoices):
        ROUNDTABLE = "roundtable", "Roundtable"
        WEBINAR = "webinar", "Webinar"
        REGIONAL = "regional", "Regional meeting"
        CONFERENCE = "conference", "Conference"
        SOCIAL = "social", "Social"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        HYBRID = "hybrid", "Hybrid"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    VISIBLE = (Status.PUBLISHED, Status.CANCELLED)

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in lists.")
    description = models.TextField(blank=True, max_length=20000, help_text="Markdown.", validators=[validate_markdown])
    description_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ROUNDTABLE, db_index=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE, db_index=True)
    starts_at = models.DateTimeField("starts", db_index=True)
    ends_at = models.DateTimeField("ends", db_index=True)
    venue_name = models.CharField(max_length=200, blank=True)
    venue_address = models.CharField(max_length=300, blank=True)
    venue_postcode = models.CharField(max_length=12, blank=True)
    join_url = models.URLField(
        "online join link", max_length=500, blank=True, help_text="Shown only to confirmed attendees."
    )
    join_link_minutes_before = models.PositiveIntegerField(
        "show the join link this many minutes before the start",
        default=30,
    )
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Leave blank for unlimited places.")
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
        help_text="Continuing professional development hours an attendee may claim; shown on certificates.",
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True, help_text="Blank: open now.")
    registration_closes_at = models.DateTimeField(null=True, blank=True, help_text="Blank: until the start.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="organised_events"
    )
    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    # iCalendar: the UID never changes; SEQUENCE goes up when time or place changes.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Kept up to date by events.services under the event's row lock.
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    waitlist_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="events_event_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "description" in update_fields:
            kwargs["update_fields"] = {*update_fields, "description_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.slug])

    def clean(self):
        errors = date_range_errors(self, ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"))
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors.setdefault("ends_at", "The event must end after it starts.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Registration must close after it opens."
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.venue_name:
            errors["venue_name"] = "Give the venue for an in-person or hybrid event."
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "That address is used by another page; choose another."
        if errors:
            raise ValidationError(errors)

    # Derived facts, no queries.
    @property
    def is_online(self):
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_in_person(self):
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def is_visible(self):
        return self.status in self.VISIBLE

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def places_left(self):
        """None for unlimited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def join_link_visible_from(self):
        return self.starts_at - dt.timedelta(minutes=self.join_link_minutes_before)

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    @property
    def full_address(self):
        return ", ".join(part for part in (self.venue_name, self.venue_address, self.venue_postcode) if part)

    @property
    def location_text(self):
        """One line for lists and calendars."""
        if self.format == self.Format.ONLINE:
            return "Online"
        if self.format == self.Format.HYBRID:
            return f"{self.full_address} and online" if self.full_address else "Online"
        return self.full_address

    @property
    def map_url(self):
        query = ", ".join(part for part in (self.venue_address, self.venue_postcode) if part) or self.venue_name
        if not query or not self.is_in_person:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    @property
    def spans_days(self):
        return timezone.localtime(self.starts_at).date() != timezone.localtime(self.ends_at).date()


class EventQuestion(models.Model):
    """A question the organiser asks everyone who registers (e.g. dietary needs)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=200)
    help_text = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class EventMaterial(models.Model):
    """Slides, recordings and other material, usually added after the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500, blank=True)
    file = models.FileField(
        upload_to="events/materials/%Y/",
        blank=True,
        validators=[FileContentValidator(MATERIAL_EXTENSIONS)],
        help_text="Slides, documents, recordings: " + ", ".join(MATERIAL_EXTENSIONS) + ".",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if bool(self.url) == bool(self.file):
            raise ValidationError("Give either a link or a file.")

    @property
    def href(self):
        return self.file.url if self.file else self.url


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def attended(self):
        """Confirmed places an organiser marked as attended."""
        return self.filter(status=Registration.Status.CONFIRMED, attended_at__isnull=False)


class Registration(models.Model):
    """One member's place (or waitlist place) at one event: at most one row per pair."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    # {str(question id): answer}
    answers = models.JSONField(default=dict, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Attendance, marked by an organiser at the door (events.services.attendance_mark).
    attended_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The unguessable part of the certificate's verification address; set when first marked attended.
    certificate_code = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Registering twice is impossible; cancelling and registering again reuses the row.
            models.UniqueConstraint(fields=["event", "member"], name="events_registration_one_per_member"),
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.member} at {self.event} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self):
        return self.status == self.Status.WAITLISTED

    @property
    def has_attended(self):
        return self.is_confirmed and self.attended_at is not None

    def get_certificate_verify_url(self):
        return reverse("events:certificate_verify", args=[self.certificate_code])


class CalendarToken(models.Model):
    """The secret in a member's private calendar feed address; resetting it breaks old links."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.member}"

    def get_absolute_url(self):
        return reverse("events:my_feed", args=[self.token])


# --- The conference agenda --------------------------------------------------


class Speaker(models.Model):
    name = models.CharField(max_length=120)
    job_title = models.CharField(
        "title", max_length=200, blank=True, help_text="e.g. Chief Clinical Information Officer"
    )
    organisation = models.CharField(max_length=200, blank=True)
    photo = ImageField(upload_to="events/speakers/", blank=True, max_size=(600, 600))
    photo_alt = models.CharField(
        "photo description", max_length=250, blank=True, help_text="Alt text: what the photo shows."
    )
    bio = models.TextField(blank=True, max_length=5000)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="speaker_entries"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.photo and not self.photo_alt.strip():
            raise ValidationError({"photo_alt": "Describe the photo for people who cannot see it."})


class Session(models.Model):
    class Format(models.TextChoices):
        KEYNOTE = "keynote", "Keynote"
        TALK = "talk", "Talk"
        PANEL = "panel", "Panel"
        WORKSHOP = "workshop", "Workshop"
        BREAK = "break", "Break"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    abstract = models.TextField(blank=True, max_length=5000)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    track = models.CharField("room or track", max_length=80, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.TALK)
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["starts_at", "track", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = date_range_errors(self, ("starts_at", "ends_at"))
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors.setdefault("ends_at", "The session must end after it starts.")
        if errors:
            raise ValidationError(errors)


class SessionStar(models.Model):
    """A session on a member's own agenda."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="stars")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_stars")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="events_sessionstar_unique")]

    def __str__(self):
        return f"{self.member} ★ {self.session}"
