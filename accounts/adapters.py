from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from accounts.models import ERASED_USERNAME_PREFIX, username_validator
from accounts.services import is_nhs_email


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins are counted per account *and* client address (allauth counts per account).

        Five wrong passwords lock the account for five minutes only from the
        address they came from, so someone who knows a member's email cannot
        keep them out from everywhere else. The per-address limit (ten failures
        a minute, whatever the account) still stops one address trying many
        accounts. The client address is read as ALLAUTH_TRUSTED_PROXY_COUNT says.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"

    def clean_username(self, username, shallow=False):
        username_validator(username)
        if username.lower().startswith(ERASED_USERNAME_PREFIX):
            # Erased accounts are renamed former-member-<id>.
            raise ValidationError("That username is taken.")
        return super().clean_username(username, shallow=shallow)

    def get_login_redirect_url(self, request):
        user = request.user
        if not user.is_member and not hasattr(user, "membership_application"):
            # Verified but not on an NHS domain: ask them to apply.
            return reverse("accounts:apply")
        return super().get_login_redirect_url(request)

    # --- emails: verification, passwords and account changes ------------------

    def send_mail(self, template_prefix, email, context):
        """allauth's emails in the site's name (not the host name), with what our templates need.

        Our templates in templates/account/email/ and templates/mfa/email/ give each
        email a plain-text and an HTML part, laid out like the notification emails.
        """
        site = SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)
        defaults = {
            "current_site": site,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "password_reset_url": settings.SITE_URL + reverse("account_reset_password"),
            "joins_at_once": is_nhs_email(email),
        }
        super().send_mail(template_prefix, email, {**defaults, **context})

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth does not pass the account to its "your account changed" emails; the greeting needs it.
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(message, "alternatives", None) and hasattr(message, "attach_alternative"):
            # An allauth email we have no HTML template for still gets an HTML part, from its text.
            html = render_to_string(
                "account/email/fallback_message.html",
                {**context, "subject": message.subject, "body": _text_as_html(message.body)},
            )
            message.attach_alternative(html, "text/html")
        return message


def _text_as_html(text):
    """Paragraphs and clickable links from a plain-text email (urlize escapes the rest)."""
    return mark_safe(linebreaks(urlize(text, autoescape=True)))  # noqa: S308 - escaped by urlize
