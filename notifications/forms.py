from django import forms

from notifications import kinds


class PreferencesForm(forms.Form):
    """One select per kind: immediate, daily digest or never."""

    def __init__(self, *args, initial_frequencies, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=kinds.FREQUENCY_CHOICES,
                initial=initial_frequencies.get(kind.code, kind.default),
            )

    def grouped(self):
        """[(group label, [bound fields])] in the order of kinds.py."""
        groups = {}
        for kind in kinds.all_kinds():
            groups.setdefault(kinds.GROUP_LABELS.get(kind.group, kind.group.title()), []).append(self[kind.code])
        return list(groups.items())
