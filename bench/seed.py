"""Deterministic benchmark data, created in bulk through the models.

The same seed always produces the same rows, so numbers from two runs
compare. Markdown is rendered with the site's own functions.
"""

import datetime as dt
import random
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.text import slugify

from accounts import roles
from accounts.models import User
from articles.models import WORDS_PER_MINUTE, Article
from core.markdown import render_markdown
from editorial.models import Status as EditorialStatus
from editorial.models import Topic as EditorialTopic
from events.models import Event, Registration
from forum.models import Bookmark, Category, Post, Reaction, ReadState, Topic, Watch
from forum.rendering import render_post_body
from messaging.models import Conversation, Message, Participant
from notifications.models import Notification
from profiles.models import DirectoryEntry, Organisation, OrganisationType, Profession, Region, Visibility
from resources.models import Resource
from surveys.models import Answer, Kind, Option, Question, Response, Survey

RARE_WORD = "zanzibarite"
# The signed-in member every signed-in row is measured as: a plain member (no role, so no second factor).
BENCH_MEMBER = "bench-member-0001"
# The category whose watchers a reply notifies (the reply row of the benchmark).
WATCHED_CATEGORY = "bench-category-1"
# Of a topic page, what the benchmark member has read when partly read.
PARTLY_READ = 10
BENCH_PASSWORD = "bench-member-password"  # noqa: S105 - a throwaway database only the benchmark uses
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    members: int
    categories: int
    topics: int
    posts: int
    big_topic_posts: int
    events: int
    registrations: int
    articles: int
    # Private messages of the benchmark member (bench-member-0001): conversations, and the
    # messages in the longest one (the others have three each).
    conversations: int = 0
    big_conversation_messages: int = 0
    # Members watching WATCHED_CATEGORY (never the benchmark member, who posts the reply there).
    watchers: int = 0
    # The benchmark member's own things: bookmarks, notifications (a third unread).
    bookmarks: int = 0
    notifications: int = 0
    # Published library resources, and organisations for directory entries (every member has one).
    resources: int = 0
    organisations: int = 0
    # Submitted responses to one closed survey whose results everyone sees.
    survey_responses: int = 0


SCALES = {
    "full": Scale(3100, 10, 2000, 100_000, 2000, 500, 20_000, 1000, 1000, 2000, 3000, 60, 90, 200, 60, 5000),
    "small": Scale(30, 3, 12, 300, 60, 12, 60, 12, 12, 60, 20, 8, 9, 6, 4, 10),
}

WORDS = (
    "clinical safety case digital maturity electronic patient record procurement go-live order comms "
    "interoperability workflow clinicians engagement informatics board governance dashboard discharge "
    "prescribing observations theatre outpatients pathology radiology ward rounds handover sepsis alerts "
    "usability training champions nurses doctors pharmacists therapists trust system integrated care "
    "funding business case benefits realisation optimisation vendor roadmap data quality coding"
).split()
LINKS = [
    "https://www.england.nhs.uk/digitaltechnology/",
    "https://digital.nhs.uk/services/clinical-safety",
    "https://transform.england.nhs.uk/",
]


