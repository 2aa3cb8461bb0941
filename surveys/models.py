"""Member surveys with published results, and polls in forum topics.

A Survey is an editorial item (draft, review, scheduled, published,
withdrawn, with revisions). Its questions are ordered and grouped under
section headings; choice questions have Option rows so that results are
counted in the database.

A Response holds one member's answers. In a named survey it carries the
member (one per member: a database constraint). In an anonymous survey it
carries no member, no time and no sequential number: its key is a random
UUID, and who has answered is a separate Participation row, which the
response cannot be matched to. Both kinds copy the respondent's directory
attributes (region, organisation type, profession) at submission, so results
can be broken down by them; in anonymous surveys groups under
ANONYMOUS_GROUP_MINIMUM responses are suppressed.

A forum poll is a Question that belongs to a Poll instead of a survey, with
the same Option rows; a member's vote is a Ballot (one per member and poll:
a database constraint) whose Answer rows are the same Answer model a survey
uses, so counting is shared too.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from core.markdown import render_markdown, validate_markdown
from core.permissions import is_member
from editorial.models import EditorialItem, EditorialQuerySet

ANONYMOUS_GROUP_MINIMUM = 5
RESERVED_SLUGS = {"new", "edit", "results", "export"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by another page; choose another slug.")


class Audience(models.TextChoices):
    MEMBERS = "members", "Members of the network"
    SIGNED_IN = "signed_in", "Everyone signed in"


class ResultsVisibility(models.TextChoices):
    EDITORS = "editors", "Editors only"
    RESPONDENTS = "respondents", "Respondents, once the survey closes"
    EVERYONE = "everyone", "Everyone, once the survey closes"


class SurveyQuerySet(EditorialQuerySet):
    def open_now(self):
        now = timezone.now()
        return self.published().filter(opens_at__lte=now, closes_at__gt=now)

    def awaiting(self, user):
        """Open surveys this signed-in person may answer and has not (the home page, the weekly summary)."""
        surveys = self.open_now().exclude(Exists(Participation.objects.filter(survey=OuterRef("pk"), member=user)))
        if not is_member(user):
            surveys = surveys.filter(audience=Audience.SIGNED_IN)
        return surveys


class Survey(EditorialItem):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, validators=[validate_slug_not_reserved])
    introduction = models.TextField(
        blank=True, max_length=20000, validators=[validate_markdown], help_text="Markdown, shown above the questions."
    )
    introduction_html = models.TextField(blank=True, editable=False)
    opens_at = models.DateTimeField("opens at")
    closes_at = models.DateTimeField("closes at")
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.MEMBERS)
    anonymous = models.BooleanField(
        default=False,
        help_text="Responses keep no link to who gave them. Cannot be changed once anyone has answered.",
    )
    results_visibility = models.CharField(
        "who sees the results", max_length=12, choices=ResultsVisibility.choices, default=ResultsVisibility.EDITORS
    )
    # When each notification went out (each is sent once; see surveys.notices).
    opened_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SurveyQuerySet.as_manager()

    preview_renderer = "surveys.views.render_survey"

    class Meta:
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="surveys_closes_after_opens")
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The survey must close after it opens."})

    def save(self, *args, **kwargs):
        self.introduction_html = render_markdown(self.introduction)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("surveys:answer", args=[self.slug])

    def get_results_url(self):
        return reverse("surveys:results", args=[self.slug])

    @property
    def is_open(self):
        now = timezone.now()
        return self.is_live and self.opens_at <= now < self.closes_at

    @property
    def has_closed(self):
        return self.closes_at <= timezone.now()

    @property
    def not_yet_open(self):
        return timezone.now() < self.opens_at


class Poll(models.Model):
    """A poll in a forum topic: one question (single or multiple choice) with its options."""

    topic = models.OneToOneField("forum.Topic", on_delete=models.CASCADE, related_name="poll")
    closes_at = models.DateTimeField("closes at", null=True, blank=True)
    results_before_voting = models.BooleanField("show results before voting", default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Poll in topic {self.topic_id}"

    @property
    def is_closed(self):
        now = timezone.now()
        return self.closed_at is not None or (self.closes_at is not None and self.closes_at <= now)


class Kind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Scale"
    NUMBER = "number", "Number"
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"


CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="questions")
    poll = models.OneToOneField(Poll, on_delete=models.CASCADE, null=True, blank=True, related_name="question")
    position = models.PositiveSmallIntegerField(default=0)
    section = models.CharField(
        "section heading", max_length=120, blank=True, help_text="Questions with the same heading are grouped."
    )
    text = models.CharField("question", max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    required = models.BooleanField(default=True)
    allow_other = models.BooleanField("offer “other, please say”", default=False)
    max_choices = models.PositiveSmallIntegerField(
        "most choices allowed", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    min_value = models.DecimalField(
        "lowest", max_digits=8, decimal_places=2, null=True, blank=True, help_text="Scale or number."
    )
    max_value = models.DecimalField(
        "highest", max_digits=8, decimal_places=2, null=True, blank=True, help_text="Scale or number."
    )
    unit = models.CharField(max_length=40, blank=True, help_text="Number: e.g. days a week.")
    min_label = models.CharField("label of the lowest point", max_length=60, blank=True)
    max_label = models.CharField("label of the highest point", max_length=60, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(survey__isnull=False, poll__isnull=True) | Q(survey__isnull=True, poll__isnull=False),
                name="surveys_question_in_survey_or_poll",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self):
        return self.kind in TEXT_KINDS

    def clean(self):
        errors = {}
        if self.kind in (Kind.SCALE, Kind.NUMBER):
            if self.min_value is None or self.max_value is None:
                errors["max_value"] = "A scale or number question needs a lowest and a highest value."
            elif self.max_value <= self.min_value:
                errors["max_value"] = "The highest value must be above the lowest."
            elif self.kind == Kind.SCALE and (
                self.min_value != int(self.min_value)
                or self.max_value != int(self.max_value)
                or self.max_value - self.min_value > 10
            ):
                errors["max_value"] = "A scale runs between whole numbers, with at most 11 points."
        if errors:
            raise ValidationError(errors)


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="surveys_option_label_unique"),
        ]

    def __str__(self):
        return self.label


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Response(models.Model):
    """One person's answers to a survey. Anonymous: no member, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Named surveys only; always empty in an anonymous survey.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    # Named surveys only: an anonymous response records no time.
    updated_at = models.DateTimeField(null=True, blank=True)
    # The respondent's directory attributes when they submitted, for breakdowns.
    region = models.CharField(max_length=24, blank=True)
    organisation_type = models.CharField(max_length=20, blank=True)
    profession = models.CharField(max_length=12, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "member"],
                condition=Q(member__isnull=False),
                name="surveys_one_response_per_member",
            )
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self):
        return f"Response to {self.survey_id}"


class Participation(models.Model):
    """Who has answered an anonymous survey: only to refuse a second response and to send reminders.

    No time and nothing that points at the response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="surveys_one_participation_per_member")
        ]

    def __str__(self):
        return f"Answered survey {self.survey_id}"


class Ballot(models.Model):
    """A member's vote in a poll: one per member and poll; its choices are Answer rows."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "member"], name="surveys_one_ballot_per_member")]

    def __str__(self):
        return f"Vote in poll {self.poll_id}"


class Answer(models.Model):
    """One answer: an option chosen (one row per option for multiple choice), a number, or text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    number = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True, max_length=LONG_TEXT_MAX)
    # A text answer an editor chose to show with the published results.
    published = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(response__isnull=False, ballot__isnull=True)
                | Q(response__isnull=True, ballot__isnull=False),
                name="surveys_answer_in_response_or_ballot",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"],
                condition=Q(option__isnull=False),
                name="surveys_answer_option_once",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(option__isnull=True, response__isnull=False),
                name="surveys_answer_value_once",
            ),
            models.UniqueConstraint(
                fields=["ballot", "option"], condition=Q(ballot__isnull=False), name="surveys_vote_option_once"
            ),
        ]
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self):
        return f"Answer to question {self.question_id}"
