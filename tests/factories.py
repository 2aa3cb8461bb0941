"""Factories for every app's tests. One section per app."""

import itertools

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


# --- events -----------------------------------------------------------------


def _in_days(days, hour=9):
    """A London wall-clock time `days` from today."""
    import datetime as dt

    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _later(moment, minutes):
    import datetime as dt

    return moment + dt.timedelta(minutes=minutes)


class EventFactory(factory.django.DjangoModelFactory):
    """A published online roundtable next week, with places for 20."""

    class Meta:
        model = "events.Event"

    title = factory.Sequence(lambda n: f"CCIO roundtable {n}")
    slug = factory.Sequence(lambda n: f"ccio-roundtable-{n}")
    summary = "CCIOs compare notes on a topic of the month."
    description = "We will discuss **EPR optimisation**."
    kind = "roundtable"
    format = "online"
    starts_at = factory.LazyFunction(lambda: _in_days(7))
    ends_at = factory.LazyAttribute(lambda e: _later(e.starts_at, 60))
    join_url = "https://meet.example.org/ccio-roundtable"
    capacity = 20
    status = "published"


class InPersonEventFactory(EventFactory):
    format = "in_person"
    kind = "regional"
    venue_name = "Birmingham Council House"
    venue_address = "Victoria Square, Birmingham"
    venue_postcode = "B1 1BB"
    join_url = ""


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Speaker"

    name = factory.Faker("name", locale="en_GB")
    job_title = "Chief Clinical Information Officer"
    organisation = "Example NHS Foundation Trust"
    bio = "A CCIO for ten years."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory, kind="conference")
    title = factory.Sequence(lambda n: f"Session {n}")
    abstract = "What we learned."
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: _later(s.starts_at, 45))
    track = "Track A"
    format = "talk"


# --- editorial, profiles, articles -------------------------------------------


