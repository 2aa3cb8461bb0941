import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from core.files import CheckedDocument, DocumentUploadField
from editorial.models import Topic
from profiles.models import Organisation
from resources.models import AUDIENCES, CPDEntry, PlanItem, Resource, appraisal_year_bounds, appraisal_year_start

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MARKDOWN_HELP = "Markdown: **bold**, _italic_, [links](https://…), lists."


class ResourceForm(forms.ModelForm):
    file = DocumentUploadField(required=False, label="File")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}), max_length=60_000, required=False, help_text=MARKDOWN_HELP
    )
    suits = forms.MultipleChoiceField(
        label="Who it suits",
        choices=[(field, label) for field, _key, label in AUDIENCES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    # An event's material keeps these in step with the event (resources.services.sync_material).
    SYNCED_FIELDS = ("title", "url", "file", "kind", "cpd_hours", "slug")

    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "kind",
            "provider",
            "organisation",
            "url",
            "file",
            "level",
            "cost",
            "cost_note",
            "format",
            "duration",
            "cpd_hours",
            "topics",
            "access",
            "featured",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "topics": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = Topic.objects.all()
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].label = "Provider in the directory"
        self.initial["suits"] = [field for field, _key, _label in AUDIENCES if getattr(self.instance, field)]
        if self.instance.event_material_id:
            for name in self.SYNCED_FIELDS:
                self.fields.pop(name, None)
        else:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Used in the address; made from the title when left empty."

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:180]
        if not slug:
            return slug
        base, n = slug, 2
        others = Resource.objects.exclude(pk=self.instance.pk)
        if not self.data.get(self.add_prefix("slug")):
            while others.filter(slug=slug).exists():
                slug = f"{base}-{n}"
                n += 1
        return slug

    def clean_file(self):
        value = self.cleaned_data.get("file")
        if isinstance(value, CheckedDocument):
            self.checked_document = value
            return value.file
        return value

    def _post_clean(self):
        for field, _key, _label in AUDIENCES:
            setattr(self.instance, field, field in self.cleaned_data.get("suits", []))
        document = getattr(self, "checked_document", None)
        if document is not None:
            self.instance.file_name = document.original_name
            self.instance.file_size = document.file.size
        elif "file" in self.cleaned_data and self.cleaned_data["file"] is False:
            self.instance.file_name = ""
            self.instance.file_size = None
        super()._post_clean()


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["status", "target_date", "note"]
        widgets = {"target_date": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": "Only you can see this.", "target_date": "When you mean to finish it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_date"].input_formats = DATE_FORMATS


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=PlanItem.Status.choices)


class CPDEntryForm(forms.ModelForm):
    evidence = DocumentUploadField(required=False, label="Evidence (optional)")
    learned = forms.CharField(
        label="What I learned",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        required=False,
        help_text=MARKDOWN_HELP,
    )
    impact = forms.CharField(
        label="How it changed my practice",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        required=False,
        help_text=MARKDOWN_HELP,
    )

    class Meta:
        model = CPDEntry
        fields = ["date", "title", "type", "hours", "learned", "impact", "evidence"]
        widgets = {"date": DATE_INPUT, "hours": forms.NumberInput(attrs={"step": "0.25", "min": "0.25"})}
        help_texts = {"hours": "In hours, e.g. 1.5 for an hour and a half."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS
        self.fields["hours"].widget.attrs["inputmode"] = "decimal"

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + dt.timedelta(days=1):
            raise forms.ValidationError("The date cannot be in the future.")
        if date.year < 1990:
            raise forms.ValidationError("Give a date after 1990.")
        return date

    def clean_evidence(self):
        value = self.cleaned_data.get("evidence")
        if isinstance(value, CheckedDocument):
            self.checked_document = value
        return self.instance.evidence  # the service stores the new file, or clears it

    @property
    def new_evidence(self):
        return getattr(self, "checked_document", None)

    @property
    def remove_evidence(self):
        return self.data.get(self.add_prefix("evidence") + "-clear") == "on" and self.new_evidence is None


class PeriodForm(forms.Form):
    """A period of the CPD log to export: any dates, the current appraisal year by default."""

    start = forms.DateField(label="From", widget=DATE_INPUT, input_formats=DATE_FORMATS)
    end = forms.DateField(label="To", widget=DATE_INPUT, input_formats=DATE_FORMATS)
    format = forms.ChoiceField(
        label="File type", choices=[("pdf", "PDF, for your appraiser"), ("csv", "CSV, for a spreadsheet")]
    )

    @staticmethod
    def default_initial():
        start, end = appraisal_year_bounds(appraisal_year_start(timezone.localdate()))
        return {"start": start, "end": end, "format": "pdf"}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the period must be after its start.")
        if start and end and (end - start).days > 366 * 10:
            self.add_error("start", "Choose a period of at most ten years.")
        return cleaned
