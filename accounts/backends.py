"""Authentication backends that load the signed-in person's role names with them.

Every page asks what the person may do (`User.role_names`), which would be a
second query on each request after the one that loads the user. These
backends load the user and their group names in one statement.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from accounts.models import User


class RoleNamesOnSignIn:
    def get_user(self, user_id):
        user = User.objects.with_role_names().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class UsernameBackend(RoleNamesOnSignIn, ModelBackend):
    """Django's backend (username and password; force_login in tests)."""


class EmailOrUsernameBackend(RoleNamesOnSignIn, AuthenticationBackend):
    """allauth's backend (sign-in by email address or username)."""
