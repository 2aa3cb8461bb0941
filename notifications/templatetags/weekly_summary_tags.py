from django import template

from notifications.forms import WeeklySummaryForm
from notifications.weekly import has_consented

register = template.Library()


@register.inclusion_tag("notifications/_weekly_summary_choice.html", takes_context=True)
def weekly_summary_choice(context):
    """The weekly summary box for the account page: ticked only when the member's newest choice is consent."""
    user = context["request"].user
    consented = has_consented(user)
    return {
        "form": WeeklySummaryForm(initial={"weekly_summary": consented}),
        "consented": consented,
        "csrf_token": context.get("csrf_token"),
    }
