"""Authentication backends that load the signed-in person's role names with them, from the cache when kept.

Every page asks what the person may do (`User.role_names`), which would be a
second query on each request after the one that loads the user. These
backends load the user and their group names in one statement.

With a shared cache (settings.CONTENT_CACHE) the loaded user is kept under
the person's version (core.person_cache), so a signed-in page usually reads
it from the cache together with that version, in one round trip, instead of
querying the database. The same round trip reads the person's other versions
and the content version, which most pages need next (core.person_cache,
core.content_cache). Every change that could matter moves the version on
(accounts.receivers): a save of the user row (a suspension, a new password,
a new name) or deleting it, and joining or leaving a group (a change of role).
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from accounts.models import User
from core import content_cache
from core.person_cache import KEPT_SECONDS, note_versions, person_version, versions_read_with_person


def _kept_key(user_id):
    return f"signed-in-user:{user_id}"


def signed_in_user(user_id):
    """The user with this id and their role names: from the cache when it holds this version of them."""
    if not settings.CONTENT_CACHE:
        return User.objects.with_role_names().filter(pk=user_id).first()
    found = cache.get_many([_kept_key(user_id), *versions_read_with_person(user_id), content_cache.VERSION_KEY])
    note_versions(user_id, found)
    content_cache.note_version(found.get(content_cache.VERSION_KEY))
    version = person_version(user_id, found=found)
    kept = found.get(_kept_key(user_id))
    if kept is not None and kept[0] == version:
        user = kept[1]
    else:
        user = User.objects.with_role_names().filter(pk=user_id).first()
        if user is None:
            return None
        cache.set(_kept_key(user_id), (version, user), KEPT_SECONDS)
    user.kept_version = version  # read again by the header counts (notifications.header)
    return user


class RoleNamesOnSignIn:
    def get_user(self, user_id):
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class UsernameBackend(RoleNamesOnSignIn, ModelBackend):
    """Django's backend (username and password; force_login in tests)."""


class EmailOrUsernameBackend(RoleNamesOnSignIn, AuthenticationBackend):
    """allauth's backend (sign-in by email address or username)."""
