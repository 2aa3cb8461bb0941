"""The one editorial workflow shared by every app that publishes things.

An editorial item (an article, a CCIO profile, later a resource or a survey)
inherits `EditorialItem`: a status, a publish time, who submitted and who
approved it, and a revision history kept by django-simple-history. What counts
as "published" is decided once, in `EditorialQuerySet.published()`: status
published or scheduled with a publish time that has passed, so a scheduled
item appears by itself at its time without any job running.

Transitions (submit, approve, schedule, publish, withdraw, restore) are the
functions in `editorial.services`, used by the site's editor views and the
admin alike.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core.permissions import is_editor


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


LIVE_STATUSES = (Status.SCHEDULED, Status.PUBLISHED)

# Fields the workflow owns: never copied back by "restore", never edited in forms.
WORKFLOW_FIELDS = frozenset(
    {
        "id",
        "status",
        "publish_at",
        "created_by",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
        "created_at",
        "updated_at",
    }
)


class EditorialQuerySet(models.QuerySet):
    def published(self, now=None):
        """Live items: published, or scheduled with a publish time that has passed."""
        return self.filter(status__in=LIVE_STATUSES, publish_at__lte=now or timezone.now())

    def next_publication(self):
        """When the next scheduled item goes live by itself, or None."""
        upcoming = self.filter(status__in=LIVE_STATUSES, publish_at__gt=timezone.now())
        return upcoming.order_by("publish_at").values_list("publish_at", flat=True).first()

    def with_next_publication(self, now):
        """Each row with `next_publication`: when the next scheduled item of its kind goes live after `now`.

        Read in the same statement as the rows, so a list that is kept until then
        costs one query, not two, and no item can go live between the two reads.
        """
        upcoming = self.model.objects.filter(status__in=LIVE_STATUSES, publish_at__gt=now).order_by("publish_at")
        return self.annotate(next_publication=Subquery(upcoming.values("publish_at")[:1]))

    def visible_to(self, user):
        """Editors see everything (drafts included); everyone else only what is live."""
        return self.all() if is_editor(user) else self.published()

    def withdrawn_after_going_live(self):
        """Withdrawn items that readers once saw: their address says "withdrawn" (410 Gone), not 404.

        Read from the revision history, because an item is also withdrawn from
        review, or while scheduled for a time that had not yet come, and those
        were never public. A revision was live if it was published or scheduled
        and its publish time came before the next revision replaced it.
        """
        history = self.model.history.model.objects
        replaced_at = (
            history.filter(id=OuterRef("id"), history_date__gt=OuterRef("history_date"))
            .order_by("history_date")
            .values("history_date")[:1]
        )
        went_live = history.filter(
            id=OuterRef("pk"),
            status__in=LIVE_STATUSES,
            publish_at__lte=Coalesce(Subquery(replaced_at), Value(timezone.now())),
        )
        return self.filter(status=Status.WITHDRAWN).filter(Exists(went_live))


class EditorialItem(models.Model):
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        "publish at", null=True, blank=True, db_index=True, help_text="When the item goes (or went) live."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What lives outside the item's own row (authors and topics, an interview's
    # questions...) as it was at this revision, so history can compare and
    # restore it too. Models that have such content define children_snapshot()
    # and restore_children(); see editorial.services.save_children.
    children_state = models.JSONField("related content", default=dict, blank=True)

    history = HistoricalRecords(inherit=True)

    objects = EditorialQuerySet.as_manager()

    # Dotted path of a function f(request, obj, *, preview) -> HttpResponse that
    # renders the item exactly as readers see it; set by each concrete model.
    preview_renderer = None

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_workflow()
        return instance

    def remember_workflow(self):
        """Note the workflow fields as read, so a save can tell what its caller changed from what others did."""
        loaded = self.__dict__
        self._loaded_workflow = {
            field.attname: loaded[field.attname]
            for field in self._meta.concrete_fields
            if field.name in WORKFLOW_FIELDS and field.attname in loaded
        }

    @property
    def is_live(self):
        return self.status in LIVE_STATUSES and self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def is_approved(self):
        return self.approved_by_id is not None

    @property
    def workflow_label(self):
        """The status as an editor should read it: a scheduled item whose time has come is published."""
        if self.status == Status.SCHEDULED and self.is_live:
            return "Published"
        if self.status == Status.IN_REVIEW and self.is_approved:
            return "In review (approved)"
        return self.get_status_display()

    @classmethod
    def editorial_label(cls):
        return cls._meta.label_lower

    def _editor_url(self, name, *args):
        return reverse(f"editorial:{name}", args=[self.editorial_label(), self.pk, *args])

    def get_editor_url(self):
        return self._editor_url("item")

    def get_preview_url(self):
        return self._editor_url("preview")

    def get_history_url(self):
        return self._editor_url("history")


class Topic(models.Model):
    """A tag shared across the site: articles, and later resources and events."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:60]
        super().save(*args, **kwargs)
