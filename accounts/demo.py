"""Demo people for a local run. Passwords are printed, never used in production."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
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

# One person, one job, one organisation: the directory (profiles.demo), the CCIO profiles
# (profiles.demo) and the conference's speakers (events.demo) all take them from here.
# username: (job title, profession, organisation)
DEMO_JOBS = {
    "priya": ("Chief Clinical Information Officer", "doctor", "Manchester University NHS Foundation Trust"),
    "james": ("Chief Clinical Information Officer", "doctor", "Guy's and St Thomas' NHS Foundation Trust"),
    "sarah": ("Chief Nursing Information Officer", "nurse", "Leeds Teaching Hospitals NHS Trust"),
    "tom": ("Chief Clinical Information Officer", "doctor", "Cardiff and Vale University Health Board"),
    "fiona": ("Chief Clinical Information Officer", "doctor", "NHS Lothian"),
    "aisling": ("Chief Clinical Information Officer", "doctor", "Belfast Health and Social Care Trust"),
    "helen": ("Chief Clinical Information Officer", "doctor", "South London and Maudsley NHS Foundation Trust"),
    "kwame": ("Chief Pharmacy Information Officer", "pharmacist", "Oxford University Hospitals NHS Foundation Trust"),
    "raj": ("Clinical Digital Lead (AHP)", "ahp", "Birmingham Community Healthcare NHS Foundation Trust"),
}

# What each demo account is for, as printed by seed_demo (README: "Demo accounts").
# Everyone not named here is a member.
ROLE_LABELS = {
    "admin": "administrator: the admin site, and every editor and moderator power",
    "ed": "editor: articles, profiles, events (admin approves what ed submits)",
    "mo": "moderator: the forum and membership applications",
    "claire": "applicant, not yet a member (mo or admin decides)",
}
NEEDS_TOTP = ["admin", "ed", "mo"]


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
        stdout.write(f"Demo accounts: {len(created)} created.")
    for user in User.objects.filter(username__in=NEEDS_TOTP):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())


def describe(stdout):
    """Print the demo accounts, their roles and TOTP secrets: seed_demo's last words."""
    users = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in DEMO_PEOPLE])}
    secrets = {
        a.user.username: decrypt(a.data["secret"])
        for a in Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP).select_related(
            "user"
        )
    }
    stdout.write(f"Demo accounts: sign in with the email address; the password for all is {DEMO_PASSWORD}")
    for username, _, email, _ in DEMO_PEOPLE:
        if username in users:
            stdout.write(f"  {email:<34} {ROLE_LABELS.get(username, 'member')}")
    stdout.write("  The directory's other members (ccio-anna@nhs.net and so on) have the same password.")
    if secrets:
        stdout.write("Two-factor: these accounts give a TOTP code at sign-in. Put the secret in an authenticator app,")
        stdout.write("or print the current code with: .venv/bin/python manage.py totp_code ed (username or email)")
        for username, _, email, _ in DEMO_PEOPLE:
            if username in secrets:
                stdout.write(f"  {email:<34} {secrets[username]}")
