from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import MembershipApplication

# Usernames are public handles (README, "Usernames"): anyone can find out that one is taken.
USERNAME_HELP = (
    "Public: it is in your profile address and in @mentions, and anyone can find out that a username is "
    "taken. It need not be your name; you sign in with your email address."
)


# Choices other apps add to the sign-up form, registered in their AppConfig.ready() (accounts
# imports no app above it): name -> (a function making the form field, record(user=..., value=...)).
# The notifications app adds the weekly summary email's consent box this way.
SIGNUP_CHOICES = {}


def register_signup_choice(name, *, field, record):
    SIGNUP_CHOICES[name] = (field, record)


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form with a display name, a CSP-friendly honeypot and other apps' choices."""

    display_name = forms.CharField(
        max_length=80,
        required=False,
        help_text="How your name appears to other members, e.g. “Dr Jane Smith”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].help_text = USERNAME_HELP
        honeypot = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            # allauth hides the trap with an inline style, which our CSP blocks;
            # static/css/site.css hides its wrapper instead.
            self.fields[honeypot].label = "Leave this field empty"
            self.fields[honeypot].widget.attrs = {"tabindex": "-1", "autocomplete": "off"}
        for name, (make_field, _record) in SIGNUP_CHOICES.items():
            self.fields[name] = make_field()

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])
        for name, (_make_field, record) in SIGNUP_CHOICES.items():
            record(user=user, value=self.cleaned_data.get(name))
        return user


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["display_name"]


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = MembershipApplication
        fields = ["job_title", "organisation", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "job_title": "For example “Consultant Physician and CCIO”.",
            "organisation": "The NHS organisation or company you work for.",
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Decline")])
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Sent to the applicant. Required when declining.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error("reason", "Tell the applicant why their application was declined.")
        return data


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(label="Type DELETE to confirm", max_length=10, help_text="This cannot be undone.")

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != "DELETE":
            raise forms.ValidationError("Type DELETE in capitals to confirm.")
        return self.cleaned_data["confirm"]
