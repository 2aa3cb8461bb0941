"""Template helpers for account pages and the header."""

from django import template
from django.conf import settings

from accounts import user_agents
from accounts.models import MembershipApplication
from core.permissions import is_moderator, sign_in_reason

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_applications_count(context):
    """How many membership applications wait for a decision: one query, for moderators only (else 0)."""
    user = context.get("user")
    if user is None or not is_moderator(user):
        return 0
    return MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING).count()


@register.filter
def device_name(user_agent):
    """A session's browser and device in words ("Firefox on Windows")."""
    return user_agents.describe(user_agent)


@register.simple_tag(takes_context=True)
def why_sign_in(context):
    """Why a visitor was sent to sign in (the sign-in address names one of a fixed set of reasons), or None."""
    request = context.get("request")
    return sign_in_reason(request) if request is not None else None


@register.simple_tag
def nhs_email_domains():
    """The email domains whose verified addresses join at once, for the sign-up page."""
    return list(settings.NHS_EMAIL_DOMAINS)
