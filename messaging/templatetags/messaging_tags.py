from django import template

from core import overlay
from messaging import access, moderation

register = template.Library()

QUEUE_LIMIT = 50


@register.inclusion_tag("messaging/moderation/_queue_section.html", takes_context=True)
def reported_messages(context):
    """Open reports on private messages, for the forum's moderation queue page (one query).

    The forum's template loads this tag, so the forum never imports messaging:
    a reported message is the only private message moderators are shown.
    """
    user = context["request"].user
    if not access.can_moderate(user):
        return {"shown": False}
    reports = list(
        moderation.open_reports()
        .select_related("message__conversation", "message__author", "reporter")
        .order_by("created", "pk")[: QUEUE_LIMIT + 1]
    )
    return {"shown": True, "reports": reports[:QUEUE_LIMIT], "more": len(reports) > QUEUE_LIMIT}


@register.filter
def me(pk, kind):
    """{{ message.pk|me:"new" }}: where the reader's own part of a shared message or row goes (messaging.personal)."""
    return overlay.marker(kind, pk)
