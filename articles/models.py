import math
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import strip_tags

from core.images import ImageField
from core.markdown import render_markdown, validate_markdown
from editorial.models import EditorialItem, EditorialQuerySet, Topic

WORDS_PER_MINUTE = 230
RESERVED_SLUGS = {"feed", "topic", "edit", "new"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by another page; choose another slug.")


def people_and_topics():
    """Prefetch lookups for an article's authors (names only) and topics."""
    authors = get_user_model().objects.only("id", "username", "display_name", "is_active")
    return Prefetch("authors", queryset=authors), "topics"


class ArticleQuerySet(EditorialQuerySet):
    def with_people_and_topics(self):
        return self.prefetch_related(*people_and_topics())

    def for_list(self):
        """For lists and feeds: without the body, which lists never show."""
        return self.with_people_and_topics().defer("body", "body_html", "children_state")

    def for_page(self):
        return self.with_people_and_topics()

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


class Article(EditorialItem):
    title = models.CharField(max_length=160)
    slug = models.SlugField(
        max_length=160, unique=True, validators=[validate_slug_not_reserved], help_text="Used in the address."
    )
    standfirst = models.CharField(max_length=300, help_text="One or two sentences under the title.")
    body = models.TextField(help_text="Markdown.", validators=[validate_markdown])
    body_html = models.TextField(editable=False, blank=True)
    hero_image = ImageField(upload_to="articles/hero/%Y/%m/", blank=True)
    hero_alt = models.CharField(
        "hero image alt text", max_length=250, blank=True, help_text="Describe the image for people who cannot see it."
    )
    hero_caption = models.CharField("hero image caption", max_length=250, blank=True)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles", blank=True)
    topics = models.ManyToManyField("editorial.Topic", related_name="articles", blank=True)
    featured = models.BooleanField(default=False, help_text="Shown on top of the article list and on the home page.")
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    seo_description = models.CharField(
        "search and social description",
        max_length=200,
        blank=True,
        help_text="For search engines and link previews. The standfirst is used when empty.",
    )

    objects = ArticleQuerySet.as_manager()

    preview_renderer = "articles.views.render_article"

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["status", "publish_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": "Describe the hero image: alt text is required with an image."})
        if self.hero_image and not self.hero_caption.strip():
            raise ValidationError({"hero_caption": "Add a caption (with credit) for the hero image."})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        words = len(re.findall(r"\w+", strip_tags(self.body_html)))
        self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @property
    def description(self):
        return self.seo_description or self.standfirst

    def children_snapshot(self):
        """Authors by id only: a name kept in the history would outlive their renaming or erasure.

        The compare page shows each author's name as it is now (`children_text`).
        """
        return {
            "authors": [{"id": pk} for pk in self.authors.order_by("pk").values_list("pk", flat=True)],
            "topics": [{"id": t.pk, "name": t.name} for t in self.topics.order_by("pk")],
        }

    @classmethod
    def children_text(cls, states):
        """Snapshots as editors read them on the compare page, authors named as they are now (one query)."""
        ids = {a["id"] for state in states for a in (state or {}).get("authors", [])}
        names = {u.pk: u.public_name for u in get_user_model().objects.filter(pk__in=ids)}
        texts = []
        for state in states:
            state = state or {}
            authors = [names.get(a["id"]) or "Former member" for a in state.get("authors", [])]
            topics = [t.get("name", "") for t in state.get("topics", [])]
            texts.append(f"Authors: {', '.join(authors) or '(none)'}\nTopics: {', '.join(topics) or '(none)'}")
        return texts

    def restore_children(self):
        state = self.children_state
        if not state:  # a revision from before snapshots were kept: leave them alone
            return
        self.authors.set(get_user_model().objects.filter(pk__in=[a["id"] for a in state.get("authors", [])]))
        self.topics.set(Topic.objects.filter(pk__in=[t["id"] for t in state.get("topics", [])]))
