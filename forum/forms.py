from django import forms

from core.markdown import validate_markdown
from forum.models import MAX_BODY_LENGTH, MAX_TITLE_LENGTH, MIN_TITLE_LENGTH, Category, Flag
from surveys.forms import PollForm

BODY_HELP = "Markdown: **bold**, *italic*, [links](https://…), > quotes, lists. Mention a member with @username."


def clean_body_text(value):
    value = (value or "").replace("\r\n", "\n")
    if not value.strip():
        raise forms.ValidationError("Please write something before posting.")
    if len(value) > MAX_BODY_LENGTH:
        raise forms.ValidationError(
            f"Posts can be at most {MAX_BODY_LENGTH:,} characters long; yours has {len(value):,}. "
            "Please shorten it or split it into several posts."
        )
    validate_markdown(value)
    return value


class BodyField(forms.CharField):
    """A post body. No max_length attribute on the widget, so an over-long draft is kept and explained."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Your post")
        kwargs.setdefault("help_text", BODY_HELP)
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 8, "class": "forum-body", "data-forum-draft": "1"}),
        )
        kwargs.setdefault("error_messages", {"required": "Please write something before posting."})
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_body_text(super().clean(value))


def clean_title_text(value):
    value = " ".join((value or "").split())
    if len(value) < MIN_TITLE_LENGTH:
        raise forms.ValidationError(f"Please give the topic a title of at least {MIN_TITLE_LENGTH} characters.")
    if len(value) > MAX_TITLE_LENGTH:
        raise forms.ValidationError(
            f"Titles can be at most {MAX_TITLE_LENGTH} characters long; yours has {len(value)}."
        )
    return value


class TitleField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Title")
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": MAX_TITLE_LENGTH, "data-forum-draft": "1"}))
        kwargs.setdefault("error_messages", {"required": "Please give the topic a title."})
        super().__init__(**kwargs)

    def clean(self, value):
        return clean_title_text(super().clean(value))


class TopicForm(PollForm):
    """A new topic, with an optional poll (the poll_* fields, from the surveys app)."""

    field_order = ["category", "title", "body"]

    category = forms.ModelChoiceField(queryset=Category.objects.none(), empty_label="Choose a category")
    title = TitleField()
    body = BodyField()

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ReplyForm(forms.Form):
    body = BodyField()


class EditForm(forms.Form):
    title = TitleField(required=False)
    body = BodyField()

    def __init__(self, *args, with_title=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]
        else:
            self.fields["title"].required = True


class FlagForm(forms.ModelForm):
    class Meta:
        model = Flag
        fields = ["reason", "detail"]
        widgets = {"reason": forms.RadioSelect, "detail": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": "Why should a moderator look at this post?", "detail": "Anything else (optional)"}


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason (shown to the member and recorded in the moderation log)", max_length=300)


class TopicModerationForm(forms.Form):
    ACTIONS = [
        ("pin", "Pin"),
        ("unpin", "Unpin"),
        ("lock", "Lock"),
        ("unlock", "Unlock"),
        ("hide_topic", "Hide"),
        ("unhide_topic", "Show again"),
        ("move", "Move to another category"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, label="New category (for a move)"
    )
    reason = forms.CharField(label="Reason (recorded in the moderation log)", max_length=500)

    def clean(self):
        data = super().clean()
        if data.get("action") == "move" and not data.get("category"):
            self.add_error("category", "Choose the category to move the topic to.")
        return data


class SuspendForm(forms.Form):
    until = forms.DateField(
        label="Suspended until (date)", widget=forms.DateInput(attrs={"type": "date"}), help_text="Format: YYYY-MM-DD"
    )
    reason = forms.CharField(label="Reason (shown to the member and recorded)", max_length=500)
