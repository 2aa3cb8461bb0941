"""Business rules for accounts: joining, vetting, suspension and erasure."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import roles
from accounts.models import MembershipApplication
from accounts.signals import account_erased


def is_nhs_email(email):
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return any(domain == d or domain.endswith("." + d) for d in settings.NHS_EMAIL_DOMAINS)


def add_role(user, role):
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_role_names", None)


def email_verified(*, user, email):
    """Called when an address is verified: NHS addresses join at once."""
    if is_nhs_email(email) and not user.is_member:
        add_role(user, roles.MEMBERS)
        return True
    return False


def application_submit(*, user, job_title, organisation, reason):
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

    # Other apps erase what they hold about the member (directory entry, etc.).
    account_erased.send(sender=user.__class__, user=user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserSession.objects.filter(user=user).delete()
    MembershipApplication.objects.filter(user=user).delete()
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
