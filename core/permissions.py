"""Role checks shared by every app's views.

Each app's views decorate (or mix in) one of these instead of testing roles
by hand. Visitors are sent to sign in; signed-in people without the role get
a 403; people who hold the role in a session that has not passed the second
factor are sent to set it up (no authenticator yet) or to confirm it (they
have one): until then their role counts for nothing anywhere, because the
predicates below ask the User's role properties, which ask
core.second_factor (the one rule).
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.second_factor import has_totp, roles_count

__all__ = [
    "EditorRequiredMixin",
    "MemberRequiredMixin",
    "ModeratorRequiredMixin",
    "editor_required",
    "has_mfa",
    "has_totp",
    "is_editor",
    "is_member",
    "is_moderator",
    "is_staff",
    "member_required",
    "mfa_setup_redirect",
    "moderator_required",
    "roles_count",
    "second_factor_url",
]

SETUP_MESSAGE = (
    "Editors, moderators and administrators must set up two-factor authentication first. "
    "Until then your role is switched off and you use the site as a member."
)
CONFIRM_MESSAGE = (
    "Enter a code from your authenticator app to use your role in this session. "
    "Until then you use the site as a member."
)

# Why a visitor is sent to sign in, shown as the sign-in page's heading. Only the key
# travels in the address (/accounts/login/?next=...&why=discussion), so nobody can
# make the page say anything else.
SIGN_IN_REASONS = {
    "discussion": "This discussion is for members of the network",
    "forum": "This part of the forum is for members of the network",
    "post": "Only members of the network can post in the forum",
    "members": "This page is for members of the network",
}
SIGN_IN_REASON_PARAM = "why"


def sign_in_reason(request):
    """The text for the reason the sign-in address names, or None."""
    return SIGN_IN_REASONS.get(request.GET.get(SIGN_IN_REASON_PARAM, ""))


def redirect_to_sign_in(request, reason):
    """Send a visitor to sign in, then back here; the sign-in page says why (a key of SIGN_IN_REASONS)."""
    if reason not in SIGN_IN_REASONS:
        raise ValueError(f"Unknown sign-in reason {reason!r}")
    response = redirect_to_login(request.get_full_path())
    response["Location"] += "&" + urlencode({SIGN_IN_REASON_PARAM: reason})
    return response


def has_mfa(user):
    """Has this account set up an authenticator app (TOTP)?"""
    return has_totp(user)


def second_factor_url(user, next_url=""):
    """Where to switch a role on: set up TOTP, or confirm it in this session (then come back to next_url)."""
    if has_totp(user):
        url = reverse("mfa_reauthenticate")
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url
    return reverse("mfa_activate_totp")


def mfa_setup_redirect(request):
    """Send a role holder whose role does not count in this session to switch it on."""
    user = request.user
    next_url = request.get_full_path() if request.method == "GET" else ""
    if next_url and not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    messages.warning(request, CONFIRM_MESSAGE if has_totp(user) else SETUP_MESSAGE)
    return redirect(second_factor_url(user, next_url))


def _check(request, predicate, holds_role):
    """Return a response that refuses the request, or None to let it through."""
    user = request.user
    if not user.is_authenticated:
        if predicate is is_member:
            return redirect_to_sign_in(request, "members")
        return redirect_to_login(request.get_full_path())
    if predicate(user):
        return None
    if holds_role is not None and holds_role(user) and not roles_count(user):
        return mfa_setup_redirect(request)
    raise PermissionDenied


def _role_required(predicate, holds_role=None):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = _check(request, predicate, holds_role)
            return refusal or view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_member(user):
    return user.is_authenticated and user.is_member


def is_editor(user):
    """An editor whose role counts here (a session that passed the second factor)."""
    return user.is_authenticated and user.is_editor


def is_moderator(user):
    """A moderator whose role counts here (a session that passed the second factor)."""
    return user.is_authenticated and user.is_moderator


def is_staff(user):
    """May use the admin: staff, in a session that passed the second factor."""
    return user.is_authenticated and user.can_use_admin


def _holds_editor_role(user):
    return user.has_editor_role


def _holds_moderator_role(user):
    return user.has_moderator_role


member_required = _role_required(is_member)
editor_required = _role_required(is_editor, _holds_editor_role)
moderator_required = _role_required(is_moderator, _holds_moderator_role)


class _RoleRequiredMixin:
    role_predicate = None
    holds_role = None

    def dispatch(self, request, *args, **kwargs):
        holds = type(self).holds_role
        refusal = _check(request, type(self).role_predicate, holds)
        return refusal or super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_member


class EditorRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_editor
    holds_role = _holds_editor_role


class ModeratorRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_moderator
    holds_role = _holds_moderator_role
