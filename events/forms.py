from django import forms

from core.edits import SeenVersionMixin
from core.uploads import StorableFileField
from events.models import Event, EventMaterial, EventQuestion, Series, Session, Speaker
from events.services import ANSWER_MAX_LENGTH


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-and-time picker; values are London time (the site's time zone)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "All kinds"), *Event.Kind.choices], required=False)
    format = forms.ChoiceField(choices=[("", "All formats"), *Event.Format.choices], required=False)

    def filter(self, queryset):
        if self.is_valid():
            if self.cleaned_data["kind"]:
                queryset = queryset.filter(kind=self.cleaned_data["kind"])
            if self.cleaned_data["format"]:
                queryset = queryset.filter(format=self.cleaned_data["format"])
        return queryset


class RegistrationForm(forms.Form):
    """The organiser's questions, one field each (none: a one-click form)."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=question.text,
                help_text=question.help_text,
                required=question.required,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self):
        return {str(q.pk): self.cleaned_data.get(f"q_{q.pk}", "") for q in self.questions}


DATETIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class EventForm(SeenVersionMixin, forms.ModelForm):
    """Saving writes only what the organiser changed from what they saw (core.edits)."""

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "kind",
            "format",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "venue_postcode",
            "join_url",
            "join_link_minutes_before",
            "capacity",
            "cpd_hours",
            "registration_opens_at",
            "registration_closes_at",
            "status",
        ]
        widgets = {name: LocalDateTimeInput() for name in DATETIME_FIELDS} | {
            "description": forms.Textarea(attrs={"rows": 8}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": "London time.",
            "ends_at": "London time.",
            "description": "Markdown: **bold**, _italic_, [links](https://example.org), lists.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != Event.Status.CANCELLED:
            # Cancelling tells everyone registered, so it has its own page.
            self.fields["status"].choices = [c for c in Event.Status.choices if c[0] != Event.Status.CANCELLED]
        for name in DATETIME_FIELDS:
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def clean(self):
        cleaned = super().clean()
        online = cleaned.get("format") == Event.Format.ONLINE
        if online and not cleaned.get("join_url") and cleaned.get("status") == Event.Status.PUBLISHED:
            self.add_error("join_url", "An online event needs a join link before it is published.")
        return cleaned


class EventCancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to everyone registered)",
        max_length=500,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )


class AttendeeMessageForm(forms.Form):
    subject = forms.CharField(max_length=150)
    message = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 8}), help_text="Plain text.")


class SeriesForm(forms.Form):
    repeat = forms.ChoiceField(choices=Series.Repeat.choices, initial=Series.Repeat.MONTHLY)
    count = forms.IntegerField(
        label="Number of dates in all (including this one)", min_value=2, max_value=52, initial=6
    )


QuestionFormSet = forms.inlineformset_factory(
    Event,
    EventQuestion,
    fields=["text", "help_text", "required", "order"],
    labels={"text": "Question", "help_text": "Hint shown under it", "required": "An answer is required"},
    extra=2,
    max_num=10,
    validate_max=True,
    can_delete=True,
)

MaterialFormSet = forms.inlineformset_factory(
    Event,
    EventMaterial,
    fields=["title", "url", "file", "order"],
    field_classes={"file": StorableFileField},
    extra=1,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["title", "format", "starts_at", "ends_at", "track", "speakers", "abstract"]
        widgets = {
            "starts_at": LocalDateTimeInput(),
            "ends_at": LocalDateTimeInput(),
            "abstract": forms.Textarea(attrs={"rows": 3}),
            "speakers": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {"speakers": "Hold Ctrl (or Cmd) to choose several.", "starts_at": "London time."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


SessionFormSet = forms.inlineformset_factory(
    Event, Session, form=SessionForm, extra=3, max_num=80, validate_max=True, can_delete=True
)


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "job_title", "organisation", "photo", "photo_alt", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"photo_alt": "Required with a photo: describe it for people who cannot see it."}
