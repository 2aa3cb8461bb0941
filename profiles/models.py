"""Organisations, the member directory and editorial CCIO profiles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.images import ImageField
from core.markdown import render_markdown, validate_markdown
from editorial.models import EditorialItem, EditorialQuerySet


class Region(models.TextChoices):
    NORTH_EAST_YORKSHIRE = "north-east-yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north-west", "North West"
    MIDLANDS = "midlands", "Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class OrganisationType(models.TextChoices):
    ACUTE = "acute", "Acute trust"
    MENTAL_HEALTH = "mental-health", "Mental health trust"
    COMMUNITY = "community", "Community trust"
    AMBULANCE = "ambulance", "Ambulance trust"
    ICB = "icb", "Integrated care board"
    PRIMARY_CARE = "primary-care", "Primary care"
    NATIONAL = "national", "National body"
    SUPPLIER = "supplier", "Supplier"
    OTHER = "other", "Other"


ods_code_validator = RegexValidator(
    r"^[A-Z0-9]{3,6}$",
    "An ODS code is 3 to 6 capital letters and digits, e.g. RJ1, QWE or A81001.",
)


class Organisation(models.Model):
    name = models.CharField(max_length=160)
    type = models.CharField(max_length=20, choices=OrganisationType.choices)
    region = models.CharField(max_length=24, choices=Region.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=6,
        null=True,
        blank=True,
        validators=[ods_code_validator],
        help_text="The NHS Organisation Data Service code, e.g. RJ1. Leave empty if it has none.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["ods_code"], name="profiles_organisation_ods_code_unique")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.ods_code = (self.ods_code or "").strip().upper() or None
        super().save(*args, **kwargs)


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Doctor"
    NURSE = "nurse", "Nurse"
    MIDWIFE = "midwife", "Midwife"
    AHP = "ahp", "Allied health professional"
    PHARMACIST = "pharmacist", "Pharmacist"
    OTHER = "other", "Other"


class Visibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone, including visitors who are not signed in"
    MEMBERS = "members", "Members of the network only"
    NOBODY = "nobody", "Nobody but me (hidden from the directory)"


MAX_LINKS = 5
_url = URLValidator(schemes=["http", "https"])


def validate_links(value):
    lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(f"Add at most {MAX_LINKS} links, one per line.")
    for line in lines:
        try:
            _url(line)
        except ValidationError:
            raise ValidationError(f"“{line[:80]}” is not a web address starting with https:// or http://.") from None


def shown_to_others(*, member):
    """The choices of visibility whose entries members (or, with member=False, visitors) see."""
    return [Visibility.EVERYONE, Visibility.MEMBERS] if member else [Visibility.EVERYONE]


class DirectoryEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place the directory's privacy rule lives.

        Visitors see entries shared with everyone; members also see entries
        shared with members; everyone sees their own entry; nobody else sees
        an entry set to "nobody". Inactive (erased) accounts never show.
        """
        if not user.is_authenticated:
            return self.seen_by_others(member=False)
        return self.seen_by_others(member=user.is_member) | self.filter(user=user, user__is_active=True)

    def seen_by_others(self, *, member):
        """What a member (or, with member=False, a visitor) sees of other people's entries.

        The same for everyone in the group, so a page shared between members
        (a topic's posts) may show it.
        """
        return self.filter(user__is_active=True, visibility__in=shown_to_others(member=member))

    def search(self, text):
        text = (text or "").strip()[:100]
        if not text:
            return self
        return self.filter(
            Q(user__display_name__icontains=text)
            | Q(user__username__icontains=text)
            | Q(organisation__name__icontains=text)
        )

    def for_list(self):
        return self.select_related("user", "organisation")


