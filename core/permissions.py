"""Role checks shared by every app's views.

Each app's views decorate (or mix in) one of these instead of testing roles
by hand. Visitors are sent to sign in; signed-in people without the role get
a 403; editors and moderators without a second factor are sent to set it up.
"""

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

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
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def mfa_setup_redirect(request):
    messages.warning(request, "Editors, moderators and administrators must set up two-factor authentication first.")
    return redirect("mfa_activate_totp")


def _check(request, predicate, *, staff_role):
    """Return a response that refuses the request, or None to let it through."""
    user = request.user
    if not user.is_authenticated:
        if predicate is is_member:
            return redirect_to_sign_in(request, "members")
        return redirect_to_login(request.get_full_path())
    if not predicate(user):
        raise PermissionDenied
    if staff_role and not has_mfa(user):
        return mfa_setup_redirect(request)
    return None


def _role_required(predicate, *, staff_role):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            refusal = _check(request, predicate, staff_role=staff_role)
            return refusal or view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_member(user):
    return user.is_authenticated and user.is_member


def is_editor(user):
    return user.is_authenticated and user.is_editor


def is_moderator(user):
    return user.is_authenticated and user.is_moderator


member_required = _role_required(is_member, staff_role=False)
editor_required = _role_required(is_editor, staff_role=True)
moderator_required = _role_required(is_moderator, staff_role=True)


class _RoleRequiredMixin:
    role_predicate = None
    staff_role = False

    def dispatch(self, request, *args, **kwargs):
        refusal = _check(request, type(self).role_predicate, staff_role=self.staff_role)
        return refusal or super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_member


class EditorRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_editor
    staff_role = True


class ModeratorRequiredMixin(_RoleRequiredMixin):
    role_predicate = is_moderator
    staff_role = True