def paragraph(rng, *, rare=False):
    """About 300 characters of markdown with bold, italics, code and a link."""
    words = [rng.choice(WORDS) for _ in range(34)]
    words[3] = f"**{words[3]}**"
    words[9] = f"*{words[9]}*"
    words[15] = f"`{words[15]}`"
    words[22] = f"[{words[22]}]({rng.choice(LINKS)})"
    if rare:
        words[28] = RARE_WORD
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def seed(scale, stdout):
    rng = random.Random(20261126)  # noqa: S311 - reproducible data, not security
    now = timezone.now().replace(microsecond=0)
    members = seed_members(scale, now)
    stdout.write(f"  {len(members)} members")
    posts = seed_forum(scale, rng, members, now)
    stdout.write(f"  {scale.topics} topics, {posts} posts")
    registrations = seed_events(scale, rng, members, now)
    stdout.write(f"  {scale.events} events, {registrations} registrations")
    seed_articles(scale, rng, members, now)
    stdout.write(f"  {scale.articles} articles")
    messages = seed_messaging(scale, rng, members, now)
    stdout.write(f"  {scale.conversations} conversations, {messages} private messages")
    seed_directory(scale, rng, members)
    stdout.write(f"  {len(members)} directory entries, {scale.organisations} organisations")
    seed_resources(scale, rng, now)
    stdout.write(f"  {scale.resources} resources")
    seed_watchers(scale, members)
    stdout.write(f"  {scale.watchers} members watching {WATCHED_CATEGORY}")
    seed_member_things(scale, rng, members, now)
    stdout.write(f"  {scale.bookmarks} bookmarks and {scale.notifications} notifications of {BENCH_MEMBER}")
    read = reset_member_state()
    stdout.write(f"  {read} topics in the read state of {BENCH_MEMBER}")
    seed_survey(scale, rng, now)
    stdout.write(f"  a survey with {scale.survey_responses} responses")


def seed_members(scale, now):
    password = make_password(BENCH_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-member-{n:04d}",
                email=f"bench.member.{n:04d}@nhs.net",
                display_name=f"Dr Bench Member {n:04d}",
                password=password,
                date_joined=now - dt.timedelta(days=400),
            )
            for n in range(1, scale.members + 1)
        ],
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users], batch_size=BATCH
    )
    members_group = Group.objects.get(name=roles.MEMBERS)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=members_group.pk) for u in users], batch_size=BATCH
    )
    return users


