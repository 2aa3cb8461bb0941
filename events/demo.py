"""Demo events: a year of them, past and upcoming, and the annual conference in Birmingham.

Idempotent: events are found by slug, registrations by (event, member), so
running the seed twice changes nothing. Registrations are written directly
(quietly, without notification emails) and the counters recomputed after.
"""

import datetime as dt
import secrets
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from accounts.demo import DEMO_JOBS, DEMO_PEOPLE, person
from accounts.models import User
from events.models import Event, EventMaterial, Registration, Series, Session, Speaker

MEMBERS = ["priya", "james", "sarah", "tom", "fiona", "aisling", "raj", "helen", "kwame", "ed", "mo"]

# (slug, title, kind, format, days from today, hour, hours long, capacity, registrants, summary)
EVENTS = [
    (
        "epr-optimisation-roundtable",
        "EPR optimisation roundtable",
        "roundtable",
        "online",
        -300,
        12,
        1,
        30,
        6,
        "What CCIOs did after go-live to make the electronic patient record work for clinicians.",
    ),
    (
        "midlands-regional-meeting-spring",
        "Midlands regional meeting",
        "regional",
        "in_person",
        -240,
        10,
        5,
        40,
        8,
        "CCIOs from across the Midlands meet to share progress and problems.",
    ),
    (
        "ai-scribes-webinar",
        "Ambient AI scribes: what we have learned",
        "webinar",
        "online",
        -180,
        13,
        1,
        None,
        9,
        "Three trusts report on their pilots of ambient voice technology in clinics.",
    ),
    (
        "summer-social-london",
        "Summer social",
        "social",
        "in_person",
        -150,
        18,
        3,
        25,
        7,
        "Drinks and conversation for CCIOs and aspiring CCIOs by the river.",
    ),
    (
        "clinical-safety-hybrid-workshop",
        "Clinical safety case workshop",
        "roundtable",
        "hybrid",
        -90,
        10,
        3,
        20,
        5,
        "DCB0129 and DCB0160 in practice: writing a safety case that helps.",
    ),
    (
        "north-regional-meeting",
        "North of England regional meeting",
        "regional",
        "in_person",
        -45,
        10,
        5,
        35,
        6,
        "Leeds hosts CCIOs from the North East, Yorkshire and the North West.",
    ),
    (
        "digital-nursing-roundtable",
        "Nursing informatics roundtable",
        "roundtable",
        "online",
        6,
        12,
        1,
        3,
        6,
        "CNIOs and CCIOs on closing the loop on medicines administration.",
    ),
    (
        "interoperability-webinar",
        "Shared care records that clinicians use",
        "webinar",
        "online",
        13,
        13,
        1,
        None,
        5,
        "Integrated care boards show what made their shared care records useful.",
    ),
    (
        "scotland-regional-meeting",
        "Scotland regional meeting",
        "regional",
        "hybrid",
        27,
        10,
        4,
        30,
        4,
        "CCIOs in NHS Scotland and guests from Wales and Northern Ireland.",
    ),
    (
        "winter-social-manchester",
        "Winter social",
        "social",
        "in_person",
        20,
        18,
        3,
        4,
        7,
        "An evening in Manchester to meet other CCIOs before the holidays.",
    ),
    (
        "new-ccio-induction",
        "New to the CCIO role",
        "roundtable",
        "online",
        48,
        16,
        2,
        12,
        3,
        "For CCIOs in their first year: experienced members answer your questions.",
    ),
    (
        "data-platform-webinar",
        "Federated data platforms: a CCIO view",
        "webinar",
        "online",
        75,
        13,
        1,
        None,
        2,
        "What clinicians need from a data platform, and how to ask for it.",
    ),
    (
        "wales-regional-meeting",
        "Wales regional meeting",
        "regional",
        "in_person",
        110,
        10,
        5,
        30,
        2,
        "CCIOs across NHS Wales meet in Cardiff.",
    ),
]

