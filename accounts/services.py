"""Business rules for accounts: joining, vetting, suspension, export and erasure."""

import json
import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from accounts.models import MembershipApplication, User
from accounts.signals import account_erased, account_exported, application_submitted


def is_nhs_email(email):
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(domain == d or domain.endswith("." + d) for d in settings.NHS_EMAIL_DOMAINS)


def add_role(user, role):
    user.groups.add(Group.objects.get(name=role))
    for loaded in ("_role_names", "loaded_role_names"):
        user.__dict__.pop(loaded, None)


def email_verified(*, user, email):
    """Called when an address is verified: NHS addresses join at once."""
    if is_nhs_email(email) and not user.is_member:
        add_role(user, roles.MEMBERS)
        return True
    return False


def active_moderators():
    """Everyone `is_moderator` says yes to, in one query: the Moderators group and superusers, if active."""
    in_group = User.groups.through.objects.filter(group__name=roles.MODERATORS).values("user_id")
    return User.objects.filter(Q(pk__in=in_group) | Q(is_superuser=True), is_active=True)


@transaction.atomic
def application_submit(*, user, job_title, organisation, reason):
    """Apply (or apply again after a decline). Moderators hear of it when it starts waiting for them."""
    was_waiting = (
        MembershipApplication.objects.select_for_update()
        .filter(user=user, status=MembershipApplication.Status.PENDING)
        .exists()
    )
    application, _ = MembershipApplication.objects.update_or_create(
        user=user,
        defaults={
            "job_title": job_title,
            "organisation": organisation,
            "reason": reason,
            "status": MembershipApplication.Status.PENDING,
            "decided_by": None,
            "decided_at": None,
            "decision_reason": "",
        },
    )
    if not was_waiting:
        # The notifications app tells the moderators (accounts sits below it and cannot call it).
        application_submitted.send(sender=MembershipApplication, application=application)
    return application


@transaction.atomic
def application_decide(*, application, moderator, approve, reason=""):
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    application.status = MembershipApplication.Status.APPROVED if approve else MembershipApplication.Status.REJECTED
    application.decided_by = moderator
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save()
    if approve:
        add_role(application.user, roles.MEMBERS)
    context = {"application": application, "site_url": settings.SITE_URL}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your membership application",
            message=render_to_string("accounts/email/application_decided.txt", context),
            from_email=None,
            recipient_list=[application.user.email],
        )
    )
    return application


def suspend(*, user, until, reason):
    user.suspended_until = until
    user.suspension_reason = reason
    user.save(update_fields=["suspended_until", "suspension_reason"])


def unsuspend(*, user):
    suspend(user=user, until=None, reason="")


@transaction.atomic
def account_erase(*, user):
    """Erase personal data; posts stay, shown as by a former member."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    # Other apps erase what they hold about the member (directory entry, etc.).
    account_erased.send(sender=user.__class__, user=user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserSession.objects.filter(user=user).delete()
    MembershipApplication.objects.filter(user=user).delete()
    # The admin's change log names the account as it was when it was changed.
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
        object_repr="Former member"
    )
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"former-member-{user.pk}"
    user.email = f"former-member-{user.pk}@invalid.invalid"
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.suspension_reason = ""
    user.set_unusable_password()
    user.save()
    return user


# --- export (right of access and data portability) ---------------------------


def export_iso(value):
    """A date or datetime as ISO 8601 text (datetimes in UTC, as stored), or None."""
    return value.isoformat() if value is not None else None


def _account_section(user):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    application = (
        MembershipApplication.objects.filter(user=user)
        .values("job_title", "organisation", "reason", "status", "decision_reason", "created_at", "decided_at")
        .first()
    )
    if application:
        application["created_at"] = export_iso(application["created_at"])
        application["decided_at"] = export_iso(application["decided_at"])
    # Only what kind of second factor and when: the secrets and recovery codes stay behind.
    second_factors = [
        {"type": a["type"], "created_at": export_iso(a["created_at"]), "last_used_at": export_iso(a["last_used_at"])}
        for a in Authenticator.objects.filter(user=user)
        .order_by("created_at")
        .values("type", "created_at", "last_used_at")
    ]
    # Where they are signed in, without the session keys (which would let the file's reader sign in as them).
    sessions = [
        {
            "ip": s["ip"],
            "user_agent": s["user_agent"],
            "created_at": export_iso(s["created_at"]),
            "last_seen_at": export_iso(s["last_seen_at"]),
        }
        for s in UserSession.objects.filter(user=user)
        .order_by("created_at")
        .values("ip", "user_agent", "created_at", "last_seen_at")
    ]
    suspension = None
    if user.suspended_until is not None:
        suspension = {
            "until": export_iso(user.suspended_until),
            "reason": user.suspension_reason,
            "in_force": user.is_suspended,
        }
    return {
        "username": user.username,
        "email": user.email,
        "display_name": user.display_name,
        "date_joined": export_iso(user.date_joined),
        "last_login": export_iso(user.last_login),
        "roles": list(user.groups.order_by("name").values_list("name", flat=True)),
        "site_staff": user.is_staff,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).order_by("-primary", "email").values("email", "verified", "primary")
        ),
        "membership_application": application,
        "suspension": suspension,
        "two_factor_authentication": {
            "set_up": any(a["type"] != Authenticator.Type.RECOVERY_CODES for a in second_factors),
            "methods": second_factors,
        },
        "signed_in_sessions": sessions,
    }


def export_account(user, *, now=None):
    """Everything the site holds about `user`, as a JSON-serialisable dict.

    The account itself comes from here; every other app adds its own section
    through the account_exported signal. send(), not send_robust(): an app
    that fails must fail the download rather than hand over a partial file
    that looks complete.
    """
    data = {"exported_at": export_iso(now or timezone.now()), "account": _account_section(user)}
    for receiver, (name, section) in account_exported.send(sender=user.__class__, user=user):
        if name in data:
            raise ValueError(f"Two parts of the export are called {name!r} ({receiver!r})")
        data[name] = section
    return data


def export_json(user):
    return json.dumps(export_account(user), indent=2, ensure_ascii=False)


def export_filename(user):
    # The username validator already allows only these; a name that predates it must not break the header.
    username = re.sub(r"[^A-Za-z0-9_-]", "-", user.username)
    return f"ccio-network-{username}-{timezone.localdate():%Y-%m-%d}.json"