def _posts_per_topic(scale, rng):
    """The first topic is the big one; the rest share what is left, about evenly."""
    counts = [scale.big_topic_posts]
    others = scale.topics - 1
    remaining = scale.posts - scale.big_topic_posts
    average = remaining // others
    for _ in range(others - 1):
        counts.append(max(1, average + rng.randint(-average // 3, average // 3)))
    counts.append(max(1, scale.posts - sum(counts)))
    return counts


def seed_forum(scale, rng, members, now):
    accesses = [Category.Access.PUBLIC, Category.Access.MEMBERS]
    categories = Category.objects.bulk_create(
        [
            Category(
                name=f"Bench category {n}",
                slug=f"bench-category-{n}",
                description="Benchmark discussions",
                order=n,
                access=accesses[n % 2] if n else Category.Access.PUBLIC,
            )
            for n in range(scale.categories)
        ]
    )
    counts = _posts_per_topic(scale, rng)
    topics = []
    for n, count in enumerate(counts):
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} and {rng.choice(WORDS)} {n}"
        topics.append(
            Topic(
                category=categories[n % len(categories)],
                title=title,
                slug=slugify(title)[:80],
                author=members[n % len(members)],
                last_number=count,
                reply_count=count - 1,
                last_posted_at=now - dt.timedelta(minutes=n),
            )
        )
    topics = Topic.objects.bulk_create(topics, batch_size=BATCH)

    serial = 0
    batch = []
    last_posts = {}
    for topic, count in zip(topics, counts, strict=True):
        for number in range(1, count + 1):
            serial += 1
            body = paragraph(rng, rare=serial % 200 == 0)
            batch.append(
                Post(
                    topic=topic,
                    number=number,
                    author=members[(serial * 7) % len(members)],
                    body=body,
                    body_html=render_post_body(body),
                )
            )
        if len(batch) >= BATCH:
            _flush_posts(batch, last_posts)
            batch = []
    _flush_posts(batch, last_posts)

    for topic in topics:
        topic.last_post_id = last_posts[topic.pk]
    Topic.objects.bulk_update(topics, ["last_post"], batch_size=BATCH)
    for category in categories:
        mine = [c for t, c in zip(topics, counts, strict=True) if t.category_id == category.pk]
        category.topic_count = len(mine)
        category.post_count = sum(mine)
        category.last_posted_at = now
    Category.objects.bulk_update(categories, ["topic_count", "post_count", "last_posted_at"])
    _index_posts()
    return serial


def _flush_posts(batch, last_posts):
    for post in Post.objects.bulk_create(batch, batch_size=BATCH):
        last_posts[post.topic_id] = post.pk  # posts arrive in number order


def _index_posts():
    """The same vector forum.services.update_search_vector keeps: title (first post) A, body B."""
    if connection.vendor != "postgresql":
        return
    body = SearchVector("body", weight="B", config="english")
    Post.objects.filter(number__gt=1).update(search_vector=body)
    title = Subquery(Topic.objects.filter(pk=OuterRef("topic_id")).values("title")[:1])
    Post.objects.filter(number=1).update(search_vector=SearchVector(title, weight="A", config="english") + body)


def seed_events(scale, rng, members, now):
    kinds = list(Event.Kind.values)
    formats = list(Event.Format.values)
    events = []
    for n in range(scale.events):
        # Half in the past year, half in the coming year, on weekdays at 09:00 or 14:00 London time.
        day = (now + dt.timedelta(days=(n - scale.events // 2) * 365 // max(1, scale.events // 2))).date()
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9 if n % 2 else 14)))
        title = f"{rng.choice(WORDS).title()} {rng.choice(['roundtable', 'webinar', 'meeting'])} {n}"
        description = "\n\n".join(paragraph(rng) for _ in range(3))
        events.append(
            Event(
                title=title,
                slug=f"bench-{slugify(title)}",
                summary=paragraph(rng)[:280],
                description=description,
                description_html=render_markdown(description),
                kind=kinds[n % len(kinds)],
                format=formats[n % len(formats)],
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                venue_name="The Studio, Birmingham",
                venue_address="7 Cannon Street, Birmingham",
                venue_postcode="B2 5EP",
                join_url="https://meet.example/ccio",
                capacity=60 if n % 3 else None,
                status=Event.Status.PUBLISHED,
            )
        )
    events = Event.objects.bulk_create(events, batch_size=BATCH)

    per_event = scale.registrations // len(events)
    registrations = []
    for n, event in enumerate(events):
        for k in range(per_event):
            member = members[(n * per_event + k) % len(members)]
            confirmed = event.capacity is None or k < event.capacity
            registrations.append(
                Registration(
                    event=event,
                    member=member,
                    status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                    confirmed_at=now if confirmed else None,
                    waitlisted_at=None if confirmed else now + dt.timedelta(seconds=k),
                )
            )
        event.confirmed_count = per_event if event.capacity is None else min(per_event, event.capacity)
        event.waitlist_count = per_event - event.confirmed_count
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    Event.objects.bulk_update(events, ["confirmed_count", "waitlist_count"], batch_size=BATCH)
    return len(registrations)


def seed_articles(scale, rng, members, now):
    topics = [
        EditorialTopic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
        for name in ["Information strategy", "Clinical engagement", "Procurement", "Quality", "Careers"]
    ]
    articles = []
    for n in range(scale.articles):
        title = f"{rng.choice(WORDS).title()} lessons from {rng.choice(WORDS)} {n}"
        body = "\n\n".join(paragraph(rng) for _ in range(12))
        articles.append(
            Article(
                title=title,
                slug=slugify(title)[:80],
                standfirst=paragraph(rng)[:280],
                body=body,
                body_html=render_markdown(body),
                status=EditorialStatus.PUBLISHED,
                publish_at=now - dt.timedelta(hours=n),
                featured=n == 0,
                reading_minutes=max(1, round(len(body.split()) / WORDS_PER_MINUTE)),
                seo_description=paragraph(rng)[:150],
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=BATCH)
    Article.topics.through.objects.bulk_create(
        [Article.topics.through(article_id=a.pk, topic_id=topics[i % len(topics)].pk) for i, a in enumerate(articles)]
        + [
            Article.topics.through(article_id=a.pk, topic_id=topics[(i + 2) % len(topics)].pk)
            for i, a in enumerate(articles)
        ],
        batch_size=BATCH,
    )
    Author = Article.authors.through
    Author.objects.bulk_create(
        [Author(article_id=a.pk, user_id=members[i % len(members)].pk) for i, a in enumerate(articles)],
        batch_size=BATCH,
    )


def seed_messaging(scale, rng, members, now):
    """The benchmark member's inbox: conversations with other members, the first one long, all read."""
    if not scale.conversations:
        return 0
    me, others = members[0], members[1:]
    sizes = [scale.big_conversation_messages] + [3] * (scale.conversations - 1)
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                subject=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
                started_by=others[n % len(others)],
                created=now - dt.timedelta(days=30),
                last_number=size,
                last_message_at=now - dt.timedelta(minutes=n),
            )
            for n, size in enumerate(sizes)
        ],
        batch_size=BATCH,
    )
    participants = []
    for n, (conversation, size) in enumerate(zip(conversations, sizes, strict=True)):
        participants.append(Participant(conversation=conversation, user=me, last_read_number=size))
        participants.append(
            Participant(conversation=conversation, user=others[n % len(others)], last_read_number=size)
        )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    batch, total = [], 0
    for n, (conversation, size) in enumerate(zip(conversations, sizes, strict=True)):
        pair = (others[n % len(others)], me)
        for number in range(1, size + 1):
            body = paragraph(rng)
            batch.append(
                Message(
                    conversation=conversation,
                    number=number,
                    author=pair[number % 2],
                    body=body,
                    body_html=render_markdown(body),
                    created=now - dt.timedelta(days=30) + dt.timedelta(seconds=number),
                )
            )
            total += 1
        if len(batch) >= BATCH:
            Message.objects.bulk_create(batch, batch_size=BATCH)
            batch = []
    Message.objects.bulk_create(batch, batch_size=BATCH)
    if connection.vendor == "postgresql":
        Message.objects.filter(conversation__in=conversations).update(
            search_vector=SearchVector("body", weight="B", config="english")
        )
    return total


