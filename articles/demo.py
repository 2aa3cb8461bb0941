"""Twelve demo articles across topics: one featured, one scheduled, one draft."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from articles.models import Article
from editorial.demo_images import picture
from editorial.models import Status, Topic

# (title, topics, authors, featured, status, days from now)
ARTICLES = [
    ("Writing an information strategy clinicians will read", ["Information strategy"], ["priya"], True, "p", -2),
    ("Ten ways to bring consultants into EPR design", ["Clinical engagement"], ["james"], False, "p", -5),
    ("What we learned buying an EPR", ["Procurement"], ["helen", "raj"], False, "p", -9),
    ("Hazard logs without the tears", ["Clinical safety", "Quality"], ["sarah"], False, "p", -12),
    ("From registrar to CCIO: a career in five moves", ["Careers"], ["tom"], False, "p", -16),
    ("Shared care records across the border", ["Interoperability"], ["fiona", "aisling"], False, "p", -20),
    ("Measuring the quality of digital care", ["Quality", "AI and analytics"], ["priya"], False, "p", -24),
    ("Two days contracted, three days worked", ["Careers", "Clinical engagement"], ["kwame"], False, "p", -30),
    ("Writing a business case the board will fund", ["Information strategy", "Procurement"], ["raj"], False, "p", -35),
    ("AI scribes in outpatients: first results", ["AI and analytics", "Clinical safety"], ["helen"], False, "p", -40),
    ("The conference programme is out", ["Careers"], ["ed"], False, "scheduled", 3),
    ("Draft: nursing documentation audit", ["Quality"], ["sarah"], False, "draft", None),
]

BODY = """## Why it matters

CCIOs spend most of their week in clinical work. Every hour on the role counts, so we asked
members what **actually** helped.

## What worked

1. Start with a problem clinicians already feel.
2. Show the change on a real ward, not in a slide deck.
3. Measure it, and say what did not work.

> The best digital projects are clinical projects that happen to use computers.

Read more in the [NHS England guidance](https://www.england.nhs.uk/digitaltechnology/).
"""


def seed(stdout):
    now = timezone.now()
    editor = User.objects.filter(username="ed").first()
    for n, (title, topic_names, usernames, featured, status, days) in enumerate(ARTICLES):
        slug = title.lower().replace(":", "").replace(",", "").replace(" ", "-")[:150]
        state = {"p": Status.PUBLISHED, "scheduled": Status.SCHEDULED, "draft": Status.DRAFT}[status]
        article, created = Article.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "standfirst": f"{title}: what CCIOs across the network told us.",
                "body": BODY,
                "featured": featured,
                "status": state,
                "publish_at": None if days is None else now + dt.timedelta(days=days),
                "hero_alt": "An abstract illustration in NHS blue",
                "hero_caption": "Illustration: CCIO Network",
                "seo_description": f"{title}. Advice from NHS Chief Clinical Information Officers.",
                "created_by": editor,
                "submitted_by": editor if state != Status.DRAFT else None,
                "submitted_at": now if state != Status.DRAFT else None,
                "approved_by": editor if state != Status.DRAFT else None,
                "approved_at": now if state != Status.DRAFT else None,
            },
        )
        if created:
            article.hero_image.save(f"demo-hero-{n}.jpg", picture(n, size=(1200, 675)), save=True)
            article.topics.set(Topic.objects.filter(name__in=topic_names))
            article.authors.set(User.objects.filter(username__in=usernames))
            article.children_state = article.children_snapshot()
            article.save()
    stdout.write(f"Articles: {Article.objects.count()} ({Article.objects.published().count()} published)")