VENUES = {
    "midlands-regional-meeting-spring": ("The Exchange", "3 Centenary Square, Birmingham", "B1 2DR"),
    "summer-social-london": ("The Wharf", "Hay's Lane, London", "SE1 2HB"),
    "clinical-safety-hybrid-workshop": ("NHS England, Wellington House", "133-155 Waterloo Road, London", "SE1 8UG"),
    "north-regional-meeting": ("Leeds Teaching Hospitals, Education Centre", "Beckett Street, Leeds", "LS9 7TF"),
    "scotland-regional-meeting": ("Royal College of Physicians of Edinburgh", "9 Queen Street, Edinburgh", "EH2 1JQ"),
    "winter-social-manchester": ("Albert's Schloss", "27 Peter Street, Manchester", "M2 5QR"),
    "wales-regional-meeting": ("Cardiff City Hall", "Cathays Park, Cardiff", "CF10 3ND"),
}

CONFERENCE_SLUG = "ccio-network-annual-conference"

# (name, title, organisation): a speaker who is a demo member takes their title and organisation
# from accounts.demo.DEMO_JOBS instead (the directory and CCIO profiles say the same), and is linked.
SPEAKERS = [
    (
        "Rt Hon Jo Whitmore MP",
        "Minister of State for Health and Secondary Care",
        "Department of Health and Social Care",
    ),
    ("Dr Priya Shah", "", ""),
    ("Dr James Okafor", "", ""),
    ("Sarah Whitfield RN", "", ""),
    ("Dr Tom Lewis", "", ""),
    ("Dr Fiona MacLeod", "", ""),
    ("Professor Ravi Menon", "Professor of Clinical Informatics", "University of Birmingham"),
    ("Dr Helen Carter", "", ""),
    ("Kwame Mensah", "", ""),
    ("Dr Aisling Byrne", "", ""),
    ("Dr Nadia Hussain", "GP and Clinical Safety Officer", "NHS Birmingham and Solihull ICB"),
    ("Mark Ellis", "Head of Clinical Safety", "NHS England"),
]

# (day 1 or 2, start "HH:MM", minutes, track, format, title, speaker indexes)
SESSIONS = [
    (1, "09:30", 45, "Main hall", "keynote", "Opening keynote: a digital NHS for patients and staff", [0]),
    (1, "10:30", 60, "Clinical safety", "panel", "Safety cases that clinicians read", [10, 11]),
    (1, "10:30", 60, "Data", "talk", "From data platform to better decisions at the bedside", [6]),
    (1, "10:30", 60, "Workforce", "workshop", "Growing the next generation of CCIOs", [1, 7]),
    (1, "13:30", 60, "Clinical safety", "talk", "Ambient AI scribes: the safety questions", [2]),
    (1, "13:30", 60, "Data", "panel", "Shared care records across four nations", [4, 5, 9]),
    (1, "13:30", 60, "Workforce", "talk", "Two days a week? Making the CCIO job plan work", [3]),
    (2, "09:30", 45, "Main hall", "keynote", "Keynote: clinicians leading digital change", [1]),
    (2, "10:30", 60, "Clinical safety", "workshop", "Hands-on: hazard logs for AI tools", [11]),
    (2, "10:30", 60, "Data", "talk", "Measuring what the EPR did for patients", [8]),
    (2, "10:30", 60, "Workforce", "panel", "Nurses, AHPs and doctors: one informatics team", [3, 7]),
    (2, "14:00", 45, "Main hall", "panel", "Closing panel: what we will do differently next year", [0, 4, 5]),
]


def _london(day, hour, minute=0):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _conference_days(today):
    """The second Thursday and Friday of November: this year's if still ahead, else next year's."""
    for year in (today.year, today.year + 1):
        first = dt.date(year, 11, 1)
        thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 7)
        if thursday > today:
            return thursday, thursday + dt.timedelta(days=1)
    raise AssertionError("unreachable")