def _editorial_now(days=0):
    import datetime as dt

    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=days)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "editorial.Topic"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Topic {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article by default; pass status="draft" etc. for others."""

    class Meta:
        model = "articles.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "What CCIOs learned this year."
    body = "## Lessons\n\nClinicians first, **always**."
    status = "published"
    publish_at = factory.LazyFunction(lambda: _editorial_now(-1))

    @factory.post_generation
    def topics(article, create, extracted, **kwargs):
        if create and extracted:
            article.topics.add(*extracted)

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if create and extracted:
            article.authors.add(*extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "profiles.Organisation"

    name = factory.Sequence(lambda n: f"Example NHS Trust {n}")
    type = "acute"
    region = "london"
    ods_code = factory.Sequence(lambda n: f"R{n:04d}")


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "profiles.DirectoryEntry"

    user = factory.SubFactory(MemberFactory)
    job_title = "Chief Clinical Information Officer"
    organisation = factory.SubFactory(OrganisationFactory)
    profession = "doctor"
    visibility = "members"


class CCIOProfileFactory(factory.django.DjangoModelFactory):
    """A published CCIO profile by default."""

    class Meta:
        model = "profiles.CCIOProfile"

    name = factory.Faker("name", locale="en_GB")
    headline = factory.Sequence(lambda n: f"Profile headline {n}")
    slug = factory.Sequence(lambda n: f"profile-{n}")
    standfirst = "A CCIO on ten years of digital change."
    organisation = factory.SubFactory(OrganisationFactory)
    status = "published"
    publish_at = factory.LazyFunction(lambda: _editorial_now(-1))


# --- forum ------------------------------------------------------------------


class CategoryFactory(factory.django.DjangoModelFactory):
    """A members-only forum category unless access= says otherwise."""

    class Meta:
        model = "forum.Category"

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Discussion among CCIOs."


def make_topic(*, author, category=None, title="EPR go-live lessons", body=None):
    """A topic with its first post, made through the forum's service (counters and numbers kept right)."""
    from forum.services import topic_create

    body = body or f"How did your go-live go? (question {next(_reply_numbers)})"
    return topic_create(author=author, category=category or CategoryFactory(), title=title, body=body)


def make_reply(*, topic, author, body=None):
    from forum.services import reply_create

    return reply_create(author=author, topic=topic, body=body or f"A reply, number {next(_reply_numbers)}.")


_reply_numbers = itertools.count(1)


def bulk_posts(topic, count, *, author):
    """Add `count` replies to a topic in bulk (for query budgets over large topics)."""
    from django.db.models import F
    from django.utils import timezone

    from forum.models import Post, Topic

    start = topic.last_number + 1
    Post.objects.bulk_create(
        [
            Post(topic=topic, number=n, author=author, body=f"Reply {n}", body_html=f"<p>Reply {n}</p>")
            for n in range(start, start + count)
        ],
        batch_size=1000,
    )
    last = Post.objects.get(topic=topic, number=start + count - 1)
    Topic.objects.filter(pk=topic.pk).update(
        last_number=F("last_number") + count,
        reply_count=F("reply_count") + count,
        last_post=last,
        last_posted_at=timezone.now(),
    )
    topic.refresh_from_db()
    return topic


# --- resources ----------------------------------------------------------------


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, public resource with a link by default."""

    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = "A short course for clinicians new to digital leadership."
    body = "## What you will learn\n\nHow to lead **safely**."
    kind = "course"
    provider = "Faculty of Clinical Informatics"
    url = "https://example.org/course"
    level = "introductory"
    cost = "free"
    format = "online"
    cpd_hours = 3
    for_new_ccio = True
    status = "published"
    publish_at = factory.LazyFunction(lambda: _editorial_now(-1))

    @factory.post_generation
    def topics(resource, create, extracted, **kwargs):
        if create and extracted:
            resource.topics.add(*extracted)


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.PlanItem"

    member = factory.SubFactory(MemberFactory)
    resource = factory.SubFactory(ResourceFactory)


class CPDEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.CPDEntry"

    member = factory.SubFactory(MemberFactory)
    date = factory.LazyFunction(lambda: _editorial_now(-3).date())
    title = factory.Sequence(lambda n: f"CPD activity {n}")
    type = "course"
    hours = 2
    learned = "How **clinical safety** cases are built."
    impact = "I now review hazard logs monthly."


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- messaging ----------------------------------------------------------------

_message_numbers = itertools.count(1)


def make_conversation(*, starter, recipients, subject="A private word", body=None):
    """A conversation between members, through the service (numbers, read state and counters right)."""
    from messaging.services import conversation_start

    body = body or f"Hello, can we talk? (message {next(_message_numbers)})"
    return conversation_start(starter=starter, recipients=recipients, subject=subject, body=body, enforce_limits=False)


def make_message(*, conversation, author, body=None):
    from messaging.services import reply_create

    body = body or f"A message, number {next(_message_numbers)}."
    return reply_create(author=author, conversation=conversation, body=body, enforce_limits=False)


def bulk_messages(conversation, count, *, authors):
    """Add `count` messages to a conversation in bulk (for query budgets over long conversations)."""
    from django.db.models import F
    from django.utils import timezone

    from messaging.models import Conversation, Message

    start = conversation.last_number + 1
    Message.objects.bulk_create(
        [
            Message(
                conversation=conversation,
                number=n,
                author=authors[n % len(authors)],
                body=f"Message {n}",
                body_html=f"<p>Message {n}</p>",
            )
            for n in range(start, start + count)
        ],
        batch_size=1000,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_number=F("last_number") + count, last_message_at=timezone.now()
    )
    conversation.refresh_from_db()
    _header_counts_changed(conversation.participants.values_list("user_id", flat=True))
    return conversation


def bulk_conversations(count, *, starter, other, unread=True):
    """`count` conversations between two members, each with one message, in bulk."""
    from django.utils import timezone

    from messaging.models import Conversation, Message, Participant

    now = timezone.now()
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(subject=f"Bulk conversation {n}", started_by=starter, last_number=1, last_message_at=now)
            for n in range(count)
        ],
        batch_size=1000,
    )
    Participant.objects.bulk_create(
        [Participant(conversation=c, user=starter, last_read_number=1) for c in conversations]
        + [Participant(conversation=c, user=other, last_read_number=0 if unread else 1) for c in conversations],
        batch_size=1000,
    )
    Message.objects.bulk_create(
        [
            Message(conversation=c, number=1, author=starter, body=f"Bulk {c.pk}", body_html=f"<p>Bulk {c.pk}</p>")
            for c in conversations
        ],
        batch_size=1000,
    )
    _header_counts_changed([starter.pk, other.pk])  # as the messaging services do
    return conversations


def _header_counts_changed(user_ids):
    from notifications.header import counts_changed

    counts_changed(user_ids)


# --- surveys -----------------------------------------------------------------


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published, open, named members' survey whose results everyone sees once it closes."""

    class Meta:
        model = "surveys.Survey"

    title = factory.Sequence(lambda n: f"Member survey {n}")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    introduction = "Tell us how your role works."
    opens_at = factory.LazyFunction(lambda: _editorial_now(-1))
    closes_at = factory.LazyFunction(lambda: _editorial_now(7))
    results_visibility = "everyone"
    status = "published"
    publish_at = factory.LazyFunction(lambda: _editorial_now(-1))


def make_question(survey, kind, text=None, *, options=(), poll=None, **fields):
    """A question (with its options) at the end of the survey."""
    from surveys.models import Option, Question

    position = survey.questions.count() if survey is not None else 0
    question = Question.objects.create(
        survey=survey, poll=poll, kind=kind, text=text or f"{kind} question", position=position, **fields
    )
    for n, label in enumerate(options):
        Option.objects.create(question=question, label=label, position=n)
    return question
