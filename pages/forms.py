from django import forms
from django.conf import settings
from django.urls import Resolver404, resolve

from core.edits import SeenVersionMixin
from pages.content import PAGES
from pages.models import ContactMessage, Page

MESSAGE_MAX = 5000
# The footer (components/footer.html) links these, so their addresses stay.
FOOTER_SLUGS = frozenset(PAGES)


class PageForm(SeenVersionMixin, forms.ModelForm):
    """Saving writes what the editor changed from what they saw; a clash with another editor is reported."""

    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=60_000,
        help_text="Markdown: ## headings, **bold**, [links](/privacy/), lists and tables.",
    )

    class Meta:
        model = Page
        fields = ["title", "slug", "summary", "body", "show_advisory_panel", "last_reviewed"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "last_reviewed": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        was = self.instance.slug if self.instance.pk else None
        if was in FOOTER_SLUGS and slug != was:
            raise forms.ValidationError(f"Every page's footer links to /{was}/: this page keeps its address.")
        try:
            match = resolve(f"/{slug}/")
        except Resolver404:
            return slug
        if match.view_name != "pages:detail":
            raise forms.ValidationError(f"/{slug}/ is the address of another part of the site; choose another.")
        return slug


class ContactForm(forms.ModelForm):
    """The contact form for visitors and members, with sign-up's honeypot."""

    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MESSAGE_MAX,
        help_text=f"Up to {MESSAGE_MAX:,} characters. Please do not send patient information.",
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "topic", "message"]
        labels = {"name": "Your name", "email": "Your email address", "topic": "What is it about?"}
        help_texts = {"email": "We reply to this address and send it a copy of your message."}
        widgets = {"topic": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["topic"].choices = ContactMessage.Topic.choices
        # The same trap as the sign-up form's: people never see it, robots fill it in.
        self.fields[settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def honeypot_filled(self):
        return bool(self.data.get(self.add_prefix(settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)))

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_message(self):
        return self.cleaned_data["message"].strip()


class HandledForm(forms.Form):
    handled = forms.BooleanField(required=False, label="Handled")
    note = forms.CharField(
        required=False,
        max_length=MESSAGE_MAX,
        label="Note for the moderators",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was done, or who is dealing with it. Only moderators see it.",
    )

    def clean_note(self):
        return self.cleaned_data["note"].strip()
