"""Private conversations between members, and members' conversations with the moderators.

A conversation numbers its messages 1, 2, 3... (unique in the database,
handed out under a row lock: locks.py), so pages are cut by number and
each participant's read state is one number. Who may see or do what is
answered in access.py and nowhere else. Nothing here is registered in the
admin: conversations are private, and moderators read one only through a
report (moderation.py).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.pagination import page_count, page_of

MESSAGES_PER_PAGE = 20
CONVERSATIONS_PER_PAGE = 30
MAX_RECIPIENTS = 20
MAX_SUBJECT_LENGTH = 150
MAX_BODY_LENGTH = 20_000
MODERATORS_NAME = "The moderators"


class Conversation(models.Model):
    class Kind(models.TextChoices):
        MEMBERS = "members", "Between members"
        MODERATORS = "moderators", "With the moderators"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MEMBERS)
    subject = models.CharField(max_length=MAX_SUBJECT_LENGTH)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)
    # Highest message number handed out so far (numbers are never reused).
    last_number = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Conversations with the moderators: the member wrote last and no moderator has answered.
    awaiting_moderators = models.BooleanField(default=False)
    # Number of the last message the moderators wrote (where a moderator's "first unread" starts).
    moderators_replied_number = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "-last_message_at"], name="messaging_conv_kind_recent"),
            models.Index(
                fields=["kind"],
                name="messaging_conv_awaiting",
                condition=models.Q(awaiting_moderators=True),
            ),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("messaging:conversation", args=[self.pk])

    @property
    def with_moderators(self):
        return self.kind == self.Kind.MODERATORS

    @property
    def page_count(self):
        return page_count(self.last_number, MESSAGES_PER_PAGE)


class ParticipantQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at__isnull=True)


class Participant(models.Model):
    """A member in a conversation, with how far they have read it. Moderators answering
    in a conversation with the moderators are not participants: they reach it by role."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_number = models.PositiveIntegerField(default=0)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="messaging_participant_unique"),
        ]
        indexes = [models.Index(fields=["user", "left_at"], name="messaging_participant_inbox")]

    def __str__(self):
        return f"{self.user} in {self.conversation}"


class Message(models.Model):
    class Kind(models.TextChoices):
        MESSAGE = "message", "Message"
        JOINED = "joined", "Added to the conversation"
        LEFT = "left", "Left the conversation"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.MESSAGE)
    # Who wrote it; for a "joined" or "left" line, who joined or left.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # For a "joined" line: who added them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Written by a moderator for the moderators: members see "The moderators".
    as_moderators = models.BooleanField(default=False)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="messaging_message_unique_number"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="messaging_message_search"),
            models.Index(fields=["author", "-created"], name="messaging_message_author"),
        ]
        ordering = ["conversation", "number"]

    def __str__(self):
        return f"{self.conversation} #{self.number}"

    def get_absolute_url(self):
        return reverse("messaging:permalink", args=[self.pk])

    @property
    def page_number(self):
        return page_of(self.number, MESSAGES_PER_PAGE)

    @property
    def is_event(self):
        return self.kind != self.Kind.MESSAGE


class Preferences(models.Model):
    """A member's messaging choices; no row means the defaults."""

    class WhoCanStart(models.TextChoices):
        ALL = "all", "Any member"
        SHARED = "shared", "Only members I already share a conversation with"
        NOBODY = "nobody", "Nobody"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    who_can_start = models.CharField(max_length=8, choices=WhoCanStart.choices, default=WhoCanStart.ALL)
    email_content = models.BooleanField(
        default=True, help_text="Include the subject and text of messages in notification emails."
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"Messaging preferences of {self.user}"


class Block(models.Model):
    """`blocker` hears nothing more from `blocked`, who is not told."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="messaging_block_unique"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="messaging_block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"], name="messaging_block_blocked")]

    def __str__(self):
        return f"{self.blocker} blocks {self.blocked}"


class Report(models.Model):
    """A participant asks the moderators to look at a message: the only way a moderator reads a
    conversation between members."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", "Harassment or bullying"
        INAPPROPRIATE = "inappropriate", "Inappropriate or offensive"
        SPAM = "spam", "Spam or advertising"
        CONFIDENTIAL = "confidential", "Shares confidential or patient information"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACTED = "acted", "Message hidden"
        DISMISSED = "dismissed", "Dismissed"

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "reporter"], condition=models.Q(status="open"), name="messaging_report_one_open"
            )
        ]
        indexes = [models.Index(fields=["created"], name="messaging_report_open", condition=models.Q(status="open"))]

    def __str__(self):
        return f"Report on {self.message}: {self.get_reason_display()}"


def author_label(message, *, for_moderators=False):
    """The name shown for a message's author: members see the moderators' answers as "The moderators"."""
    if message.as_moderators:
        if for_moderators and message.author is not None:
            return f"{MODERATORS_NAME} ({message.author.public_name})"
        return MODERATORS_NAME
    return message.author.public_name if message.author is not None else "Former member"
