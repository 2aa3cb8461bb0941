"""Forms: a survey's answer form (built from its questions), the editor's survey and question forms, polls."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from core.edits import SeenVersionMixin
from surveys.models import (
    LONG_TEXT_MAX,
    SHORT_TEXT_MAX,
    Kind,
    Option,
    Question,
    Survey,
)

OTHER = "__other__"
OPTIONS_MAX = 20
POLL_OPTIONS_MIN = 2


class FirstOptionRadios(forms.RadioSelect):
    """Radios whose field's id is the first radio's, so the error summary's link lands on the group."""

    def id_for_label(self, id_, index=None):
        return f"{id_}_0" if id_ and index is None else super().id_for_label(id_, index)


class FirstOptionCheckboxes(forms.CheckboxSelectMultiple):
    def id_for_label(self, id_, index=None):
        return f"{id_}_0" if id_ and index is None else super().id_for_label(id_, index)


def field_name(question):
    return f"q{question.pk}"


def other_name(question):
    return f"q{question.pk}_other"


def _scale_choices(question):
    low, high = int(question.min_value), int(question.max_value)
    choices = []
    for value in range(low, high + 1):
        label = str(value)
        if value == low and question.min_label:
            label = f"{value}: {question.min_label}"
        elif value == high and question.max_label:
            label = f"{value}: {question.max_label}"
        choices.append((str(value), label))
    return choices


def _field_for(question, *, required):
    common = {"label": question.text, "help_text": question.help_text, "required": required}
    if question.kind == Kind.SINGLE:
        choices = [(str(o.pk), o.label) for o in question.options.all()]
        if question.allow_other:
            choices.append((OTHER, "Other, please say"))
        return forms.ChoiceField(choices=choices, widget=FirstOptionRadios, **common)
    if question.kind == Kind.MULTIPLE:
        choices = [(str(o.pk), o.label) for o in question.options.all()]
        if question.allow_other:
            choices.append((OTHER, "Other, please say"))
        return forms.MultipleChoiceField(choices=choices, widget=FirstOptionCheckboxes, **common)
    if question.kind == Kind.SCALE:
        return forms.TypedChoiceField(
            choices=_scale_choices(question), coerce=Decimal, widget=FirstOptionRadios, **common
        )
    if question.kind == Kind.NUMBER:
        if question.unit:
            common["help_text"] = " ".join(filter(None, [question.help_text, f"In {question.unit}."]))
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            max_digits=8,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            **common,
        )
    if question.kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=SHORT_TEXT_MAX, **common)
    return forms.CharField(max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common)


class AnswerForm(forms.Form):
    """One field per question of the survey (or the poll); answers to anything else are never read.

    `strict=False` (saving a draft) lets required questions stay empty but still refuses bad values.
    """

    def __init__(self, *args, questions, strict=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _field_for(question, required=strict and question.required)
            if question.allow_other and question.is_choice:
                self.fields[other_name(question)] = forms.CharField(
                    label=f"{question.text}: other, please say", max_length=SHORT_TEXT_MAX, required=False
                )
        for name, field in self.fields.items():
            choice = isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            field.widget.attrs["class"] = "form-check-input" if choice else "form-control"
            if field.help_text and not choice:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] += " is-invalid"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}_error".strip()

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            value = cleaned.get(name)
            if question.kind == Kind.MULTIPLE and value and question.max_choices and len(value) > question.max_choices:
                self.add_error(name, f"Choose at most {question.max_choices}.")
            if question.allow_other and question.is_choice:
                chosen = value if isinstance(value, list) else [value]
                other = (cleaned.get(other_name(question)) or "").strip()
                if OTHER in chosen and not other:
                    self.add_error(other_name(question), "Say what your other answer is, or untick “Other”.")
                if other and OTHER not in chosen:
                    self.add_error(name, "Choose “Other, please say” for the answer you typed, or clear it.")
        return cleaned

    def sections(self):
        """The fields grouped under their questions' section headings, in order, for the template."""
        groups = []
        for question in self.questions:
            if not groups or groups[-1]["heading"] != question.section:
                groups.append({"heading": question.section, "items": []})
            other = self[other_name(question)] if other_name(question) in self.fields else None
            groups[-1]["items"].append({"question": question, "field": self[field_name(question)], "other": other})
        return groups

    def answers(self):
        """The cleaned answers as (question, option_id or None, number or None, text) tuples."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.is_choice:
                chosen = value if isinstance(value, list) else ([value] if value else [])
                for choice in chosen:
                    if choice == OTHER:
                        rows.append((question, None, None, self.cleaned_data.get(other_name(question), "").strip()))
                    else:
                        rows.append((question, int(choice), None, ""))
            elif question.kind in (Kind.SCALE, Kind.NUMBER):
                if value is not None and value != "":
                    rows.append((question, None, Decimal(value), ""))
            elif value:
                rows.append((question, None, None, value.strip()))
        return rows


def initial_from_answers(questions, answers):
    """The form's initial data from stored answers (a draft, or a named response being changed)."""
    by_question = {q.pk: q for q in questions}
    initial = {}
    for answer in answers:
        question = by_question.get(answer.question_id)
        if question is None:
            continue
        name = field_name(question)
        if question.is_choice:
            value = str(answer.option_id) if answer.option_id else OTHER
            if answer.option_id is None:
                initial[other_name(question)] = answer.text
            if question.kind == Kind.MULTIPLE:
                initial.setdefault(name, []).append(value)
            else:
                initial[name] = value
        elif question.kind in (Kind.SCALE, Kind.NUMBER):
            number = answer.number
            initial[name] = str(int(number)) if question.kind == Kind.SCALE else number.normalize()
        else:
            initial[name] = answer.text
    return initial


