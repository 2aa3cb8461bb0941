"""Demo resources: about 30 across every kind and level, a member's plan and CPD log over two appraisal years.

Idempotent: resources are found by slug, plan items and CPD entries by their
unique (member, resource) or (member, event) or (member, title, date).
Members-only templates come with a file, made here and put through the one
document pipeline (core.files.process_document).
"""

import datetime as dt
import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from accounts.demo import person
from core.files import process_document
from core.pdf import html_to_pdf
from editorial.models import Status, Topic
from events.models import Registration
from profiles.models import Organisation
from resources import services
from resources.models import Access, CPDEntry, PlanItem, Resource, appraisal_year_start

FCI = "Faculty of Clinical Informatics"
NHSE = "NHS England"

# (title, kind, level, cost, cost note, format, duration, CPD hours, suits, topics, provider,
#  file type of a members-only download or "", summary)
RESOURCES = [
    (
        "Faculty of Clinical Informatics membership",
        "qualification",
        "introductory",
        "paid",
        "From £95 a year",
        "online",
        "Ongoing",
        None,
        "new aspiring cnio-cmio",
        ["Careers"],
        FCI,
        "",
        "Join the professional body for clinical informaticians: a route to recognition and a community of peers.",
    ),
    (
        "FCI Fellowship: the route to FFCI",
        "qualification",
        "advanced",
        "paid",
        "Assessment fee applies",
        "self_paced",
        "6 to 12 months",
        "40",
        "experienced",
        ["Careers"],
        FCI,
        "",
        "How experienced CCIOs evidence their practice for Fellowship of the Faculty.",
    ),
    (
        "MSc Health Informatics (part-time)",
        "qualification",
        "advanced",
        "paid",
        "About £12,000; NHS funding may apply",
        "blended",
        "3 years part-time",
        "600",
        "aspiring experienced",
        ["Careers", "AI and analytics"],
        "University of Manchester",
        "",
        "A master's degree in health informatics built for working clinicians, taught online with residential weeks.",
    ),
    (
        "Postgraduate certificate in digital health leadership",
        "qualification",
        "intermediate",
        "paid",
        "£4,500",
        "blended",
        "1 year",
        "150",
        "new aspiring",
        ["Careers", "Information strategy"],
        "Imperial College London",
        "",
        "A year-long certificate for clinicians stepping into digital leadership roles.",
    ),
    (
        "NHS Digital Academy: Digital Health Leadership Programme",
        "course",
        "advanced",
        "free",
        "Funded places for NHS staff",
        "blended",
        "12 months",
        "120",
        "new experienced cnio-cmio",
        ["Information strategy", "Clinical engagement"],
        NHSE,
        "",
        "The national programme for digital leaders in health and care, with peers from across the NHS.",
    ),
    (
        "Clinical safety officer training: DCB0129 and DCB0160",
        "course",
        "intermediate",
        "paid",
        "£350",
        "online",
        "2 days",
        "12",
        "new experienced cnio-cmio",
        ["Clinical safety"],
        "NHS England clinical safety team",
        "",
        "What a clinical safety officer does, how to build a safety case and keep a hazard log under the standards.",
    ),
    (
        "Hazard log template (DCB0160)",
        "template",
        "intermediate",
        "free",
        "",
        "self_paced",
        "",
        None,
        "new experienced",
        ["Clinical safety"],
        "CCIO Network",
        "xlsx",
        "A spreadsheet hazard log laid out the way DCB0160 assessors expect, with worked examples.",
    ),
    (
        "Clinical safety case report template",
        "template",
        "intermediate",
        "free",
        "",
        "self_paced",
        "",
        None,
        "new experienced",
        ["Clinical safety"],
        "CCIO Network",
        "docx",
        "A Word template for a deployment safety case report, with guidance in every section.",
    ),
    (
        "Introduction to HL7 FHIR for clinicians",
        "course",
        "introductory",
        "free",
        "",
        "online",
        "4 hours",
        "4",
        "new aspiring cnio-cmio",
        ["Interoperability"],
        "HL7 UK",
        "",
        "What FHIR resources are, how they move data between systems, and what clinicians should ask for.",
    ),
    (
        "SNOMED CT for clinical leaders",
        "course",
        "introductory",
        "free",
        "",
        "self_paced",
        "3 hours",
        "3",
        "new aspiring",
        ["Interoperability"],
        "NHS England terminology service",
        "",
        "Why clinical terminology matters and how SNOMED CT makes records comparable.",
    ),
    (
        "CCIO job description",
        "template",
        "introductory",
        "free",
        "",
        "self_paced",
        "",
        None,
        "new aspiring",
        ["Careers"],
        "CCIO Network",
        "docx",
        "A model job description for a Chief Clinical Information Officer, agreed with members of the network.",
    ),
    (
        "CCIO job plan template",
        "template",
        "introductory",
        "free",
        "",
        "self_paced",
        "",
        None,
        "new experienced",
        ["Careers"],
        "CCIO Network",
        "xlsx",
        "Split your programmed activities between clinical work and digital leadership, with examples.",
    ),
    (
        "Business case template for a clinical system",
        "template",
        "intermediate",
        "free",
        "",
        "self_paced",
        "",
        None,
        "experienced",
        ["Procurement", "Information strategy"],
        "CCIO Network",
        "docx",
        "The five-case model laid out for an electronic patient record or other clinical system.",
    ),
    (
        "Benefits realisation toolkit",
        "template",
        "advanced",
        "free",
        "",
        "self_paced",
        "",
        None,
        "experienced",
        ["Information strategy", "Quality"],
        "CCIO Network",
        "pdf",
        "Plan, measure and report the benefits of digital change, with a benefits register.",
    ),
    (
        "Digital clinical safety strategy",
        "guide",
        "introductory",
        "free",
        "",
        "online",
        "1 hour",
        "1",
        "new experienced cnio-cmio",
        ["Clinical safety", "Quality"],
        NHSE,
        "",
        "The national strategy for making digital technology safe for patients, in brief.",
    ),
    (
        "A CCIO's first 100 days",
        "guide",
        "introductory",
        "free",
        "",
        "self_paced",
        "1 hour",
        "1",
        "new aspiring",
        ["Careers", "Clinical engagement"],
        "CCIO Network",
        "pdf",
        "What members wish they had known in their first three months in post.",
    ),
    (
        "Leading clinical engagement in an EPR go-live",
        "guide",
        "intermediate",
        "free",
        "",
        "self_paced",
        "2 hours",
        "2",
        "new experienced",
        ["Clinical engagement"],
        "CCIO Network",
        "",
        "Lessons from trusts that brought their clinicians with them through a go-live.",
    ),
    (
        "What Good Looks Like framework",
        "reading",
        "introductory",
        "free",
        "",
        "online",
        "1 hour",
        "1",
        "new experienced cnio-cmio",
        ["Information strategy"],
        NHSE,
        "",
        "The seven success measures for digital maturity in NHS organisations.",
    ),
    (
        "The Wachter review: Making IT work",
        "reading",
        "introductory",
        "free",
        "",
        "online",
        "2 hours",
        "2",
        "new aspiring",
        ["Information strategy", "Clinical engagement"],
        "Department of Health and Social Care",
        "",
        "The review that called for clinical informaticians in every trust: still worth reading.",
    ),
    (
        "The Topol review",
        "reading",
        "intermediate",
        "free",
        "",
        "online",
        "3 hours",
        "3",
        "aspiring experienced cnio-cmio",
        ["AI and analytics"],
        "Health Education England",
        "",
        "Preparing the healthcare workforce to deliver the digital future.",
    ),
    (
        "Evaluating AI tools in clinical practice",
        "guide",
        "advanced",
        "free",
        "",
        "online",
        "2 hours",
        "2",
        "experienced cnio-cmio",
        ["AI and analytics", "Clinical safety"],
        "NHS AI Lab",
        "",
        "Questions to ask before, during and after deploying an AI tool in a clinical pathway.",
    ),
    (
        "Data Security and Protection Toolkit explained",
        "tool",
        "introductory",
        "free",
        "",
        "online",
        "",
        None,
        "new",
        ["Quality"],
        NHSE,
        "",
        "The annual self-assessment every organisation with NHS patient data completes, and the CCIO's part in it.",
    ),
    (
        "Digital maturity assessment",
        "tool",
        "intermediate",
        "free",
        "",
        "online",
        "",
        None,
        "experienced",
        ["Information strategy"],
        NHSE,
        "",
        "The national digital maturity assessment and how to use its results in your strategy.",
    ),
    (
        "Clinical coding for clinicians",
        "course",
        "introductory",
        "paid",
        "£120",
        "online",
        "1 day",
        "6",
        "new cnio-cmio",
        ["Quality"],
        "Chartered Institute of Health Information",
        "",
        "How coded data is made from the clinical record, and why it matters for your organisation.",
    ),
    (
        "Summer school 2026: recordings",
        "recording",
        "intermediate",
        "free",
        "",
        "self_paced",
        "6 hours",
        "6",
        "new aspiring",
        ["Careers", "Clinical engagement", "Clinical safety"],
        "CCIO Network",
        "",
        "All six sessions of last summer's CCIO summer school, from clinical safety to leading change.",
    ),
    (
        "Procurement for clinical leaders: webinar recording",
        "recording",
        "intermediate",
        "free",
        "",
        "self_paced",
        "1 hour",
        "1",
        "experienced",
        ["Procurement"],
        "CCIO Network",
        "",
        "How to take part in procurement without becoming a procurement expert.",
    ),
    (
        "Nursing informatics: a CNIO's toolkit",
        "template",
        "intermediate",
        "free",
        "",
        "self_paced",
        "",
        None,
        "cnio-cmio",
        ["Clinical engagement"],
        "CCIO Network",
        "csv",
        "Templates and checklists for chief nursing information officers, shared by members.",
    ),
    (
        "Usability testing a clinical system",
        "guide",
        "advanced",
        "free",
        "",
        "in_person",
        "1 day",
        "6",
        "experienced",
        ["Quality", "Procurement"],
        "CCIO Network",
        "",
        "Run a usability test with clinicians before you buy or configure a system.",
    ),
    (
        "Mentoring scheme for aspiring CCIOs",
        "course",
        "introductory",
        "free",
        "",
        "blended",
        "6 months",
        "12",
        "aspiring",
        ["Careers"],
        "CCIO Network",
        "",
        "Pairing aspiring CCIOs with experienced members for six months.",
    ),
    (
        "Open data and analytics for clinicians",
        "course",
        "intermediate",
        "paid",
        "£200",
        "online",
        "5 weeks",
        "15",
        "aspiring experienced",
        ["AI and analytics"],
        "The Health Foundation",
        "",
        "Learn to read and question the analytics your organisation produces.",
    ),
]

