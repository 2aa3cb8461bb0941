"""Demo people for a local run. Passwords are printed, never used in production."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import MembershipApplication, User

DEMO_PASSWORD = "ccio-demo-password"  # noqa: S105 - demo only; seed_demo refuses to run without DEBUG

# (username, display name, email, roles)
DEMO_PEOPLE = [
    ("admin", "Site Administrator", "admin@nhs.net", [roles.MEMBERS]),
    ("ed", "Ed Editor", "ed.editor@nhs.net", [roles.MEMBERS, roles.EDITORS]),
    ("mo", "Mo Moderator", "mo.moderator@nhs.net", [roles.MEMBERS, roles.MODERATORS]),
    ("priya", "Dr Priya Shah", "priya.shah@nhs.net", [roles.MEMBERS]),
    ("james", "Dr James Okafor", "james.okafor@nhs.net", [roles.MEMBERS]),
    ("sarah", "Sarah Whitfield RN", "sarah.whitfield@nhs.net", [roles.MEMBERS]),
    ("tom", "Dr Tom Lewis", "tom.lewis@wales.nhs.uk", [roles.MEMBERS]),
    ("fiona", "Dr Fiona MacLeod", "fiona.macleod@nhs.scot", [roles.MEMBERS]),
    ("aisling", "Dr Aisling Byrne", "aisling.byrne@hscni.net", [roles.MEMBERS]),
    ("raj", "Raj Patel", "raj.patel@nhs.net", [roles.MEMBERS]),
    ("helen", "Dr Helen Carter", "helen.carter@nhs.net", [roles.MEMBERS]),
    ("kwame", "Kwame Mensah", "kwame.mensah@nhs.net", [roles.MEMBERS]),
    ("claire", "Claire Dobson", "claire.dobson@acmehealth.example", []),
]


def person(username):
    return User.objects.get(username=username)


def seed(stdout):
    created = []
    for username, display_name, email, role_names in DEMO_PEOPLE:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name, "email": email}
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            if username == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
            created.append(username)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
        user.groups.add(*Group.objects.filter(name__in=role_names))
    MembershipApplication.objects.get_or_create(
        user=person("claire"),
        defaults={
            "job_title": "Clinical Safety Officer",
            "organisation": "Acme Health Software",
            "reason": "I am the clinical safety officer for an EPR supplier and would like to learn from CCIOs.",
        },
    )
    if created:
        stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, _, email, role_names in DEMO_PEOPLE:
            label = ", ".join(role_names) or "applicant"
            if username == "admin":
                label = "administrator"
            stdout.write(f"  {email:<36} {label}")
    staff = User.objects.filter(username__in=["admin", "ed", "mo"])
    for user in staff:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            stdout.write(f"  TOTP secret for {user.email}: {secret} (add it to an authenticator app)")
