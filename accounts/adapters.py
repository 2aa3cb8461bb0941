from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ERASED_USERNAME_PREFIX, username_validator


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
