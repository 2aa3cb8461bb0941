"""A realistic demo forum between the demo members. Idempotent: topics are found by title."""

import datetime as dt

from django.db.models import F, Max
from django.utils import timezone

from accounts.demo import person
from forum import services
from forum.models import Category, Post, Topic

CATEGORIES = [
    # slug, name, description, colour, access
    ("epr-and-procurement", "EPR and procurement", "Choosing, buying and going live with electronic patient records.",
     "#005eb8", Category.Access.MEMBERS),
    ("clinical-safety", "Clinical safety", "DCB0129/0160, hazard logs, safety cases and incidents.",
     "#da291c", Category.Access.MEMBERS),
    ("clinical-engagement", "Clinical engagement", "Getting clinicians involved in digital change, and keeping them.",
     "#007f3b", Category.Access.MEMBERS),
    ("careers-and-development", "Careers and development", "Becoming a CCIO, job plans, training and mentoring.",
     "#7c2855", Category.Access.MEMBERS),
    ("announcements", "Announcements", "News from the network's organisers.", "#425563",
     Category.Access.ANNOUNCEMENTS),
    ("open-discussion", "Open discussion", "Public conversations about digital health, open to all to read.",
     "#00a499", Category.Access.PUBLIC),
]  # fmt: skip

# category slug, title, (author, body), [(author, body), ...], hours ago
TOPICS = [
    (
        "epr-and-procurement",
        "Go-live cutover: how long did your downtime last?",
        ("priya", "We are planning a big-bang EPR go-live next spring. The supplier suggests a 36-hour downtime "
                  "window. How long was yours in practice, and what did you wish you had rehearsed?"),
        [
            ("james", "Ours ran to 41 hours. The biggest win was two full dress rehearsals of the "
                      "**downtime procedures**, including paper drug charts on the wards."),
            ("helen", "Agree with @james. Also: put clinicians in the command centre, not just IT. "
                      "Decisions about what to back-load were clinical decisions."),
            ("priya", "Thank you both. Did you back-load all active medications or only the current inpatients?"),
            ("james", "Current inpatients only, with pharmacy verification before anyone signed off a chart."),
        ],
        50,
    ),
    (
        "epr-and-procurement",
        "Frameworks for buying a new PAS: experiences?",
        ("raj", "We are looking at the procurement frameworks for a new PAS. Any views on which one gave you "
                "the most flexibility on integration requirements?"),
        [("kwame", "We used a mini-competition. Write your interoperability requirements as outcomes, "
                   "not as products, or you will get a very narrow field.")],
        120,
    ),
    (
        "clinical-safety",
        "Hazard log ownership after go-live",
        ("sarah", "Who owns the hazard log once the project team disbands? Ours has drifted to nobody."),
        [
            ("fiona", "We moved it to the clinical safety officer in the digital team, with quarterly review "
                      "at the clinical safety group. It has to have a named owner."),
            ("tom", "Same here, and we added new hazards raised through incident reporting to the log "
                    "automatically each month."),
        ],
        30,
    ),
    (
        "clinical-engagement",
        "Getting consultants to attend design sessions",
        ("aisling", "Design sessions for order sets keep being attended by the same three enthusiasts. "
                    "How do you get busy consultants to come?"),
        [
            ("helen", "Job-planned time. We agreed 0.25 PA for each specialty's digital lead; attendance doubled."),
            ("raj", "Short sessions at lunchtime with food, and showing them the change they asked for last time."),
            ("aisling", "Both great ideas, thank you @helen and @raj."),
        ],
        8,
    ),
    (
        "careers-and-development",
        "CCIO job plans: how many PAs do you have?",
        ("tom", "I am negotiating my job plan. How many PAs do other CCIOs have for the role?"),
        [("fiona", "Two PAs on paper, closer to four in reality. Write down what you actually do for a month.")],
        72,
    ),
    (
        "announcements",
        "Welcome to the CCIO Forum",
        ("mo", "Welcome! This forum is for NHS digital leaders and runs under the **Chatham House rule**: use "
               "what you learn, but never attribute it outside. Flag anything that worries you."),
        [],
        200,
    ),
    (
        "open-discussion",
        "What does good clinical informatics training look like?",
        ("james", "Open question for members and visitors alike: which courses or schemes helped you most "
                  "when you moved into clinical informatics?"),
        [("sarah", "The FCI community and a good mentor. Courses helped, but shadowing a CCIO helped more.")],
        24,
    ),
]  # fmt: skip


def seed(stdout):
    categories = {}
    for order, (slug, name, description, colour, access) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "colour": colour, "access": access, "order": order},
        )
        categories[slug] = category
    created = 0
    now = timezone.now()
    for slug, title, (author, body), replies, hours_ago in TOPICS:
        category = categories[slug]
        if Topic.objects.filter(category=category, title=title).exists():
            continue
        topic = services.topic_create(
            author=person(author), category=category, title=title, body=body, enforce_limits=False
        )
        for reply_author, reply_body in replies:
            services.reply_create(author=person(reply_author), topic=topic, body=reply_body, enforce_limits=False)
        _spread_in_time(topic, now - dt.timedelta(hours=hours_ago))
        created += 1
    for category in categories.values():
        latest = Topic.objects.filter(category=category).aggregate(last=Max("last_posted_at"))["last"]
        Category.objects.filter(pk=category.pk).update(last_posted_at=latest)
    if created:
        stdout.write(f"Forum: {created} demo topics.")


def _spread_in_time(topic, start):
    """Date the posts realistically: the first at `start`, replies an hour or two apart."""
    last = start
    for post in Post.objects.filter(topic=topic).order_by("number"):
        last = start + dt.timedelta(minutes=75 * (post.number - 1))
        Post.objects.filter(pk=post.pk).update(created=last)
    Topic.objects.filter(pk=topic.pk).update(created=start, last_posted_at=last, view_count=F("reply_count") * 7 + 3)
