from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Aggregate, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from core import second_factor

username_validator = RegexValidator(
    r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{1,28}[A-Za-z0-9])?$",
    "Use 3 to 30 letters, numbers, hyphens or underscores, starting and ending with a letter or number.",
)


# Erased accounts are renamed former-member-<id>; nobody may sign up with such a name.
ERASED_USERNAME_PREFIX = "former-member"


ROLE_NAMES_SEPARATOR = "|"  # group names are the site's roles, which contain none


class GroupNames(Aggregate):
    """The names of a user's groups joined with "|" (STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{ROLE_NAMES_SEPARATOR}')"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class CaseInsensitiveUserManager(UserManager):
    def with_role_names(self):
        """Users with their group names loaded in the same query (see User.role_names)."""
        names = (
            self.model.groups.through.objects.filter(user_id=OuterRef("pk"))
            .order_by()
            .values("user_id")
            .annotate(names=GroupNames("group__name"))
            .values("names")
        )
        return self.annotate(loaded_role_names=Subquery(names, output_field=models.TextField()))

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})

    def with_role(self, role):
        """Active holders of an editor or moderator role whose powers count outside a request.

        The same rule as `User.is_editor`/`is_moderator` for someone not in a
        request (core.second_factor): the group, or superuser, and TOTP set up.
        One query, for notifying all editors or moderators.
        """
        from allauth.mfa.models import Authenticator

        if role not in roles.STAFF_ROLES:
            raise ValueError(f"{role!r} is not an editor or moderator role")
        in_group = self.model.groups.through.objects.filter(group__name=role).values("user_id")
        totp = Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
        return self.filter(Q(pk__in=in_group) | Q(is_superuser=True), is_active=True).filter(Exists(totp))


def public_name(username, display_name, is_active):
    """The name a person is shown by: for pages that read these three columns without loading a User."""
    if not is_active and username.startswith(f"{ERASED_USERNAME_PREFIX}-"):
        return "Former member"
    return display_name or username


class User(AbstractUser):
    """The one account model. Profile details live in profiles.DirectoryEntry."""

    username = models.CharField(
        max_length=30,
        unique=True,
        validators=[username_validator],
        help_text="Used in your profile address and for @mentions.",
        error_messages={"unique": "That username is taken."},
    )
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown beside your posts, e.g. “Dr Jane Smith”."
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=500, blank=True)

    first_name = None
    last_name = None

    objects = CaseInsensitiveUserManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower() if self.email else self.email
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("profiles:member_detail", args=[self.username])

    @property
    def public_name(self):
        return public_name(self.username, self.display_name, self.is_active)

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name

    # Roles: answered from the user's groups, fetched once per request. A role's
    # powers count only where core.second_factor says so (a session that passed
    # two-factor sign-in); without it the person is a plain member everywhere.
    @property
    def role_names(self):
        if not hasattr(self, "_role_names"):
            if hasattr(self, "loaded_role_names"):  # User.objects.with_role_names()
                self._role_names = frozenset(filter(None, (self.loaded_role_names or "").split(ROLE_NAMES_SEPARATOR)))
                return self._role_names
            self._role_names = frozenset(self.groups.values_list("name", flat=True)) if self.pk else frozenset()
        return self._role_names

    @property
    def is_member(self):
        """Vetted members, and everyone with a role, may use members-only features."""
        return self.is_active and (self.is_superuser or bool(self.role_names & set(roles.ALL)))

    @property
    def has_editor_role(self):
        """Holds the editor role (or is a superuser), whether or not its powers count here."""
        return self.is_active and (roles.EDITORS in self.role_names or self.is_superuser)

    @property
    def has_moderator_role(self):
        """Holds the moderator role (or is a superuser), whether or not its powers count here."""
        return self.is_active and (roles.MODERATORS in self.role_names or self.is_superuser)

    @property
    def roles_count(self):
        """Whether editor, moderator and staff powers count here: see core.second_factor."""
        return second_factor.roles_count(self)

    @property
    def is_editor(self):
        return self.has_editor_role and self.roles_count

    @property
    def is_moderator(self):
        return self.has_moderator_role and self.roles_count

    @property
    def can_use_admin(self):
        """Staff may use the admin only in a session that passed the second factor."""
        return self.is_active and self.is_staff and self.roles_count

    @property
    def needs_mfa(self):
        """Editors, moderators and staff must use a second factor."""
        return self.is_staff or self.is_superuser or bool(self.role_names & roles.STAFF_ROLES)

    @property
    def roles_switched_off(self):
        """Holds a role whose powers do not count here (no second factor yet): tell them how to switch it on."""
        return self.is_active and self.needs_mfa and not self.roles_count

    @property
    def held_role_labels(self):
        """The roles this person holds that need the second factor, as words ("editor", "moderator"...)."""
        labels = []
        if self.is_superuser or self.is_staff:
            labels.append("administrator")
        if roles.EDITORS in self.role_names:
            labels.append("editor")
        if roles.MODERATORS in self.role_names:
            labels.append("moderator")
        return labels

    @property
    def held_roles_text(self):
        """ "editor", "editor and moderator", "administrator, editor and moderator"."""
        labels = self.held_role_labels
        return " and ".join(filter(None, [", ".join(labels[:-1]), labels[-1]])) if labels else "staff"

    @property
    def has_totp(self):
        return second_factor.has_totp(self)

    # Model permissions (the admin): without the second factor, only what a plain member has.
    def _plain_member_permissions(self):
        if not hasattr(self, "_member_perm_cache"):
            perms = set()
            if self.is_member:
                perms = {
                    f"{app_label}.{codename}"
                    for app_label, codename in Permission.objects.filter(group__name=roles.MEMBERS).values_list(
                        "content_type__app_label", "codename"
                    )
                }
            self._member_perm_cache = frozenset(perms)
        return self._member_perm_cache

    def has_perm(self, perm, obj=None):
        if self.needs_mfa and not self.roles_count:
            return self.is_active and obj is None and perm in self._plain_member_permissions()
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        if self.needs_mfa and not self.roles_count:
            return self.is_active and any(p.split(".", 1)[0] == app_label for p in self._plain_member_permissions())
        return super().has_module_perms(app_label)

    @property
    def is_suspended(self):
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def badges(self):
        """Role badges shown beside a member's name."""
        return [name for name in (roles.MODERATORS, roles.EDITORS) if name in self.role_names]


class MembershipApplication(models.Model):
    """Someone without an NHS email address asking to join the network."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting decision"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_application"
    )
    job_title = models.CharField(max_length=120)
    organisation = models.CharField(max_length=160)
    reason = models.TextField("why you want to join", max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Application from {self.user}"