_seeded = []


def _event(slug, **fields):
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        event = Event(slug=slug, **fields)
        event.save()
    _seeded.append(event)
    return event


def _register(event, usernames):
    for username in usernames:
        Registration.objects.get_or_create(
            event=event,
            member=person(username),
            defaults={"status": Registration.Status.CONFIRMED, "confirmed_at": event.created_at},
        )


CPD_HOURS = {"roundtable": "1.5", "webinar": "1", "regional": "5", "conference": "12"}


def _cpd_and_attendance(event, organiser):
    """CPD hours by kind; at past events most confirmed attendees were checked in (the last one did not come)."""
    hours = CPD_HOURS.get(event.kind)
    if hours and event.cpd_hours is None:
        event.cpd_hours = Decimal(hours)
        event.save(update_fields=["cpd_hours", "updated_at"])
    if not event.is_past or event.status != Event.Status.PUBLISHED:
        return
    confirmed = list(event.registrations.confirmed().order_by("created_at", "pk"))
    for registration in confirmed[:-1] if len(confirmed) > 1 else confirmed:
        if registration.attended_at is None:
            registration.attended_at = event.starts_at + dt.timedelta(minutes=5)
            registration.checked_in_by = organiser
            registration.certificate_code = registration.certificate_code or secrets.token_urlsafe(18)
            registration.save(update_fields=["attended_at", "checked_in_by", "certificate_code", "updated_at"])


def _recount(event):
    """Fit the demo registrations to capacity: the first come are confirmed, the rest wait in order."""
    registrations = list(event.registrations.active().order_by("created_at", "pk"))
    for n, registration in enumerate(registrations):
        confirmed = event.capacity is None or n < event.capacity
        status = Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED
        if registration.status != status:
            registration.status = status
            registration.waitlisted_at = None if confirmed else registration.created_at
            registration.save(update_fields=["status", "waitlisted_at", "updated_at"])
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    Event.objects.filter(pk=event.pk).update(confirmed_count=counts["confirmed"], waitlist_count=counts["waiting"])


def _conference(today, organiser):
    day1, day2 = _conference_days(today)
    event = _event(
        CONFERENCE_SLUG,
        title=f"CCIO Network Annual Conference {day1.year}",
        summary="Two days of keynotes, panels and workshops for clinical digital leaders, beside the trade show.",
        description=(
            "The network's annual gathering at the **ICC Birmingham**, alongside the largest health technology "
            "trade show in the UK.\n\n- Three tracks: clinical safety, data, workforce\n"
            "- A keynote by the Minister of State for Health\n- Networking dinner on the first evening\n\n"
            "Registration is free for members."
        ),
        kind=Event.Kind.CONFERENCE,
        format=Event.Format.IN_PERSON,
        starts_at=_london(day1, 9),
        ends_at=_london(day2, 16, 30),
        venue_name="ICC Birmingham",
        venue_address="8 Centenary Square, Broad Street, Birmingham",
        venue_postcode="B1 2EA",
        capacity=300,
        status=Event.Status.PUBLISHED,
        organiser=organiser,
    )
    event.questions.get_or_create(text="Dietary needs", defaults={"required": False, "order": 1})
    event.questions.get_or_create(text="Access requirements", defaults={"required": False, "order": 2})
    speakers = []
    members = {display_name: username for username, display_name, _, _ in DEMO_PEOPLE}
    for name, title, organisation in SPEAKERS:
        username = members.get(name)
        member = None
        if username in DEMO_JOBS:
            title, _, organisation = DEMO_JOBS[username]
            member = User.objects.filter(username=username).first()
        speaker, _ = Speaker.objects.update_or_create(
            name=name,
            defaults={
                "job_title": title,
                "organisation": organisation,
                "bio": f"{name} is {title} at {organisation}.",
                "member": member,
            },
        )
        speakers.append(speaker)
    for day, start, minutes, track, fmt, title, indexes in SESSIONS:
        hour, minute = (int(part) for part in start.split(":"))
        starts_at = _london(day1 if day == 1 else day2, hour, minute)
        session, created = Session.objects.get_or_create(
            event=event,
            title=title,
            defaults={
                "starts_at": starts_at,
                "ends_at": starts_at + dt.timedelta(minutes=minutes),
                "track": track,
                "format": fmt,
                "abstract": f"{title}. A {fmt} in the {track.lower()} track.",
            },
        )
        if created:
            session.speakers.set([speakers[i] for i in indexes])
    _register(event, MEMBERS[:8])
    return event


