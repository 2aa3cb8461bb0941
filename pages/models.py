"""Pages editors keep (about, privacy, accessibility...) and messages sent through the contact form."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.markdown import render_markdown, validate_markdown
from editorial.models import EditorialItem, EditorialQuerySet

# Pages answer at the top of the site (/about/), so a slug may not be the first part of another address.
RESERVED_SLUGS = frozenset(
    {
        "account",
        "accounts",
        "admin",
        "articles",
        "bench",
        "contact",
        "editor",
        "events",
        "forum",
        "healthz",
        "media",
        "members",
        "messages",
        "notifications",
        "profiles",
        "resources",
        "robots.txt",
        "search",
        "sitemap.xml",
        "static",
        "surveys",
        "weekly-summary",
    }
)

slug_format = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z", "Use lower-case letters, digits and single hyphens (e.g. “code-of-conduct”)."
)


def validate_page_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is the address of another part of the site; choose another.")


class Page(EditorialItem):
    """A page the editors keep, served at /<slug>/, in the one editorial workflow."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        validators=[slug_format, validate_page_slug],
        help_text="The page's address: /slug/.",
    )
    summary = models.CharField(
        max_length=200, help_text="One sentence under the title, also used by search engines and link previews."
    )
    body = models.TextField(max_length=60_000, help_text="Markdown.", validators=[validate_markdown])
    body_html = models.TextField(editable=False, blank=True)
    show_advisory_panel = models.BooleanField(
        "list the advisory panel",
        default=False,
        help_text="Shows the advisory panel below the text, drawn from the published CCIO profiles marked as on "
        "the panel, the chair first.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the content was last checked as true (shown on the page)."
    )

    objects = EditorialQuerySet.as_manager()

    preview_renderer = "pages.views.render_page"

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pages:detail", args=[self.slug])


class ContactMessage(models.Model):
    """One message sent through /contact/, kept for the moderators' contact inbox."""

    class Topic(models.TextChoices):
        MEMBERSHIP = "membership", "Membership"
        EVENT = "event", "An event"
        FORUM = "forum", "The forum"
        PRESS = "press", "Press"
        OTHER = "other", "Something else"

    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    topic = models.CharField(max_length=12, choices=Topic.choices)
    message = models.TextField(max_length=5000)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member who sent it, when signed in.",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("moderators' note", max_length=5000, blank=True)
    # The same message from the same address on the same day is one message: a double submit stores it once.
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["handled_at", "-created_at"], name="pages_contact_inbox_idx")]

    def __str__(self):
        return f"{self.get_topic_display()} from {self.name}"

    def get_absolute_url(self):
        return reverse("pages:contact_message", args=[self.pk])

    @property
    def is_handled(self):
        return self.handled_at is not None

    @staticmethod
    def fingerprint_of(*, email, topic, message, day):
        text = "\n".join([email.strip().lower(), topic, " ".join(message.split()), day.isoformat()])
        return hashlib.sha256(text.encode()).hexdigest()
