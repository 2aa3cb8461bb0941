from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ERASED_USERNAME_PREFIX, username_validator


class AccountAdapter(DefaultAccountAdapter):
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
