"""Every page a signed-in member uses runs at most 8 queries, however much data there is.

Members are the normal case (the forum is members-only), so these budgets are
for a signed-in member with read state, likes, bookmarks, notifications,
places at events and conversations of their own, with the page rendered
afresh (nothing cached yet), again (as it is most of the time) and after
content changed somewhere on the site (the member's own kept parts, their
account and header, are still kept then: only what everyone shares is built
again).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.measure import is_write
from core.content_cache import content_changed
from events.models import Registration
from forum.models import Bookmark, Reaction
from tests import factories

pytestmark = pytest.mark.django_db

BUDGET = 8
# The first view after content changed also builds what is then shared (the home page's sections, and the
# member's own survey invitation with the moment it next changes by the clock).
FIRST_VIEW_BUDGET = 16


def _data(scale, alice, bob, public_cat, members_cat):
    topics = []
    for n in range(scale):
        category = public_cat if n % 2 else members_cat
        topic = factories.make_topic(author=bob, category=category, title=f"Topic number {n}", body=f"Body {n}")
        reply = factories.make_reply(topic=topic, author=alice if n % 3 else bob, body=f"Reply {n}")
        if n % 3 == 0:
            Reaction.objects.create(post=reply, user=alice)
            Bookmark.objects.create(post=reply, user=alice)
        topics.append(topic)
    big = topics[0]
    big.refresh_from_db()
    factories.bulk_posts(big, 40 * scale, author=bob)
    for n in range(scale):
        factories.NotificationFactory(recipient=alice)
        event = factories.EventFactory(starts_at=timezone.now() + dt.timedelta(days=n + 1, hours=2))
        event.ends_at = event.starts_at + dt.timedelta(hours=1)
        event.save()
        Registration.objects.create(event=event, member=alice, status="confirmed")
        factories.ArticleFactory(topics=[factories.TopicFactory()], featured=n == 0)
        factories.ResourceFactory()
        factories.DirectoryEntryFactory()
        factories.CCIOProfileFactory()
    conversation = factories.make_conversation(starter=bob, recipients=[alice])
    factories.bulk_messages(conversation, 10 * scale, authors=[alice, bob])
    factories.bulk_conversations(scale, starter=bob, other=alice)
    factories.DirectoryEntryFactory(user=bob)
    survey = _closed_survey(scale)
    return big, event, conversation, survey


def _closed_survey(responses):
    from surveys.models import Answer, Kind, Response

    now = timezone.now()
    survey = factories.SurveyFactory(
        anonymous=True, opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1)
    )
    choice = factories.make_question(survey, Kind.SINGLE, options=["Yes", "No"])
    number = factories.make_question(survey, Kind.NUMBER, min_value=0, max_value=7)
    options = list(choice.options.all())
    for n in range(responses):
        response = Response.objects.create(survey=survey, status="submitted")
        Answer.objects.create(response=response, question=choice, option=options[n % 2])
        Answer.objects.create(response=response, question=number, number=n % 7)
    return survey


def _pages(big, event, conversation, survey, public_cat):
    from articles.models import Article

    month = timezone.localtime(event.starts_at)
    return [
        "/",
        reverse("forum:index"),
        public_cat.get_absolute_url(),
        big.get_absolute_url(),
        f"{big.get_absolute_url()}?page={big.page_count}",
        reverse("forum:latest"),
        reverse("forum:unread"),
        reverse("forum:bookmarks"),
        reverse("notifications:list"),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("events:calendar", args=[month.year, month.month]),
        reverse("events:my_events"),
        reverse("articles:list"),
        Article.objects.published().first().get_absolute_url(),
        reverse("profiles:directory"),
        reverse("profiles:member_detail", args=["bob"]),
        reverse("resources:list"),
        reverse("messaging:inbox"),
        reverse("surveys:results", args=[survey.slug]),
        f"{conversation.get_absolute_url()}?page={conversation.page_count}",
    ]


@pytest.mark.parametrize("scale", [2, 12])
def test_every_member_page_stays_within_budget(
    scale, alice, bob, alice_client, public_cat, members_cat, django_assert_max_num_queries, settings
):
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 10_000
    settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 10_000
    # As in production, where sessions are read from Redis (settings: cached_db with REDIS_URL).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    big, event, conversation, survey = _data(scale, alice, bob, public_cat, members_cat)
    urls = _pages(big, event, conversation, survey, public_cat)
    for url in urls:
        for attempt, budget in (("afresh", FIRST_VIEW_BUDGET), ("again", BUDGET)):
            with django_assert_max_num_queries(budget, info=f"{url} ({attempt})"):
                response = alice_client.get(url)
            assert response.status_code == 200, url
    for url in urls:
        content_changed()
        with django_assert_max_num_queries(BUDGET, info=f"{url} (after content changed)"):
            response = alice_client.get(url)
        assert response.status_code == 200, url


def test_a_plain_read_writes_nothing_and_reading_further_writes_once(alice, bob, alice_client, public_cat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = factories.make_topic(author=bob, category=public_cat, title="Read me", body="First")
    alice_client.get(topic.get_absolute_url())
    factories.make_reply(topic=topic, author=bob, body="Second")

    def writes():
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(topic.get_absolute_url()).status_code == 200
        return [q["sql"] for q in queries if is_write(q["sql"])]

    # One statement on PostgreSQL (the read state and the view count together); SQLite needs two.
    expected = 1 if connection.vendor == "postgresql" else 2
    assert len(writes()) == expected, "reading the new reply advances the read state once"
    assert writes() == [], "reading the same again writes nothing"