def seed_directory(scale, rng, members):
    """An entry for every member: most shared with members, one in ten with everyone, a few hidden."""
    if not scale.organisations:
        return
    types, regions = list(OrganisationType.values), list(Region.values)
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Bench {rng.choice(WORDS).title()} NHS Foundation Trust {n}",
                type=types[n % len(types)],
                region=regions[n % len(regions)],
                ods_code=f"B{n:02d}",
            )
            for n in range(scale.organisations)
        ]
    )
    professions = list(Profession.values)
    bio = "Clinical lead for the **electronic patient record**; interested in *clinical safety* and training."
    bio_html = render_markdown(bio)
    entries = []
    for n, member in enumerate(members):
        if n and n % 29 == 0:
            visibility = Visibility.NOBODY
        elif n % 10 == 0:
            visibility = Visibility.EVERYONE
        else:
            visibility = Visibility.MEMBERS
        entries.append(
            DirectoryEntry(
                user=member,
                job_title="Chief Clinical Information Officer" if n % 3 == 0 else "Clinical Safety Officer",
                organisation=organisations[n % len(organisations)],
                profession=professions[n % len(professions)],
                specialty=rng.choice(WORDS).title(),
                years_in_practice=5 + n % 30,
                interests="EPR, clinical safety, interoperability",
                bio=bio,
                bio_html=bio_html,
                links="https://www.england.nhs.uk/digitaltechnology/",
                visibility=visibility,
            )
        )
    DirectoryEntry.objects.bulk_create(entries, batch_size=BATCH)


