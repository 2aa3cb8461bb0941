from django import forms

from notifications import kinds


class PreferencesForm(forms.Form):
    """One select per kind the person can receive: immediate, daily digest or never."""

    def __init__(self, *args, initial_frequencies, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds.all_kinds() if user is None else kinds.offered_to(user)
        for kind in self.kinds:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=kinds.FREQUENCY_CHOICES,
                initial=initial_frequencies.get(kind.code, kind.default),
            )

    def grouped(self):
        """[(group label, [bound fields])] in the order of kinds.py."""
        groups = {}
        for kind in self.kinds:
            groups.setdefault(kinds.GROUP_LABELS.get(kind.group, kind.group.title()), []).append(self[kind.code])
        return list(groups.items())


class WeeklySummaryForm(forms.Form):
    """The separate, unticked choice of the weekly summary email, with its exact wording."""

    weekly_summary = forms.BooleanField(required=False, label="")

    def __init__(self, *args, **kwargs):
        from notifications.weekly import WORDING

        super().__init__(*args, **kwargs)
        self.fields["weekly_summary"].label = WORDING


class PreviewForm(forms.Form):
    member = forms.CharField(
        label="Member's username or email address",
        max_length=254,
        help_text="The summary is shown as this member would get it this week.",
    )
