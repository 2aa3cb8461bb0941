"""Edits that never silently undo someone else's: what a form writes, and what it must leave alone.

Two tools, for rows that other people or processes change while a form is open:

- `keep_counters(instance, kwargs, names)`, for a model's save(): counters moved
  elsewhere with F() (post counts, last post number, likes) are left out of a
  plain save of an existing row, so an admin edit of a category's name cannot
  write back the counts it read a minute ago.

- `SeenVersionMixin`, for a ModelForm: the form carries a fingerprint of each
  field as the person saw it (a hidden field, a few bytes per field). On
  submit, `changes()` is what the person changed from what they saw, and
  `check_against(current)`, called with the row locked, raises EditConflict
  when another person changed one of those same fields meanwhile. Fields only
  the other person changed keep their new value; the person's own changes
  are kept in the form, with a message saying what to check, so nothing they
  typed is lost.
"""

import datetime as dt
import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


def keep_counters(instance, kwargs, names):
    """Leave `names` out of a plain save() of an existing row (they move with F() elsewhere)."""
    if instance._state.adding or kwargs.get("update_fields") is not None:
        return kwargs
    fields = [f.name for f in instance._meta.concrete_fields if not f.primary_key and f.name not in names]
    return {**kwargs, "update_fields": fields}


class EditConflict(ValidationError):
    """Someone else changed the same fields while this form was open."""

    def __init__(self, labels):
        self.labels = labels
        super().__init__(
            "While you were editing, someone else changed "
            + ", ".join(labels)
            + ". Your version is below and has not been saved yet: check it against theirs "
            "(open the page in another tab), then save again to keep yours."
        )


def _normal(value):
    """A field's value comparable whether it came from the database or from a form.

    Forms show times to the minute and send text with Windows line ends, so
    neither seconds nor line ends nor surrounding spaces count as a change.
    """
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.replace(second=0, microsecond=0).isoformat()
    if hasattr(value, "all") and hasattr(value, "model"):  # a related manager
        return sorted(obj.pk for obj in value.all())
    if isinstance(value, list | tuple | set) and value and hasattr(next(iter(value)), "pk"):
        return sorted(obj.pk for obj in value)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a stored file
        return value.name or ""
    if hasattr(value, "pk"):
        return value.pk
    return value


def _fingerprint(value):
    text = json.dumps(_normal(value), default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class SeenVersionMixin:
    """For a ModelForm editing a row others may change meanwhile; see the module's docstring."""

    SEEN_FIELD = "seen_version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.SEEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if not self.is_bound and self.instance.pk is not None:
            self.initial[self.SEEN_FIELD] = json.dumps(self._fingerprints(self.instance))

    def clean(self):
        cleaned = super().clean()
        cleaned.pop(self.SEEN_FIELD, None)  # read from the raw data; never a model field
        return cleaned

    def _model_fields(self):
        opts = self.instance._meta
        names = {f.name for f in opts.get_fields() if getattr(f, "concrete", False) or f.many_to_many}
        return [name for name in self.fields if name in names]

    def _value(self, instance, name):
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if self.is_bound and instance is self.instance and name in getattr(self, "cleaned_data", {}):
                return list(self.cleaned_data[name])
            return getattr(instance, name) if instance.pk else []
        return getattr(instance, field.attname)

    def _fingerprints(self, instance):
        return {name: _fingerprint(self._value(instance, name)) for name in self._model_fields()}

    def seen(self):
        try:
            seen = json.loads(self.data.get(self.add_prefix(self.SEEN_FIELD)) or "{}")
        except ValueError:
            return {}
        return seen if isinstance(seen, dict) else {}

    def changes(self):
        """{field: new value} for the fields this person changed from what they saw (all changed fields without it)."""
        seen = self.seen()
        changed = {}
        for name in self._model_fields():
            if name not in self.cleaned_data:
                continue
            if name in seen:
                if _fingerprint(self.cleaned_data[name]) != seen[name]:
                    changed[name] = self.cleaned_data[name]
            elif name in self.changed_data:
                changed[name] = self.cleaned_data[name]
        return changed

    def check_against(self, current):
        """Under the row's lock: raise EditConflict if another person changed a field this person changed too.

        Otherwise the form's instance takes the current value of every field
        this person left alone, so saving it writes their changes only. On a
        conflict the form's hidden version becomes the current one, so saving
        again deliberately keeps this person's version.
        """
        seen = self.seen()
        mine = self.changes()
        clashes = []
        for name, value in mine.items():
            theirs = _fingerprint(self._value(current, name))
            if name in seen and theirs != seen[name] and theirs != _fingerprint(value):
                clashes.append(name)
        if clashes:
            self.data = self.data.copy()
            self.data[self.add_prefix(self.SEEN_FIELD)] = json.dumps(self._fingerprints_of(current))
            labels = [str(self.fields[name].label or name).lower() for name in clashes]
            raise EditConflict(labels)
        if self.instance is not current and self.instance.pk == current.pk:
            for name in self._model_fields():
                field = current._meta.get_field(name)
                if name not in mine and not field.many_to_many:
                    setattr(self.instance, field.attname, getattr(current, field.attname))

    def _save_m2m(self):
        """Many-to-many fields too: only those this person changed are written."""
        if not self.seen():
            return super()._save_m2m()
        mine = self.changes()
        everything = self.cleaned_data
        m2m = {name for name in self._model_fields() if self.instance._meta.get_field(name).many_to_many}
        self.cleaned_data = {name: value for name, value in everything.items() if name not in m2m or name in mine}
        try:
            return super()._save_m2m()
        finally:
            self.cleaned_data = everything

    def _fingerprints_of(self, current):
        return {name: _fingerprint(self._value(current, name)) for name in self._model_fields()}

    def apply_to(self, current):
        """Write this person's changes onto `current` (the locked row), leaving everything else as it is now."""
        for name, value in self.changes().items():
            field = current._meta.get_field(name)
            if not field.many_to_many:
                field.save_form_data(current, value)
        return current