def seed_resources(scale, rng, now):
    """The learning library: published resources, a quarter for members only, a few featured."""
    if not scale.resources:
        return
    from resources.models import Access, Cost, Format, Level
    from resources.models import Kind as ResourceKind

    topics = list(EditorialTopic.objects.order_by("pk"))
    kinds, levels, costs, formats = (list(c.values) for c in (ResourceKind, Level, Cost, Format))
    resources = []
    for n in range(scale.resources):
        title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} guide {n}"
        body = "\n\n".join(paragraph(rng) for _ in range(4))
        resources.append(
            Resource(
                title=title,
                slug=f"bench-{slugify(title)}"[:180],
                summary=paragraph(rng)[:280],
                body=body,
                body_html=render_markdown(body),
                kind=kinds[n % len(kinds)],
                level=levels[n % len(levels)],
                cost=costs[n % len(costs)],
                format=formats[n % len(formats)],
                provider="Faculty of Clinical Informatics",
                url=f"https://example.org/resources/{n}",
                access=Access.MEMBERS if n % 4 == 0 else Access.PUBLIC,
                featured=n < 3,
                for_new_ccio=n % 2 == 0,
                for_experienced_ccio=n % 3 == 0,
                cpd_hours=n % 12 + 1,
                status=EditorialStatus.PUBLISHED,
                publish_at=now - dt.timedelta(days=n + 1),
            )
        )
    resources = Resource.objects.bulk_create(resources, batch_size=BATCH)
    if topics:
        Resource.topics.through.objects.bulk_create(
            [
                Resource.topics.through(resource_id=r.pk, topic_id=topics[i % len(topics)].pk)
                for i, r in enumerate(resources)
            ],
            batch_size=BATCH,
        )
    if connection.vendor == "postgresql":
        Resource.objects.filter(pk__in=[r.pk for r in resources]).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("summary", "provider", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )


def seed_watchers(scale, members):
    """scale.watchers members watch WATCHED_CATEGORY, so a reply there notifies each of them."""
    if not scale.watchers:
        return
    if scale.watchers >= len(members):
        raise ValueError("The watchers must leave out the benchmark member, who posts the reply.")
    category = Category.objects.get(slug=WATCHED_CATEGORY)
    Watch.objects.bulk_create(
        [
            Watch(user=member, category=category, level=Watch.Level.WATCHING)
            for member in members[1 : scale.watchers + 1]
        ],
        batch_size=BATCH,
    )


def seed_member_things(scale, rng, members, now):
    """What the benchmark member has of their own: watched topics, likes, bookmarks, notifications."""
    me = members[0]
    topics = list(Topic.objects.order_by("pk").only("pk", "title", "slug", "category_id", "last_number"))
    # Watches a topic in twenty, and has liked posts 2, 5 and 9 of every topic (the topic pages show them).
    Watch.objects.bulk_create(
        [Watch(user=me, topic=topic, level=Watch.Level.WATCHING) for topic in topics[::20]], batch_size=BATCH
    )
    liked = Post.objects.filter(number__in=[2, 5, 9]).exclude(author=me)
    Reaction.objects.bulk_create(
        [Reaction(post_id=pk, user=me) for pk in liked.values_list("pk", flat=True)], batch_size=BATCH
    )
    liked.update(like_count=1)
    # Bookmarks: one post in each of the first topics.
    posts = Post.objects.filter(topic__in=topics[: scale.bookmarks], number=2).order_by("topic_id")
    Bookmark.objects.bulk_create([Bookmark(post=post, user=me) for post in posts[: scale.bookmarks]], batch_size=BATCH)
    # Notifications: replies in topics they watch, the newest third unread.
    notifications = []
    for n in range(scale.notifications):
        topic = topics[(n * 20) % len(topics)]
        notifications.append(
            Notification(
                recipient=me,
                kind="forum.reply",
                actor=members[1 + n % (len(members) - 1)],
                actor_named=True,
                title=f'replied to "{topic.title}"',
                url=topic.get_absolute_url(),
                body=paragraph(rng)[:200],
                created_at=now - dt.timedelta(hours=n),
                read_at=None if n < scale.notifications // 3 else now - dt.timedelta(hours=n),
                emailed_at=now - dt.timedelta(hours=n),
            )
        )
    Notification.objects.bulk_create(notifications, batch_size=BATCH)