class DirectoryEntry(models.Model):
    """A member's own entry in the directory; they choose who may see it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_entry")
    job_title = models.CharField(max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="directory_entries"
    )
    profession = models.CharField(max_length=12, choices=Profession.choices, blank=True)
    specialty = models.CharField(max_length=120, blank=True)
    years_in_practice = models.PositiveSmallIntegerField(
        "years in clinical practice", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    ccio_appointed = models.DateField("appointed to the CCIO role", null=True, blank=True)
    reports_to = models.CharField("reports to", max_length=120, blank=True, help_text="e.g. Chief Medical Officer")
    contracted_days = models.DecimalField(
        "contracted days a week on the role",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(7)],
    )
    actual_days = models.DecimalField(
        "actual days a week on the role",
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(7)],
    )
    interests = models.CharField(max_length=300, blank=True, help_text="e.g. EPR, clinical safety, AI")
    bio = models.TextField(
        "short bio", max_length=3000, blank=True, help_text="Markdown.", validators=[validate_markdown]
    )
    bio_html = models.TextField(blank=True, editable=False)
    photo = ImageField(upload_to="directory/photos/", blank=True, max_size=(600, 600))
    links = models.TextField(
        blank=True, max_length=1200, validators=[validate_links], help_text="Web addresses, one per line (up to 5)."
    )
    visibility = models.CharField(
        "who can see your entry", max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    advisory_panel = models.BooleanField(
        "member of the advisory panel", default=False, help_text="Set by editors, not by the member."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "directory entries"
        indexes = [models.Index(fields=["visibility"])]

    def __str__(self):
        return f"Directory entry of {self.user}"

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("profiles:member_detail", args=[self.user.username])

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def interest_list(self):
        return [i.strip() for i in self.interests.split(",") if i.strip()]


class CCIOProfileQuerySet(EditorialQuerySet):
    def for_list(self):
        return self.select_related("organisation").defer("children_state")

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")


class CCIOProfile(EditorialItem):
    """An editorial interview-style profile of one CCIO."""

    name = models.CharField("the CCIO's name", max_length=120)
    role_title = models.CharField("their role", max_length=160, blank=True)
    headline = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    standfirst = models.CharField(max_length=300)
    portrait = ImageField(upload_to="profiles/portraits/%Y/", blank=True, max_size=(900, 900))
    portrait_alt = models.CharField("portrait alt text", max_length=250, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="ccio_profiles"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ccio_profiles",
        help_text="Optional: their member account, to link to their directory entry.",
    )
    advisory_panel = models.BooleanField("on the advisory panel", default=False)
    panel_chair = models.BooleanField("chair of the advisory panel", default=False)
    featured = models.BooleanField(default=False, help_text="Shown on the home page (the newest featured one).")

    objects = CCIOProfileQuerySet.as_manager()

    preview_renderer = "profiles.views.render_profile"

    class Meta:
        verbose_name = "CCIO profile"
        ordering = ["-publish_at", "-pk"]

    def __str__(self):
        return self.headline

    def clean(self):
        super().clean()
        if self.portrait and not self.portrait_alt.strip():
            raise ValidationError({"portrait_alt": "Describe the portrait: alt text is required with a photo."})
        if self.panel_chair and not self.advisory_panel:
            raise ValidationError({"panel_chair": "The chair must also be on the advisory panel."})

    def get_absolute_url(self):
        return reverse("profiles:profile_detail", args=[self.slug])

    def children_snapshot(self):
        return {
            "interview": [{"question": a.question, "answer": a.answer} for a in self.answers.all()],
            "timeline": [
                {"start_year": t.start_year, "end_year": t.end_year, "role": t.role, "place": t.place}
                for t in self.timeline.all()
            ],
        }

    def restore_children(self):
        state = self.children_state
        if not state:  # a revision from before snapshots were kept: leave the rows alone
            return
        self.answers.all().delete()
        self.timeline.all().delete()
        for order, qa in enumerate(state.get("interview", []), start=1):
            InterviewAnswer.objects.create(profile=self, order=order, question=qa["question"], answer=qa["answer"])
        for step in state.get("timeline", []):
            TimelineEntry.objects.create(profile=self, **step)


class InterviewAnswer(models.Model):
    profile = models.ForeignKey(CCIOProfile, on_delete=models.CASCADE, related_name="answers")
    order = models.PositiveSmallIntegerField(default=0)
    question = models.CharField(max_length=300)
    answer = models.TextField(max_length=10_000, help_text="Markdown.", validators=[validate_markdown])
    answer_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        self.answer_html = render_markdown(self.answer)
        super().save(*args, **kwargs)


class TimelineEntry(models.Model):
    profile = models.ForeignKey(CCIOProfile, on_delete=models.CASCADE, related_name="timeline")
    start_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)], help_text="Empty: now."
    )
    role = models.CharField(max_length=160)
    place = models.CharField(max_length=160, blank=True)

    class Meta:
        ordering = ["start_year", "pk"]
        verbose_name_plural = "timeline entries"

    def __str__(self):
        return f"{self.start_year}: {self.role}"
