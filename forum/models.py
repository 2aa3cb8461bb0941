"""The forum: categories, topics, numbered posts and what members do with them.

Counters (replies, posts, last post) are denormalised so that list pages run a
fixed number of queries; services.py keeps them right with F() expressions in
the same transaction as the post. Who may read or write what is answered in
forum/access.py and nowhere else.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from core.edits import keep_counters

POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 30
MAX_BODY_LENGTH = 100_000
MAX_TITLE_LENGTH = 150
MIN_TITLE_LENGTH = 5

# Topic slugs that would clash with /forum/t/<id>/<action>/ addresses.
RESERVED_TOPIC_SLUGS = {"unread", "reply", "watch", "moderate"}

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a colour like #005eb8.")


class Category(models.Model):
    class Access(models.TextChoices):
        MEMBERS = "members", "Members only"
        PUBLIC = "public", "Public (visitors read, members write)"
        ANNOUNCEMENTS = "announcements", "Announcements (members read, moderators start topics)"

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    colour = models.CharField(max_length=7, default="#005eb8", validators=[colour_validator])
    access = models.CharField(max_length=16, choices=Access.choices, default=Access.MEMBERS)
    topic_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    last_posted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    # Moved with F() by forum.services as posts arrive: a save of the row (the admin) leaves them alone.
    COUNTERS = ("topic_count", "post_count", "last_posted_at")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **keep_counters(self, kwargs, self.COUNTERS))

    def get_absolute_url(self):
        return reverse("forum:category", args=[self.slug])

    @property
    def is_public(self):
        return self.access == self.Access.PUBLIC


LAST_POST_TEXT = ("last_post__body", "last_post__body_html", "last_post__search_vector")


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)

    def for_list(self):
        # Lists show who posted last, never what: leave the last post's text behind.
        return self.select_related("category", "author", "last_post__author").defer(*LAST_POST_TEXT)


class Topic(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    slug = models.SlugField(max_length=80, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="forum_topics"
    )
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    last_posted_at = models.DateTimeField(null=True, blank=True)
    last_post = models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Highest post number handed out so far (numbers are never reused).
    last_number = models.PositiveIntegerField(default=0, editable=False)
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    accepted_post = models.ForeignKey("Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = TopicQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["category", "-pinned", "-last_posted_at"], name="forum_topic_cat_activity"),
            models.Index(fields=["-last_posted_at"], name="forum_topic_activity"),
            # Hidden topics are few; what members may read (forum.access.readable_posts) leaves them out by id.
            models.Index(fields=["id"], condition=models.Q(hidden=True), name="forum_topic_hidden"),
        ]

    def __str__(self):
        return self.title

    # Moved by forum.services under the topic's lock: a save of the row (the admin) leaves them alone,
    # or a reply arriving meanwhile would lose its number and its place in the counts.
    COUNTERS = ("last_posted_at", "last_post", "last_number", "reply_count", "view_count", "accepted_post")

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80] or "topic"
        if self.slug in RESERVED_TOPIC_SLUGS:
            self.slug = f"{self.slug}-topic"
        super().save(*args, **keep_counters(self, kwargs, self.COUNTERS))

    def get_absolute_url(self):
        return reverse("forum:topic", args=[self.pk, self.slug or "topic"])

    @property
    def post_count(self):
        return self.reply_count + 1

    @property
    def page_count(self):
        return max(1, (self.last_number + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE)


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="forum_posts"
    )
    body = models.TextField(validators=[MaxLengthValidator(MAX_BODY_LENGTH)])
    body_html = models.TextField(editable=False)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    deleted = models.BooleanField(default=False)
    like_count = models.PositiveIntegerField(default=0, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="forum_post_unique_number")]
        indexes = [
            GinIndex(fields=["search_vector"], name="forum_post_search"),
            models.Index(fields=["author", "-created"], name="forum_post_author_recent"),
        ]
        ordering = ["topic", "number"]

    # Moved by forum.services (likes with F(), the search vector after each edit): a plain save leaves them.
    COUNTERS = ("like_count", "search_vector")

    def __str__(self):
        return f"{self.topic} #{self.number}"

    def save(self, *args, **kwargs):
        super().save(*args, **keep_counters(self, kwargs, self.COUNTERS))

    def get_absolute_url(self):
        return reverse("forum:permalink", args=[self.pk])

    @property
    def page_number(self):
        return (self.number - 1) // POSTS_PER_PAGE + 1

    @property
    def is_visible_content(self):
        return not (self.hidden or self.deleted)


class PostRevision(models.Model):
    """The body a post had before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"Revision of {self.post} at {self.created:%Y-%m-%d %H:%M}"


class ReadState(models.Model):
    """How far a member has read a topic: one row per member per topic."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forum_readstate_unique")]

    def __str__(self):
        return f"{self.user} read {self.topic} to #{self.last_read_number}"


class Watch(models.Model):
    class Level(models.TextChoices):
        WATCHING = "watching", "Watching"
        MUTED = "muted", "Muted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="watches")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, null=True, blank=True, related_name="watches")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.WATCHING)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], condition=models.Q(topic__isnull=False), name="forum_watch_topic_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=models.Q(category__isnull=False),
                name="forum_watch_category_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(topic__isnull=True, category__isnull=False)
                | models.Q(topic__isnull=False, category__isnull=True),
                name="forum_watch_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.level} {self.topic or self.category}"


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_reaction_unique")]

    def __str__(self):
        return f"{self.user} likes {self.post}"


class Bookmark(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_bookmarks")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_bookmark_unique")]
        ordering = ["-created"]

    def __str__(self):
        return f"{self.user} bookmarked {self.post}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", "Off topic"
        INAPPROPRIATE = "inappropriate", "Inappropriate or offensive"
        CONFIDENTIAL = "confidential", "Breaks confidentiality or the Chatham House rule"
        SPAM = "spam", "Spam or advertising"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACTED = "acted", "Post hidden"
        DISMISSED = "dismissed", "Dismissed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=models.Q(status="open"), name="forum_flag_one_open"
            )
        ]

    def __str__(self):
        return f"Flag on {self.post}: {self.get_reason_display()}"


class ModerationAction(models.Model):
    class Kind(models.TextChoices):
        HIDE_POST = "hide_post", "Hid a post"
        UNHIDE_POST = "unhide_post", "Showed a post again"
        DISMISS_FLAG = "dismiss_flag", "Dismissed a flag"
        PIN = "pin", "Pinned a topic"
        UNPIN = "unpin", "Unpinned a topic"
        LOCK = "lock", "Locked a topic"
        UNLOCK = "unlock", "Unlocked a topic"
        HIDE_TOPIC = "hide_topic", "Hid a topic"
        UNHIDE_TOPIC = "unhide_topic", "Showed a topic again"
        MOVE = "move", "Moved a topic"
        SUSPEND = "suspend", "Suspended a member"
        UNSUSPEND = "unsuspend", "Lifted a suspension"
        EDIT_POST = "edit_post", "Edited someone else's post"

    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.moderator}: {self.get_kind_display()}"

    @classmethod
    def record(cls, *, moderator, kind, reason="", topic=None, post=None, target_user=None, detail=""):
        return cls.objects.create(
            moderator=moderator,
            kind=kind,
            reason=reason[:500],
            topic=topic,
            post=post,
            target_user=target_user,
            detail=detail[:300],
        )