def read_position(index, last_number):
    """How far the benchmark member has read the topic created index-th: None when never opened.

    The big topic (the first) is read but for its last five posts; two topics in ten were never
    opened, two in ten are read to PARTLY_READ posts, the rest to the end.
    """
    if index == 0:
        return max(0, last_number - 5)
    if index % 10 in (0, 7):
        return None
    if index % 10 in (3, 4):
        return min(PARTLY_READ, last_number - 1)
    return last_number


def reset_member_state():
    """Put the benchmark member's read state back as seeded; returns how many topics it covers.

    A benchmark run reads pages as this member and so moves it on; each run starts from the same place.
    """
    me = User.objects.get(username=BENCH_MEMBER)
    ReadState.objects.filter(user=me).delete()
    rows = []
    for index, (pk, last_number) in enumerate(Topic.objects.order_by("pk").values_list("pk", "last_number")):
        position = read_position(index, last_number)
        if position is not None:
            rows.append(ReadState(user=me, topic_id=pk, last_read_number=position))
    ReadState.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


SURVEY_SLUG = "bench-survey"


def seed_survey(scale, rng, now):
    """A closed survey, results public, one question of each type, answered by scale.survey_responses."""
    survey = Survey.objects.create(
        title="Benchmark survey",
        slug=SURVEY_SLUG,
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
        anonymous=True,
        results_visibility="everyone",
        status=EditorialStatus.PUBLISHED,
        publish_at=now - dt.timedelta(days=30),
    )
    specs = [
        (Kind.NUMBER, {"min_value": 0, "max_value": 5, "unit": "days a week"}, []),
        (Kind.NUMBER, {"min_value": 0, "max_value": 7, "unit": "days a week"}, []),
        (Kind.MULTIPLE, {"allow_other": True}, ["Strategy", "Engagement", "EPR", "Safety", "Interoperability"]),
        (Kind.SINGLE, {}, ["Yes", "No"]),
        (Kind.SCALE, {"min_value": 1, "max_value": 5}, []),
        (Kind.LONG_TEXT, {"required": False}, []),
    ]
    questions, options = [], {}
    for position, (kind, extra, labels) in enumerate(specs):
        question = Question.objects.create(
            survey=survey, position=position, kind=kind, text=f"Benchmark question {position}", **extra
        )
        questions.append(question)
        options[question.pk] = [
            Option.objects.create(question=question, position=n, label=label) for n, label in enumerate(labels)
        ]
    regions = ["london", "north-west", "midlands", "wales", "scotland"]
    responses = Response.objects.bulk_create(
        [
            Response(survey=survey, status="submitted", region=rng.choice(regions))
            for _ in range(scale.survey_responses)
        ],
        batch_size=BATCH,
    )
    contracted, worked, priorities, authority, scale_q, comments = questions
    answers = []
    for response in responses:
        answers.append(Answer(response=response, question=contracted, number=rng.choice([1, 1.5, 2, 2.5, 3])))
        answers.append(Answer(response=response, question=worked, number=rng.choice([2, 2.5, 3, 4, 5])))
        for option in rng.sample(options[priorities.pk], 2):
            answers.append(Answer(response=response, question=priorities, option=option))
        answers.append(Answer(response=response, question=authority, option=rng.choice(options[authority.pk])))
        answers.append(Answer(response=response, question=scale_q, number=rng.randint(1, 5)))
        if rng.random() < 0.2:
            answers.append(Answer(response=response, question=comments, text=paragraph(rng)[:300]))
    Answer.objects.bulk_create(answers, batch_size=BATCH)