AUDIENCE_FIELDS = {
    "new": "for_new_ccio",
    "experienced": "for_experienced_ccio",
    "aspiring": "for_aspiring",
    "cnio-cmio": "for_cnio_cmio",
}
FEATURED = {"Clinical safety officer training: DCB0129 and DCB0160", "A CCIO's first 100 days"}
ORGANISATION_PROVIDERS = {"University of Manchester": "Manchester University NHS Foundation Trust"}


def _document(kind, title):
    """A small real file of the given type, named for its title."""
    text = f"{title}\n\nCCIO Network demo document.\n"
    if kind == "pdf":
        content = html_to_pdf(f"<h1>{escape(title)}</h1><p>CCIO Network demo document.</p>")
    elif kind == "csv":
        content = b"Item,Owner,Due\nSafety case reviewed,CNIO,2026-04-30\nHazard log updated,CSO,2026-05-31\n"
    else:
        content = _ooxml(kind, text)
    upload = SimpleUploadedFile(f"{slugify(title)}.{kind}", content)
    return process_document(upload)


def _ooxml(kind, text):
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(part, f"<?xml version='1.0'?><root>{text}</root>")
    return buffer.getvalue()


def _resource(n, row, *, editor, topics, now):
    title, kind, level, cost, cost_note, fmt, duration, hours, suits, topic_names, provider, file_kind, summary = row
    slug = slugify(title)[:180]
    resource = Resource.objects.filter(slug=slug).first()
    if resource is not None:
        return resource, False
    resource = Resource(
        slug=slug,
        title=title,
        summary=summary,
        body=f"{summary}\n\n## Why CCIOs use it\n\nMembers recommend it for **{level}** learners.",
        kind=kind,
        level=level,
        cost=cost,
        cost_note=cost_note,
        format=fmt,
        duration=duration,
        cpd_hours=Decimal(hours) if hours else None,
        provider=provider,
        organisation=Organisation.objects.filter(name=ORGANISATION_PROVIDERS.get(provider, "")).first(),
        url="" if file_kind else f"https://example.org/resources/{slug}",
        access=Access.MEMBERS if file_kind else Access.PUBLIC,
        featured=title in FEATURED,
        status=Status.PUBLISHED,
        publish_at=now - dt.timedelta(days=3 * (len(RESOURCES) - n)),
        created_by=editor,
        submitted_by=editor,
        submitted_at=now,
        approved_by=editor,
        approved_at=now,
        **{AUDIENCE_FIELDS[key]: True for key in suits.split()},
    )
    if file_kind:
        document = _document(file_kind, title)
        resource.file = document.file
        resource.file_name = document.original_name
        resource.file_size = document.file.size
    resource._change_reason = "Demo data"
    resource.save()
    resource.topics.set([topics[name] for name in topic_names if name in topics])
    resource.children_state = resource.children_snapshot()
    resource.save(update_fields=["children_state", "updated_at"])
    return resource, True


