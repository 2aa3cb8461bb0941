from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from messaging.limits import MessagingError
from messaging.models import MAX_BODY_LENGTH, MAX_RECIPIENTS, MAX_SUBJECT_LENGTH, Preferences, Report
from messaging.services import check_recipients

BODY_HELP = "Markdown: **bold**, *italic*, [links](https://…), > quotes, lists."
MIN_SUBJECT_LENGTH = 3


def clean_body_text(value):
    value = (value or "").replace("\r\n", "\n")
    if not value.strip():
        raise forms.ValidationError("Please write your message before sending it.")
    if len(value) > MAX_BODY_LENGTH:
        raise forms.ValidationError(
            f"Messages can be at most {MAX_BODY_LENGTH:,} characters long; yours has {len(value):,}. "
            "Please shorten it or send it in several messages."
        )
    return value


class BodyField(forms.CharField):
    """A message body. No maxlength on the widget, so an over-long draft is kept and explained."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your message")
        kwargs.setdefault("help_text", BODY_HELP)
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        kwargs.setdefault("error_messages", {"required": "Please write your message before sending it."})
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_body_text(super().clean(value))


class SubjectField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Subject")
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": MAX_SUBJECT_LENGTH, "autocomplete": "off"}))
        kwargs.setdefault("error_messages", {"required": "Please give the conversation a subject."})
        super().__init__(**kwargs)

    def clean(self, value):
        value = " ".join((super().clean(value) or "").split())
        if len(value) < MIN_SUBJECT_LENGTH:
            raise forms.ValidationError(
                f"Please give the conversation a subject of at least {MIN_SUBJECT_LENGTH} characters."
            )
        if len(value) > MAX_SUBJECT_LENGTH:
            raise forms.ValidationError(
                f"Subjects can be at most {MAX_SUBJECT_LENGTH} characters long; yours has {len(value)}."
            )
        return value


def usernames(values):
    """Usernames from ticked boxes or ?to= (one each, or comma-separated), once each, in order."""
    if not values:
        return []
    if isinstance(values, str):
        values = [values]
    names, seen = [], set()
    for raw in values:
        for part in str(raw).replace("\x00", "").split(","):
            name = part.strip().lstrip("@")[:150]
            if name and name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
    return names


def accounts_named(names):
    """{lower-case username: account} for these usernames, roles loaded, in two queries."""
    if not names:
        return {}
    lookup = Q()
    for name in names:
        lookup |= Q(username__iexact=name)
    found = {}
    for user in get_user_model().objects.filter(lookup).prefetch_related("groups"):
        user._role_names = frozenset(group.name for group in user.groups.all())
        found[user.username.lower()] = user
    return found


class PeopleField(forms.Field):
    """Members chosen by username (the picker's ticked boxes, or ?to= in a link). Cleans to users."""

    widget = forms.MultipleHiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "To")
        kwargs.setdefault("error_messages", {"required": "Choose at least one member to write to."})
        super().__init__(**kwargs)

    def to_python(self, value):
        return usernames(value)

    def clean(self, value):
        names = super().clean(value)
        if not names:
            return []
        if len(names) > MAX_RECIPIENTS + 1:
            # Refused before looking anyone up: never a query for thousands of names.
            raise forms.ValidationError(
                f"A conversation can have at most {MAX_RECIPIENTS} people besides the one who started it; "
                f"you chose {len(names)}."
            )
        found = accounts_named(names)
        missing = [name for name in names if name.lower() not in found]
        if missing:
            raise forms.ValidationError("There is no member called " + ", ".join(f"“{n}”" for n in missing) + ".")
        return [found[name.lower()] for name in names]


class NewConversationForm(forms.Form):
    to = PeopleField()
    subject = SubjectField()
    body = BodyField()

    def __init__(self, *args, starter, **kwargs):
        self.starter = starter
        super().__init__(*args, **kwargs)

    def clean_to(self):
        people = self.cleaned_data["to"]
        try:
            return check_recipients(self.starter, people)
        except MessagingError as error:
            raise forms.ValidationError(str(error)) from error


class AddPeopleForm(forms.Form):
    to = PeopleField(label="Add people")

    def __init__(self, *args, by, conversation, current, **kwargs):
        self.by, self.conversation, self.current = by, conversation, current
        super().__init__(*args, **kwargs)

    def clean_to(self):
        people = [p for p in self.cleaned_data["to"] if p.pk not in self.current]
        if not people:
            raise forms.ValidationError("Everyone you chose is already in this conversation.")
        try:
            return check_recipients(self.by, people, already=len(self.current) - 1)
        except MessagingError as error:
            raise forms.ValidationError(str(error)) from error


class ContactModeratorsForm(forms.Form):
    subject = SubjectField()
    body = BodyField()


class ReplyForm(forms.Form):
    body = BodyField()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="Why should a moderator look at this message?",
        error_messages={"required": "Choose why a moderator should look at this message."},
    )
    detail = forms.CharField(
        label="Anything else (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class PreferencesForm(forms.Form):
    who_can_start = forms.ChoiceField(
        choices=Preferences.WhoCanStart.choices,
        widget=forms.RadioSelect,
        label="Who may start a conversation with you?",
        help_text="Members you block can never start one, whatever you choose here. The moderators can always "
        "answer you when you write to them.",
    )
    email_content = forms.TypedChoiceField(
        choices=[("yes", "Include the subject and the text"), ("no", "Notify without content: only say who wrote")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Emails about new messages",
        help_text="How often you are emailed is set on your notification preferences page.",
    )
