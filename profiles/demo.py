"""Demo organisations, 30 directory entries and 8 CCIO profiles (one chairs the advisory panel)."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.demo import DEMO_JOBS, DEMO_PASSWORD
from accounts.models import User
from editorial.demo_images import picture
from editorial.models import Status
from profiles.models import CCIOProfile, DirectoryEntry, InterviewAnswer, Organisation, TimelineEntry

# (name, type, region, ODS code)
ORGANISATIONS = [
    ("Leeds Teaching Hospitals NHS Trust", "acute", "north-east-yorkshire", "RR8"),
    ("NHS West Yorkshire Integrated Care Board", "icb", "north-east-yorkshire", "QWO"),
    ("Manchester University NHS Foundation Trust", "acute", "north-west", "R0A"),
    ("North West Ambulance Service NHS Trust", "ambulance", "north-west", "RX7"),
    ("University Hospitals Birmingham NHS Foundation Trust", "acute", "midlands", "RRK"),
    ("Birmingham Community Healthcare NHS Foundation Trust", "community", "midlands", "RYW"),
    ("Cambridge University Hospitals NHS Foundation Trust", "acute", "east-of-england", "RGT"),
    ("Guy's and St Thomas' NHS Foundation Trust", "acute", "london", "RJ1"),
    ("South London and Maudsley NHS Foundation Trust", "mental-health", "london", "RV5"),
    ("Oxford University Hospitals NHS Foundation Trust", "acute", "south-east", "RTH"),
    ("Royal Devon University Healthcare NHS Foundation Trust", "acute", "south-west", "RH8"),
    ("Bristol Harbourside Medical Practice", "primary-care", "south-west", "L81999"),
    ("NHS Lothian", "acute", "scotland", "SLO"),
    ("Cardiff and Vale University Health Board", "acute", "wales", "7A4"),
    ("Belfast Health and Social Care Trust", "acute", "northern-ireland", "ZT001"),
    ("NHS England", "national", "london", "X24"),
    ("Acme Health Software", "supplier", "east-of-england", None),
]

EXISTING = ["ed", "mo", "priya", "james", "sarah", "tom", "fiona", "aisling", "raj", "helen", "kwame"]
EXTRA = [
    ("ccio-anna", "Dr Anna Kowalski"), ("ccio-ben", "Dr Ben Adeyemi"), ("ccio-chloe", "Chloe Hughes RN"),
    ("ccio-david", "Dr David Evans"), ("ccio-esme", "Esme Clarke RM"), ("ccio-farid", "Dr Farid Rahman"),
    ("ccio-grace", "Dr Grace Osei"), ("ccio-hamish", "Dr Hamish Stewart"), ("ccio-imogen", "Imogen Price"),
    ("ccio-jack", "Dr Jack Thornton"), ("ccio-kirsty", "Kirsty Doyle RN"), ("ccio-liam", "Dr Liam O'Neill"),
    ("ccio-maya", "Dr Maya Iyer"), ("ccio-nia", "Nia Griffiths"), ("ccio-oliver", "Dr Oliver Grant"),
    ("ccio-pooja", "Pooja Mehta MRPharmS"), ("ccio-rhys", "Dr Rhys Morgan"), ("ccio-sian", "Dr Siân Jenkins"),
    ("ccio-umar", "Dr Umar Farooq"),
]  # fmt: skip

JOBS = [
    ("Chief Clinical Information Officer", "doctor"),
    ("Chief Nursing Information Officer", "nurse"),
    ("Deputy CCIO", "doctor"),
    ("Chief Midwifery Information Officer", "midwife"),
    ("Chief Pharmacy Information Officer", "pharmacist"),
    ("Clinical Digital Lead (AHP)", "ahp"),
]
SPECIALTIES = ["Acute medicine", "Emergency medicine", "General practice", "Anaesthetics", "Psychiatry", "Paediatrics"]
INTERESTS = [
    "EPR, clinical safety",
    "interoperability, shared care records",
    "AI, decision support",
    "digital nursing",
]
VISIBILITIES = ["everyone", "everyone", "members", "members", "nobody"]

# (member, headline, name, panel, chair); a member's job and organisation come from DEMO_JOBS, so the
# profile, the directory and the conference programme agree. The one profile of someone who is not a
# member names its own: (role, organisation index).
PROFILES = [
    ("priya", "Digital from the ward up", "Dr Priya Shah", True, True),
    ("james", "The EPR that nurses asked for", "Dr James Okafor", True, False),
    ("tom", "Bilingual records in Cardiff", "Dr Tom Lewis", False, False),
    ("fiona", "One record across Lothian", "Dr Fiona MacLeod", True, False),
    ("aisling", "Encompass in Belfast", "Dr Aisling Byrne", False, False),
    ("helen", "Mental health goes paperless", "Dr Helen Carter", False, False),
    (None, "Ambulances and the shared care record", "Mark Fenwick", False, False),
    ("sarah", "A nurse's view of the board", "Sarah Whitfield RN", True, False),
]  # fmt: skip
NOT_A_MEMBER = {"Mark Fenwick": ("Paramedic CCIO", 3)}

INTERVIEW = [
    ("How did you become a CCIO?", "Almost by accident: I complained about the **old system** once too often."),
    ("What does a typical week look like?", "Two days contracted, three in reality:\n\n- clinics\n- design authority"),
    ("What are you proudest of?", "Clinicians asking for *more* digital, not less."),
    ("What advice would you give a new CCIO?", "Find your allies early, and [read the network's guides](https://example.org/guides)."),
]  # fmt: skip


def _member(username, display_name):
    user, created = User.objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": f"{username}@nhs.net"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": True})
    user.groups.add(*Group.objects.filter(name=roles.MEMBERS))
    return user


def seed(stdout):
    organisations = []
    for name, kind, region, code in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"type": kind, "region": region, "ods_code": code}
        )
        organisations.append(organisation)

    by_name = {o.name: o for o in organisations}
    home = {username: by_name[organisation] for username, (_, _, organisation) in DEMO_JOBS.items()}
    people = [User.objects.get(username=u) for u in EXISTING if User.objects.filter(username=u).exists()]
    people += [_member(username, name) for username, name in EXTRA]
    for i, user in enumerate(people[:30]):
        job, profession = JOBS[i % len(JOBS)]
        if user.username in DEMO_JOBS:
            job, profession, _ = DEMO_JOBS[user.username]
        entry, created = DirectoryEntry.objects.get_or_create(
            user=user,
            defaults={
                "job_title": job,
                "profession": profession,
                "organisation": home.get(user.username, organisations[i % len(organisations)]),
                "specialty": SPECIALTIES[i % len(SPECIALTIES)],
                "years_in_practice": 12 + (i * 7) % 19,
                "ccio_appointed": dt.date(2015 + i % 9, 1 + i % 12, 1),
                "reports_to": "Chief Medical Officer" if i % 2 else "Chief Nursing Officer",
                "contracted_days": 2,
                "actual_days": 3,
                "interests": INTERESTS[i % len(INTERESTS)],
                "bio": f"{user.public_name} leads digital work. Ask me about **{INTERESTS[i % 4]}**.",
                "links": "https://www.digitalhealth.net/",
                "visibility": VISIBILITIES[i % len(VISIBILITIES)],
                "advisory_panel": i % 6 == 0,
            },
        )
        if not created and user.username in DEMO_JOBS:
            # A database seeded before the jobs agreed is brought in line.
            DirectoryEntry.objects.filter(pk=entry.pk).update(
                job_title=job, profession=profession, organisation=home[user.username]
            )
        if created and i % 3 == 0:
            entry.photo.save(f"demo-{user.username}.jpg", picture(i, size=(300, 300)), save=True)

    now = timezone.now()
    for n, (username, headline, name, panel, chair) in enumerate(PROFILES):
        slug = headline.lower().replace("'", "").replace(" ", "-")
        if username:
            role, _, organisation_name = DEMO_JOBS[username]
            organisation = by_name[organisation_name]
        else:
            role, org_index = NOT_A_MEMBER[name]
            organisation = organisations[org_index]
        profile, created = CCIOProfile.objects.get_or_create(
            slug=slug,
            defaults={
                "headline": headline,
                "name": name,
                "role_title": role,
                "standfirst": f"{name} on leading digital change while still seeing patients.",
                "organisation": organisation,
                "member": User.objects.filter(username=username).first() if username else None,
                "advisory_panel": panel,
                "panel_chair": chair,
                "featured": chair,
                "portrait_alt": f"Illustration standing in for a portrait of {name}",
                "status": Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=7 * (n + 1)),
            },
        )
        if not created and (profile.role_title, profile.organisation_id) != (role, organisation.pk):
            CCIOProfile.objects.filter(pk=profile.pk).update(role_title=role, organisation=organisation)
        if created:
            profile.portrait.save(f"demo-portrait-{n}.jpg", picture(n + 3, size=(600, 600)), save=True)
            for order, (question, answer) in enumerate(INTERVIEW):
                InterviewAnswer.objects.create(profile=profile, order=order, question=question, answer=answer)
            TimelineEntry.objects.create(profile=profile, start_year=2000 + n, end_year=2012 + n, role="Consultant")
            TimelineEntry.objects.create(profile=profile, start_year=2012 + n, role=role)
            profile.children_state = profile.children_snapshot()
            profile.save()
    stdout.write(
        f"Organisations: {Organisation.objects.count()}, directory entries: {DirectoryEntry.objects.count()}, "
        f"CCIO profiles: {CCIOProfile.objects.count()}"
    )
