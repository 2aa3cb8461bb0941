from django import forms


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at (UK time)",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Choose the date and time it should go live.",
            "invalid": "Enter a date and time.",
        },
    )


class CompareForm(forms.Form):
    old = forms.IntegerField(label="Older revision")
    new = forms.IntegerField(label="Newer revision")