# --- editors --------------------------------------------------------------------


class SurveyForm(SeenVersionMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "slug",
            "introduction",
            "opens_at",
            "closes_at",
            "audience",
            "anonymous",
            "results_visibility",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }

    def clean_anonymous(self):
        anonymous = self.cleaned_data["anonymous"]
        instance = self.instance
        if instance.pk and anonymous != instance.anonymous and instance.responses.exists():
            raise ValidationError("People have answered already: a survey cannot change between named and anonymous.")
        return anonymous


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label="Options, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Single or multiple choice: 2 to {OPTIONS_MAX} options.",
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "text",
            "help_text",
            "kind",
            "required",
            "options_text",
            "allow_other",
            "max_choices",
            "min_value",
            "max_value",
            "unit",
            "min_label",
            "max_label",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["options_text"] = "\n".join(o.label for o in self.instance.options.all())

    def clean_options_text(self):
        return clean_option_lines(self.cleaned_data.get("options_text", ""), required=False)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        options = cleaned.get("options_text") or []
        if kind in (Kind.SINGLE, Kind.MULTIPLE) and len(options) < POLL_OPTIONS_MIN:
            self.add_error("options_text", f"Give at least {POLL_OPTIONS_MIN} options, one per line.")
        if self.instance.pk and "kind" in self.changed_data and self.instance.answers.exists():
            self.add_error("kind", "People have answered this question: its type cannot change.")
        if self.instance.pk and self.instance.is_choice and self.instance.answers.exists():
            kept = {o.label for o in self.instance.options.all() if o.answers.exists()}
            missing = kept - set(options)
            if missing:
                self.add_error(
                    "options_text",
                    "These options have answers and cannot be removed: " + ", ".join(sorted(missing)) + ".",
                )
        return cleaned


def clean_option_lines(text, *, required):
    lines = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line not in lines:
            lines.append(line)
    if len(lines) > OPTIONS_MAX:
        raise ValidationError(f"Give at most {OPTIONS_MAX} options.")
    for line in lines:
        if len(line) > 200:
            raise ValidationError("Keep each option under 200 characters.")
    if required and len(lines) < POLL_OPTIONS_MIN:
        raise ValidationError(f"Give at least {POLL_OPTIONS_MIN} options, one per line.")
    return lines


class BaseQuestionFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.answers.exists():
                raise ValidationError(f"“{form.instance.text}” has answers and cannot be deleted.")


QuestionFormSet = inlineformset_factory(
    Survey,
    Question,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    fk_name="survey",
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=100,
    validate_max=True,
)


# --- polls ----------------------------------------------------------------------


class PollForm(forms.Form):
    """The poll part of the new-topic form: all empty means no poll."""

    poll_question = forms.CharField(label="Poll question", max_length=300, required=False)
    poll_kind = forms.ChoiceField(
        label="Answers",
        choices=[(Kind.SINGLE, "One choice"), (Kind.MULTIPLE, "Several choices")],
        initial=Kind.SINGLE,
        required=False,
        widget=forms.RadioSelect,
    )
    poll_options = forms.CharField(
        label="Poll options, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"{POLL_OPTIONS_MIN} to {OPTIONS_MAX} options.",
    )
    poll_closes_at = forms.DateTimeField(
        label="Poll closes at (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    poll_results_before_voting = forms.BooleanField(label="Show results before people vote", required=False)

    def clean(self):
        cleaned = super().clean()
        question = (cleaned.get("poll_question") or "").strip()
        options_text = cleaned.get("poll_options") or ""
        if not question and not options_text.strip():
            cleaned["wants_poll"] = False
            return cleaned
        cleaned["wants_poll"] = True
        if not question:
            self.add_error("poll_question", "Give the poll a question, or clear its options.")
        try:
            cleaned["option_labels"] = clean_option_lines(options_text, required=True)
        except ValidationError as error:
            self.add_error("poll_options", error)
        closes_at = cleaned.get("poll_closes_at")
        from django.utils import timezone

        if closes_at is not None and closes_at <= timezone.now():
            self.add_error("poll_closes_at", "Choose a closing time in the future, or leave it empty.")
        return cleaned


def option_choices(question):
    return [(str(o.pk), o.label) for o in question.options.all()]


__all__ = ["AnswerForm", "Option", "PollForm", "QuestionFormSet", "SurveyForm"]
