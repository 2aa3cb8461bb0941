"""Factories for every app's tests. One section per app."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts import roles as role_names
from accounts.models import MembershipApplication, User

TEST_PASSWORD = "correct horse battery staple"


# --- accounts ---------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up account with a verified email address and no role."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.Faker("name", locale="en_GB")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or TEST_PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=True if extracted is None else extracted
            )

    # roles=[...] adds groups; mfa=True sets up TOTP. Subclasses change the defaults.
    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, create, extracted, default=())

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        _add_mfa(user, create, extracted, default=False)


def _add_roles(user, create, extracted, *, default):
    if create:
        user.groups.add(*Group.objects.filter(name__in=default if extracted is None else extracted))


def _add_mfa(user, create, extracted, *, default):
    if create and (default if extracted is None else extracted):
        TOTP.activate(user, generate_totp_secret())


class MemberFactory(UserFactory):
    email = factory.LazyAttribute(lambda u: f"{u.username}@nhs.net")

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, create, extracted, default=[role_names.MEMBERS])


class EditorFactory(MemberFactory):
    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, create, extracted, default=[role_names.MEMBERS, role_names.EDITORS])

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        _add_mfa(user, create, extracted, default=True)


class ModeratorFactory(MemberFactory):
    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, create, extracted, default=[role_names.MEMBERS, role_names.MODERATORS])

    @factory.post_generation
    def mfa(user, create, extracted, **kwargs):
        _add_mfa(user, create, extracted, default=True)


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    user = factory.SubFactory(UserFactory)
    job_title = "Chief Nursing Information Officer"
    organisation = "Acme Health Software"
    reason = "I lead clinical safety for a supplier and want to learn from CCIOs."


# --- notifications ------------------------------------------------------------


class NotificationFactory(factory.django.DjangoModelFactory):
    """An in-site notification (created directly: no email is sent)."""

    class Meta:
        model = "notifications.Notification"

    recipient = factory.SubFactory(MemberFactory)
    kind = "forum.reply"
    title = factory.Sequence(lambda n: f"Someone replied to topic {n}")
    url = factory.Sequence(lambda n: f"/forum/p/{n}/")
    body = "A short excerpt of the reply."
