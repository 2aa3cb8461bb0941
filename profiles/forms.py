from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from core.edits import SeenVersionMixin
from core.images import ImageUploadField
from profiles.models import (
    CCIOProfile,
    DirectoryEntry,
    InterviewAnswer,
    Organisation,
    OrganisationType,
    Profession,
    Region,
    TimelineEntry,
)


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "region", "ods_code"]

    def clean_ods_code(self):
        return (self.cleaned_data.get("ods_code") or "").strip().upper() or None


class DirectoryEntryForm(forms.ModelForm):
    photo = ImageUploadField(required=False, max_size=(600, 600), label="Photo")

    class Meta:
        model = DirectoryEntry
        fields = [
            "visibility",
            "job_title",
            "organisation",
            "profession",
            "specialty",
            "years_in_practice",
            "ccio_appointed",
            "reports_to",
            "contracted_days",
            "actual_days",
            "interests",
            "bio",
            "photo",
            "links",
        ]
        widgets = {
            "visibility": forms.RadioSelect,
            "ccio_appointed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio": forms.Textarea(attrs={"rows": 6}),
            "links": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].help_text = "Not listed? Leave empty and tell an editor."


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Name or organisation", required=False, max_length=100)
    region = forms.ChoiceField(choices=[("", "Any region"), *Region.choices], required=False)
    organisation_type = forms.ChoiceField(
        label="Organisation type", choices=[("", "Any type"), *OrganisationType.choices], required=False
    )
    profession = forms.ChoiceField(choices=[("", "Any profession"), *Profession.choices], required=False)
    advisory_panel = forms.BooleanField(label="Advisory panel members only", required=False)


class ProfileFilterForm(forms.Form):
    region = forms.ChoiceField(choices=[("", "Any region"), *Region.choices], required=False)
    organisation_type = forms.ChoiceField(
        label="Organisation type", choices=[("", "Any type"), *OrganisationType.choices], required=False
    )


class CCIOProfileForm(SeenVersionMixin, forms.ModelForm):
    """Saving writes what the editor changed from what they saw; a clash with another editor is reported."""

    portrait = ImageUploadField(required=False, max_size=(900, 900), label="Portrait")

    class Meta:
        model = CCIOProfile
        fields = [
            "name",
            "role_title",
            "headline",
            "slug",
            "standfirst",
            "portrait",
            "portrait_alt",
            "organisation",
            "member",
            "advisory_panel",
            "panel_chair",
            "featured",
        ]
        widgets = {"standfirst": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = get_user_model().objects.filter(is_active=True).order_by("display_name")
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Used in the address; made from the headline when left empty."

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        base = slugify(self.cleaned_data.get("headline", ""))[:150]
        slug, n = base, 2
        others = CCIOProfile.objects.exclude(pk=self.instance.pk)
        while slug and others.filter(slug=slug).exists():
            slug = f"{base}-{n}"
            n += 1
        return slug


class InterviewAnswerForm(forms.ModelForm):
    class Meta:
        model = InterviewAnswer
        fields = ["order", "question", "answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}


class TimelineEntryForm(forms.ModelForm):
    class Meta:
        model = TimelineEntry
        fields = ["start_year", "end_year", "role", "place"]


InterviewFormSet = forms.inlineformset_factory(
    CCIOProfile, InterviewAnswer, form=InterviewAnswerForm, extra=2, can_delete=True, max_num=40
)
TimelineFormSet = forms.inlineformset_factory(
    CCIOProfile, TimelineEntry, form=TimelineEntryForm, extra=2, can_delete=True, max_num=30
)
