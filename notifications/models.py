from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from notifications import kinds

FORMER_MEMBER = "Former member"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """The member's own notifications, without those of a role that does not count here.

        An editor whose session has not passed the second factor is a plain
        member (core.second_factor): their editorial notifications wait until
        it has.
        """
        hidden = [kind.code for kind in kinds.all_kinds() if not kind.offered_to(user)]
        queryset = self.filter(recipient=user)
        return queryset.exclude(kind__in=hidden) if hidden else queryset

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unread_count(self, user):
        """One query, served by the (recipient, read_at) index."""
        return self.for_recipient(user).unread().count()

    def awaiting_digest(self):
        return self.filter(delivery=kinds.DAILY, digested_at__isnull=True)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    """One thing that happened that one member should hear about."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)  # a code from notifications/kinds.py
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The title follows the name of the person who caused it ("replied to ..."): that name is
    # never stored, but shown as it is when the notification is shown (see `text`).
    actor_named = models.BooleanField(default=False)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, help_text="Site path of the thing this is about.")
    body = models.TextField(blank=True, help_text="Short plain-text excerpt.")
    # How the email goes out, fixed from the member's preference when created.
    delivery = models.CharField(max_length=10, choices=kinds.FREQUENCY_CHOICES, default=kinds.IMMEDIATE)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created_idx"),
            models.Index(
                fields=["recipient"],
                name="notif_awaiting_digest_idx",
                condition=models.Q(delivery="daily", digested_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}: {self.text}"

    def get_absolute_url(self):
        return reverse("notifications:open", args=[self.pk])

    @property
    def actor_name(self):
        """The actor's name as it is now: "Former member" once their account is erased or gone."""
        if not self.actor_named:
            return ""
        actor = self.actor if self.actor_id else None
        return (actor.public_name if actor is not None else "") or FORMER_MEMBER

    @property
    def text(self):
        """What the member reads: the actor's current name, then the title."""
        return f"{self.actor_name} {self.title}" if self.actor_named else self.title

    @property
    def kind_label(self):
        kind = kinds.KINDS.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def is_unread(self):
        return self.read_at is None


class NotificationPreference(models.Model):
    """How a member wants email about one kind; no row means the kind's default."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)  # a code from notifications/kinds.py
    frequency = models.CharField(max_length=10, choices=kinds.FREQUENCY_CHOICES)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind"], name="notif_pref_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.kind}: {self.frequency}"


class DigestLog(models.Model):
    """One daily digest sent to one member: the unique date makes a second one impossible."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(help_text="London date of the digest.")
    sent_at = models.DateTimeField(default=timezone.now)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "date"], name="notif_one_digest_per_day"),
        ]

    def __str__(self):
        return f"Digest for {self.recipient_id} on {self.date}"


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None, *, sending_timeout):
        """Waiting and due, or claimed by a worker so long ago that it must have died."""
        now = now or timezone.now()
        waiting = models.Q(status=OutgoingEmail.Status.PENDING, next_attempt_at__lte=now)
        abandoned = models.Q(status=OutgoingEmail.Status.SENDING, claimed_at__lt=now - sending_timeout)
        return self.filter(waiting | abandoned)

    def retrying(self):
        return self.filter(status=OutgoingEmail.Status.PENDING, attempts__gt=0)


class OutgoingEmail(models.Model):
    """One email the site owes someone: the outbox (see notifications/outbox.py).

    Written in the same transaction as the change that causes it (a
    notification, a digest, a message to an address), so it is never lost;
    sent by the task worker, with retries; `purpose` is unique, so each email
    exists once, and its Message-ID is made from it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Not sent (no longer wanted)"

    purpose = models.CharField(max_length=200, unique=True, help_text="What this email is for; one email each.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    digest = models.ForeignKey(DigestLog, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # An email to addresses (notifications.send_email, or any Django email through the outbox backend).
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    raw_message = models.BinaryField(null=True, blank=True, editable=False)
    # What the message is built from when it is sent (a digest's notifications).
    context = models.JSONField(default=dict, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="notif_outbox_waiting_idx",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["status", "-created_at"], name="notif_outbox_status_idx"),
        ]

    def __str__(self):
        return f"{self.purpose} ({self.get_status_display().lower()})"

    @property
    def kind_label(self):
        if self.notification_id:
            return "Notification"
        if self.digest_id:
            return "Daily digest"
        if "weekly_summary" in self.context:
            return "Weekly summary"
        return "Message"


class SummaryConsentQuerySet(models.QuerySet):
    def has_consented(self, user):
        """Whether the member's newest choice is consent (one query; no row: never agreed)."""
        latest = self.filter(user=user).order_by("-created_at", "-id").values_list("agreed").first()
        return bool(latest and latest[0])


class SummaryConsent(models.Model):
    """One consent to the weekly summary email, or one withdrawal: a row each, never changed afterwards.

    The member's current choice is their newest row (none: never agreed). What they agreed to
    is kept as the wording they were shown, with when and how, so the record shows it.
    """

    class Method(models.TextChoices):
        SIGNUP = "signup", "Ticked the box when joining"
        ACCOUNT = "account", "Changed the choice on the account page"
        EMAIL_LINK = "email_link", "Used the unsubscribe link in a weekly summary"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="summary_consents")
    agreed = models.BooleanField(help_text="True: consent given; false: consent withdrawn.")
    wording = models.TextField(help_text="What the member was shown when they chose.")
    method = models.CharField(max_length=12, choices=Method.choices)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SummaryConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="notif_consent_latest_idx")]

    def __str__(self):
        return f"{self.user_id} {'agreed' if self.agreed else 'withdrew'} ({self.method}) at {self.created_at}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Consent records are never changed: record a new one.")
        super().save(*args, **kwargs)


class WeeklySummary(models.Model):
    """One weekly summary sent to one member: the unique week makes a second one that week impossible."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text="The Monday (London date) of the week it was sent.")
    sent_at = models.DateTimeField(default=timezone.now)
    covers_from = models.DateTimeField(help_text="What it reports happened after this moment.")
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-week", "-id"]
        verbose_name_plural = "weekly summaries"
        constraints = [models.UniqueConstraint(fields=["recipient", "week"], name="notif_one_summary_per_week")]

    def __str__(self):
        return f"Weekly summary for {self.recipient_id}, week of {self.week}"
