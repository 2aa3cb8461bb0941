"""Professional development: the resources library, learning plans and the CPD log.

A Resource is an editorial item (editorial.EditorialItem): it goes through the
one workflow (draft, review, scheduled, published, withdrawn) with revisions.
Materials organisers attach to events appear in the library as resources
without being entered twice: each EventMaterial has one Resource "library
card" kept in step with it by resources.receivers (see sync_material in
resources.services), published when its event ends.

PlanItem and CPDEntry belong to one member and are never shown to anyone
else (resources.access has the scoped getters).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.files import private_storage, type_of, validate_stored_document
from core.markdown import render_markdown
from editorial.models import EditorialItem, EditorialQuerySet, Topic

RESERVED_SLUGS = {"feed", "new", "edit", "topic"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by another page; choose another slug.")


class Kind(models.TextChoices):
    COURSE = "course", "Course"
    QUALIFICATION = "qualification", "Qualification"
    GUIDE = "guide", "Guide"
    TEMPLATE = "template", "Template or toolkit"
    RECORDING = "recording", "Webinar recording"
    SLIDES = "slides", "Slides"
    READING = "reading", "Reading"
    TOOL = "tool", "Tool"


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", "Introductory"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Cost(models.TextChoices):
    FREE = "free", "Free"
    PAID = "paid", "Paid"


class Format(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    BLENDED = "blended", "Blended"
    SELF_PACED = "self_paced", "Self-paced"


class Access(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Members only"


# Who a resource suits: one boolean field each, so lists filter and count them in SQL.
AUDIENCES = [
    ("for_new_ccio", "new", "New CCIOs"),
    ("for_experienced_ccio", "experienced", "Experienced CCIOs"),
    ("for_aspiring", "aspiring", "Aspiring CCIOs"),
    ("for_cnio_cmio", "cnio-cmio", "CNIOs and CMIOs"),
]


class ResourceQuerySet(EditorialQuerySet):
    def in_library(self, now=None):
        """What the library lists: published resources (an event's materials go live when the event ends)."""
        return self.published(now)

    def for_list(self):
        return (
            self.select_related("organisation", "event")
            .prefetch_related("topics")
            .defer("body", "body_html", "children_state", "search_vector")
        )

    def for_page(self):
        return self.select_related("organisation", "event", "event_material").prefetch_related("topics")

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


class Resource(EditorialItem):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, validators=[validate_slug_not_reserved], help_text="Used in the address."
    )
    summary = models.CharField(max_length=300, help_text="One or two sentences shown in lists.")
    body = models.TextField(blank=True, max_length=60_000, help_text="Markdown.")
    body_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GUIDE, db_index=True)
    provider = models.CharField(max_length=200, blank=True, help_text="Who offers it, e.g. the Faculty of…")
    organisation = models.ForeignKey(
        "profiles.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        help_text="The provider, when it is an organisation in the directory.",
    )
    url = models.URLField("external link", max_length=500, blank=True)
    file = models.FileField(
        upload_to="resources/%Y/",
        storage=private_storage,
        blank=True,
        max_length=200,
        validators=[validate_stored_document],
    )
    file_name = models.CharField("original file name", max_length=200, blank=True, editable=False)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.INTRODUCTORY, db_index=True)
    cost = models.CharField(max_length=4, choices=Cost.choices, default=Cost.FREE, db_index=True)
    cost_note = models.CharField(max_length=200, blank=True, help_text="e.g. £450; bursaries available")
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.ONLINE, db_index=True)
    duration = models.CharField(max_length=100, blank=True, help_text="e.g. 6 weeks, 2 hours a week")
    cpd_hours = models.DecimalField(
        "CPD hours",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("2000"))],
    )
    for_new_ccio = models.BooleanField("suits new CCIOs", default=False)
    for_experienced_ccio = models.BooleanField("suits experienced CCIOs", default=False)
    for_aspiring = models.BooleanField("suits aspiring CCIOs", default=False)
    for_cnio_cmio = models.BooleanField("suits CNIOs and CMIOs", default=False)
    topics = models.ManyToManyField(Topic, related_name="resources", blank=True)
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.PUBLIC, db_index=True)
    featured = models.BooleanField(default=False, help_text="Shown on top of the library and on the home page.")
    # Kept by resources.services with F() under each mark's unique row.
    useful_count = models.PositiveIntegerField(default=0, editable=False)
    # An event's material shown in the library: kept in step by resources.services.sync_material.
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+", editable=False
    )
    event_material = models.OneToOneField(
        "events.EventMaterial",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_resource",
        editable=False,
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    preview_renderer = "resources.views.library.render_resource"

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            GinIndex(fields=["search_vector"], name="resources_search"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)
        self._update_search_vector()

    def _update_search_vector(self):
        """PostgreSQL: the stored vector the library's search ranks by (title A, summary and provider B, body C).

        Kept here so every save (editor, admin, restore, event materials, demo) keeps it current.
        """
        if connection.vendor != "postgresql":
            return
        type(self).objects.filter(pk=self.pk).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("summary", "provider", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )

    def clean(self):
        super().clean()
        if not self.url and not self.file and not self.event_material_id:
            raise ValidationError("Give an external link, a file, or both.")

    def get_absolute_url(self):
        return reverse("resources:detail", args=[self.slug])

    def get_download_url(self):
        return reverse("resources:download", args=[self.slug])

    @property
    def members_only(self):
        return self.access == Access.MEMBERS

    @property
    def file_type(self):
        return type_of(self.file.name) if self.file else None

    @property
    def material_href(self):
        """An event material's own address (its file or link): materials are public, as on the event page."""
        material = self.event_material
        return material.href if material else ""

    @property
    def audiences(self):
        return [label for field, _key, label in AUDIENCES if getattr(self, field)]

    @property
    def provider_name(self):
        return self.organisation.name if self.organisation_id and not self.provider else self.provider

    def children_snapshot(self):
        return {"topics": [{"id": t.pk, "name": t.name} for t in self.topics.order_by("pk")]}

    def restore_children(self):
        state = self.children_state
        if not state:
            return
        self.topics.set(Topic.objects.filter(pk__in=[t["id"] for t in state.get("topics", [])]))


class UsefulMark(models.Model):
    """A member found a resource useful: one mark per member, counted on the resource."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="useful_marks")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="useful_marks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "member"], name="resources_usefulmark_once")]
        indexes = [models.Index(fields=["member", "resource"])]

    def __str__(self):
        return f"{self.member} found {self.resource} useful"


class PlanItem(models.Model):
    """A resource on a member's learning plan (private to them)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="plan_items")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    target_date = models.DateField("target date", null=True, blank=True)
    note = models.TextField("private note", blank=True, max_length=2000)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target_date", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["member", "resource"], name="resources_planitem_once")]

    def __str__(self):
        return f"{self.resource} on {self.member}'s plan"

    def get_absolute_url(self):
        return reverse("resources:plan_item", args=[self.pk])

    @property
    def is_done(self):
        return self.status == self.Status.DONE


def appraisal_year_start(day):
    """The NHS appraisal year runs 1 April to 31 March: the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def appraisal_year_label(start_year):
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def appraisal_year_bounds(start_year):
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


class CPDEntryQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)

    def in_appraisal_year(self, start_year):
        return self.between(*appraisal_year_bounds(start_year))


class CPDEntry(models.Model):
    """One entry in a member's CPD log (private to them)."""

    class Type(models.TextChoices):
        COURSE = "course", "Course"
        EVENT = "event", "Event"
        READING = "reading", "Reading"
        TEACHING = "teaching", "Teaching"
        REFLECTION = "reflection", "Reflection"
        OTHER = "other", "Other"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_entries")
    date = models.DateField()
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=12, choices=Type.choices, default=Type.COURSE)
    hours = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(1000)]
    )
    learned = models.TextField("what I learned", blank=True, max_length=20_000, help_text="Markdown.")
    learned_html = models.TextField(editable=False, blank=True)
    impact = models.TextField("how it changed my practice", blank=True, max_length=20_000, help_text="Markdown.")
    impact_html = models.TextField(editable=False, blank=True)
    evidence = models.FileField(
        upload_to="cpd/%Y/",
        storage=private_storage,
        blank=True,
        max_length=200,
        validators=[validate_stored_document],
    )
    evidence_name = models.CharField(max_length=200, blank=True, editable=False)
    resource = models.ForeignKey(
        Resource, on_delete=models.SET_NULL, null=True, blank=True, related_name="cpd_entries"
    )
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CPDEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "CPD entry"
        verbose_name_plural = "CPD entries"
        indexes = [models.Index(fields=["member", "date"])]
        constraints = [
            # Each resource or event is offered once: a double submit of the confirmed entry makes one row.
            models.UniqueConstraint(
                fields=["member", "resource"],
                condition=Q(resource__isnull=False),
                name="resources_cpd_one_per_resource",
            ),
            models.UniqueConstraint(
                fields=["member", "event"], condition=Q(event__isnull=False), name="resources_cpd_one_per_event"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.learned_html = render_markdown(self.learned)
        self.impact_html = render_markdown(self.impact)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:cpd_edit", args=[self.pk])

    @property
    def appraisal_year(self):
        return appraisal_year_start(self.date)

    @property
    def appraisal_year_label(self):
        return appraisal_year_label(self.appraisal_year)


def today():
    return timezone.localdate()
