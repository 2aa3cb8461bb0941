"""The one rule for role powers: they count only where the second factor was passed.

Editor, moderator, staff and superuser powers count only for a session that
passed two-factor sign-in (TOTP, or a recovery code). Without it the person is
a plain member everywhere: pages, writes, search, feeds, calendars,
notifications and the admin. Nothing else decides this: the User model's role
properties (`is_editor`, `is_moderator`, `can_use_admin`, `has_perm`) ask
`roles_count(user)`, and every predicate, decorator, mixin and access module
asks those properties.

- In a request, SecondFactorMiddleware marks `request.user` with the request,
  and the answer is read from allauth's own record of how this session
  authenticated (`get_authentication_records`: a "mfa" entry is written when
  the TOTP or recovery code was accepted at sign-in, or on reauthenticating
  with it). Setting up TOTP in the session counts too: the person has just
  typed a valid code after confirming their password (see
  `record_activation`). Removing it switches the role off in that session.
- Outside a request (management commands, background tasks, and other
  members looked up in a request, such as notification recipients) there is
  no session to ask, so a role counts when the account has a TOTP
  authenticator: the person could use it by signing in. A role holder without
  TOTP is treated as a plain member there too, so they are not told about
  drafts or review decisions they could not open.
"""

import contextlib
import weakref

from django.utils.functional import SimpleLazyObject

# allauth and django.contrib.auth are imported inside the functions: the User
# model imports this module, before allauth's models can be loaded.

MFA_METHOD = "mfa"
TOTP = "totp"  # allauth.mfa.models.Authenticator.Type.TOTP


def has_totp(user):
    """Has this account set up an authenticator app? Cached on the instance (one query)."""
    if not getattr(user, "pk", None):
        return False
    if not hasattr(user, "_has_totp"):
        from allauth.mfa.models import Authenticator

        user._has_totp = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
    return user._has_totp


def session_passed_second_factor(request, user):
    """Did this request's session pass the second factor as this user? (allauth's record; no query)."""
    if getattr(request, "session", None) is None:
        return False
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == MFA_METHOD for record in get_authentication_records(request, user))


def mark(user, request):
    """Tie `user` to the request whose session answers for it."""
    if getattr(user, "is_authenticated", False):
        user._second_factor_request = weakref.ref(request)
    return user


def roles_count(user):
    """May this person's roles (editor, moderator, staff, superuser) be used here?

    In a request: whether this session passed the second factor. Outside one:
    whether the account has TOTP set up. See the module docstring.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    ref = getattr(user, "_second_factor_request", None)
    request = ref() if ref is not None else None
    if request is not None:
        return session_passed_second_factor(request, user)
    return has_totp(user)


class SecondFactorMiddleware:
    """Mark request.user so that its role properties ask this session (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.auth.middleware import get_user

        request.user = SimpleLazyObject(lambda: mark(get_user(request), request))
        return self.get_response(request)


# --- allauth signals: setting up or removing TOTP in this session ---------------


def record_activation(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP proves the second factor: the person just typed a valid code after their password.

    Recorded the way allauth records a TOTP sign-in, so the role works at once
    in this session instead of after signing in again.
    """
    if request is None or authenticator.type != TOTP:
        return
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, MFA_METHOD, id=authenticator.pk, type=authenticator.type, activated=True)


def forget_on_removal(sender, request, user, authenticator, **kwargs):
    """Removing the authenticator app switches roles off in this session."""
    if request is None or authenticator.type != TOTP:
        return
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list):
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [r for r in records if r.get("method") != MFA_METHOD]
    with contextlib.suppress(AttributeError):
        del user._has_totp


def connect_signals():
    from allauth.mfa.signals import authenticator_added, authenticator_removed

    authenticator_added.connect(record_activation, dispatch_uid="core.second_factor.added")
    authenticator_removed.connect(forget_on_removal, dispatch_uid="core.second_factor.removed")