def _plan_and_log(member, resources, today):
    """Priya's plan, and her CPD log across this appraisal year and the last."""
    plan = [
        ("Clinical safety officer training: DCB0129 and DCB0160", PlanItem.Status.DONE, -40),
        ("Introduction to HL7 FHIR for clinicians", PlanItem.Status.IN_PROGRESS, 30),
        ("FCI Fellowship: the route to FFCI", PlanItem.Status.PLANNED, 200),
        ("Evaluating AI tools in clinical practice", PlanItem.Status.PLANNED, 90),
    ]
    for title, status, days in plan:
        resource = resources.get(title)
        if resource is None:
            continue
        PlanItem.objects.get_or_create(
            member=member,
            resource=resource,
            defaults={
                "status": status,
                "target_date": today + dt.timedelta(days=days),
                "note": "Agreed at my last appraisal." if status != PlanItem.Status.DONE else "",
                "done_at": timezone.now() if status == PlanItem.Status.DONE else None,
            },
        )
    this_year = appraisal_year_start(today)
    entries = [
        (
            dt.date(this_year, 4, 20),
            "Read the digital clinical safety strategy",
            "reading",
            "1",
            "The national picture on **digital clinical safety**.",
            "I added safety to our digital board's agenda.",
        ),
        (
            dt.date(this_year, 5, 14),
            "Taught FY1 doctors about the EPR",
            "teaching",
            "2",
            "Teaching exposes what the system makes hard.",
            "Two usability fixes went to the supplier.",
        ),
        (
            dt.date(this_year - 1, 6, 3),
            "Reflection on our go-live",
            "reflection",
            "1.5",
            "What went well, and what we would change.",
            "I now plan floor-walker rotas earlier.",
        ),
        (
            dt.date(this_year - 1, 9, 12),
            "Clinical coding for clinicians",
            "course",
            "6",
            "How coded data is made from the record.",
            "I review discharge summaries with coders monthly.",
        ),
        (
            dt.date(this_year - 1, 11, 28),
            "NHS ConfedExpo digital sessions",
            "event",
            "4",
            "Three sessions on interoperability.",
            "We joined the regional shared care record board.",
        ),
    ]
    for day, title, kind, hours, learned, impact in entries:
        if day > today:
            continue
        CPDEntry.objects.get_or_create(
            member=member,
            title=title,
            date=day,
            defaults={"type": kind, "hours": Decimal(hours), "learned": learned, "impact": impact},
        )
    done = resources.get("Clinical safety officer training: DCB0129 and DCB0160")
    if done is not None and not CPDEntry.objects.filter(member=member, resource=done).exists():
        CPDEntry.objects.create(
            member=member,
            resource=done,
            title=done.title,
            date=min(today, dt.date(this_year, 7, 1)),
            type=CPDEntry.Type.COURSE,
            hours=done.cpd_hours or Decimal(12),
            learned="How to build a safety case and keep a **hazard log**.",
            impact="I am now our trust's named clinical safety officer for the EPR.",
        )
    # One past event she attended goes into the log; the others wait as offers on her log page.
    attended = Registration.objects.attended().filter(member=member).select_related("event").order_by("-pk").first()
    if attended and not CPDEntry.objects.filter(member=member, event=attended.event).exists():
        event = attended.event
        CPDEntry.objects.create(
            member=member,
            event=event,
            title=event.title,
            date=timezone.localtime(event.starts_at).date(),
            type=CPDEntry.Type.EVENT,
            hours=event.cpd_hours or Decimal(1),
            learned="Heard how other trusts approached it.",
            impact="Shared the slides with our digital board.",
        )


def seed(stdout):
    now = timezone.now()
    today = timezone.localdate()
    editor = person("ed")
    topics = {t.name: t for t in Topic.objects.all()}
    added = 0
    resources = {}
    for n, row in enumerate(RESOURCES):
        resource, created = _resource(n, row, editor=editor, topics=topics, now=now)
        resources[resource.title] = resource
        added += created
    members = ["priya", "james", "sarah", "tom", "fiona", "raj", "helen", "kwame"]
    titles = list(resources)
    for i, username in enumerate(members):
        member = person(username)
        for title in titles[i % 5 :: 4][:6]:
            services.mark_useful(resource=resources[title], member=member)
    _plan_and_log(person("priya"), resources, today)
    in_library = Resource.objects.in_library().count()
    stdout.write(f"Resources: {added} added, {in_library} in the library (event materials included)")