def _monthly_call(today, organiser):
    """The monthly CCIO call: a series, each date its own event."""
    series, _ = Series.objects.get_or_create(title="Monthly CCIO call", defaults={"repeat": Series.Repeat.MONTHLY})
    first = today.replace(day=1)
    for n in range(-2, 4):
        month = (first.month - 1 + n) % 12 + 1
        year = first.year + (first.month - 1 + n) // 12
        day = dt.date(year, month, 1)
        day += dt.timedelta(days=(1 - day.weekday()) % 7)  # first Tuesday
        _event(
            f"monthly-ccio-call-{day:%Y-%m}",
            title="Monthly CCIO call",
            summary="An hour on the first Tuesday of the month: news, one topic, and your questions.",
            description="Bring a problem you want help with. Chatham House rule applies.",
            kind=Event.Kind.ROUNDTABLE,
            format=Event.Format.ONLINE,
            starts_at=_london(day, 12, 30),
            ends_at=_london(day, 13, 30),
            join_url="https://meet.example.org/ccio-monthly-call",
            capacity=100,
            status=Event.Status.PUBLISHED,
            organiser=organiser,
            series=series,
        )


def seed(stdout):
    today = timezone.localdate()
    organiser = person("ed")
    _seeded.clear()
    created_before = Event.objects.count()
    for slug, title, kind, fmt, days, hour, hours, capacity, registrants, summary in EVENTS:
        day = today + dt.timedelta(days=days)
        venue_name, venue_address, venue_postcode = VENUES.get(slug, ("", "", ""))
        event = _event(
            slug,
            title=title,
            summary=summary,
            description=f"{summary}\n\nOpen to members of the CCIO Leaders Network.",
            kind=kind,
            format=fmt,
            starts_at=_london(day, hour),
            ends_at=_london(day, hour) + dt.timedelta(hours=hours),
            venue_name=venue_name,
            venue_address=venue_address,
            venue_postcode=venue_postcode,
            join_url="https://meet.example.org/ccio-" + slug if fmt != Event.Format.IN_PERSON else "",
            capacity=capacity,
            status=Event.Status.PUBLISHED,
            organiser=organiser,
        )
        _register(event, MEMBERS[:registrants])
        if days < 0:
            EventMaterial.objects.get_or_create(
                event=event, title="Slides (PDF)", defaults={"url": f"https://example.org/ccio/{slug}/slides.pdf"}
            )
            EventMaterial.objects.get_or_create(
                event=event, title="Recording", defaults={"url": f"https://example.org/ccio/{slug}/recording"}
            )
    _monthly_call(today, organiser)
    conference = _conference(today, organiser)
    _event(
        "ccio-leadership-programme-draft",
        title="CCIO leadership programme (draft)",
        summary="A draft only organisers can see.",
        kind=Event.Kind.ROUNDTABLE,
        format=Event.Format.ONLINE,
        starts_at=_london(today + dt.timedelta(days=60), 10),
        ends_at=_london(today + dt.timedelta(days=60), 12),
        status=Event.Status.DRAFT,
        organiser=organiser,
    )
    for event in _seeded:
        _recount(event)
        _cpd_and_attendance(event, organiser)
    added = Event.objects.count() - created_before
    stdout.write(f"Events: {added} added; the annual conference is at {conference.get_absolute_url()}")
