"""The benchmark's rows, on the small data set: every page serves, the member's state is realistic.

Runs in the normal suite: no wrk and no gunicorn, only what bench/measure.py does in-process.
"""

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from bench import measure
from bench.seed import BENCH_MEMBER, PARTLY_READ, SCALES, WATCHED_CATEGORY, read_position, reset_member_state
from forum import reading
from forum.models import Bookmark, Category, Post, ReadState, Topic, Watch
from notifications.models import Notification
from profiles.models import DirectoryEntry
from resources.models import Resource

SMALL = SCALES["small"]


@pytest.fixture
def seeded(db):
    call_command("seed_bench", "--scale", "small")
    return SMALL


@pytest.fixture
def member(seeded):
    return User.objects.get(username=BENCH_MEMBER)


def test_the_benchmark_member_is_a_plain_member(member):
    assert member.is_member
    assert [group.name for group in member.groups.all()] == ["Members"]
    assert not member.is_staff and not member.is_superuser


def test_the_member_has_read_most_topics_but_not_all(member):
    topics = list(Topic.objects.order_by("pk"))
    states = dict(ReadState.objects.filter(user=member).values_list("topic_id", "last_read_number"))
    for index, topic in enumerate(topics):
        assert states.get(topic.pk) == read_position(index, topic.last_number)
    unread = reading.with_read_state(Topic.objects.all(), member).filter(reading.unread_filter(member))
    never_opened = [t for t in topics if t.pk not in states]
    partly = [t for t in topics if t.pk in states and states[t.pk] < t.last_number]
    assert never_opened and partly
    assert unread.count() == len(never_opened) + len(partly) < len(topics)
    big = topics[0]
    assert states[big.pk] == big.last_number - 5  # the big topic's last page has new posts


def test_the_member_has_bookmarks_likes_watches_and_notifications(member, seeded):
    assert Bookmark.objects.filter(user=member).count() == seeded.bookmarks
    notifications = Notification.objects.for_recipient(member)
    assert notifications.count() == seeded.notifications
    assert notifications.unread().count() == seeded.notifications // 3
    assert Watch.objects.filter(user=member, topic__isnull=False).exists()
    assert Post.objects.filter(reactions__user=member).exists()
    assert DirectoryEntry.objects.count() == seeded.members
    assert Resource.objects.published().count() == seeded.resources


def test_a_category_has_the_watchers_and_the_member_is_not_one(member, seeded):
    watchers = Watch.objects.filter(category__slug=WATCHED_CATEGORY, level=Watch.Level.WATCHING)
    assert watchers.count() == seeded.watchers
    assert not watchers.filter(user=member).exists()
    assert measure.reply_topic().category.slug == WATCHED_CATEGORY


def test_every_row_serves_its_page(member):
    pages = measure.pages()
    names = [page.name for page in pages]
    assert len(names) == len(set(names))
    expected = [
        "home",
        "forum index",
        "category",
        "topic page 1",
        "big topic last page",
        "latest",
        "unread",
        "bookmarks",
        "notifications",
        "events list",
        "event page",
        "month grid",
        "my events",
        "article list",
        "survey results",
        "an article",
        "member directory",
        "a member's entry",
        "resources list",
        "inbox",
        "conversation last page",
    ]
    assert [p.name for p in pages if p.name.startswith(measure.MEMBER)] == [measure.MEMBER + n for n in expected]
    visitor, signed_in = Client(), Client()
    signed_in.force_login(member)
    for page in pages:
        response = (signed_in if page.signed_in else visitor).get(page.path)
        assert response.status_code == 200, page
        if page.signed_in:
            assert response.context["user"] == member, page


def test_the_topic_rows_show_new_posts_to_the_member(member):
    first = measure._topic_page_one(member)
    assert first.category.access == Category.Access.PUBLIC
    assert ReadState.objects.get(user=member, topic=first).last_read_number == PARTLY_READ
    pages = {page.name: page for page in measure.pages()}
    client = Client()
    client.force_login(member)
    for name in ("topic page 1", "big topic last page"):
        response = client.get(pages[measure.MEMBER + name].path)
        assert "forum-post-new" in response.content.decode(), name
        assert response.context["topic"].category.access == Category.Access.PUBLIC


def test_counting_sees_the_read_state_move_on_once(member):
    pages = {page.name: page for page in measure.pages()}
    counts = measure.count_queries(pages[measure.MEMBER + "topic page 1"])
    assert counts["status"] == 200
    assert counts["first_view_writes"] >= 1  # the member read further than before
    assert counts["writes"] == 0
    assert counts["queries"] > 0 and counts["served_queries"] > 0 and counts["in_process_ms"] > 0
    assert 0 < counts["after_change_queries"] <= counts["queries"]
    visitor = measure.count_queries(pages["home"])
    assert visitor["status"] == 200 and visitor["writes"] == 0 == visitor["first_view_writes"]


def test_every_row_is_counted(member):
    for page in measure.pages():
        counts = measure.count_queries(page)
        assert counts["status"] == 200, page
        assert counts["queries"] > 0, page


def test_reset_puts_the_read_state_back(member):
    before = dict(ReadState.objects.filter(user=member).values_list("topic_id", "last_read_number"))
    client = Client()
    client.force_login(member)
    for page in measure.pages():
        if page.signed_in:
            client.get(page.path)
    assert dict(ReadState.objects.filter(user=member).values_list("topic_id", "last_read_number")) != before
    reset_member_state()
    assert dict(ReadState.objects.filter(user=member).values_list("topic_id", "last_read_number")) == before


def test_the_session_cookie_signs_the_member_in(member):
    name, value = measure.member_cookie().split("=", 1)
    client = Client()
    client.cookies[name] = value
    response = client.get("/forum/unread/")
    assert response.status_code == 200
    assert response.context["user"] == member


def test_the_reply_row_posts_to_every_watcher_and_leaves_nothing_behind(member, seeded):
    posts, notifications = Post.objects.count(), Notification.objects.count()
    watches = Watch.objects.count()
    reply = measure.measure_reply()
    assert reply["watchers"] == seeded.watchers
    assert reply["queries"] > 0 and reply["writes"] > 0 and reply["ms"] > 0
    assert reply["path"] == f"/forum/t/{measure.reply_topic().pk}/reply/"
    few = measure.measure_reply(keep_watchers=5)
    assert few["watchers"] == 5
    assert (Post.objects.count(), Notification.objects.count(), Watch.objects.count()) == (
        posts,
        notifications,
        watches,
    )


def test_the_report_checks_the_member_targets(member):
    pages = measure.pages()
    wrk = {"rps": 1000.0, "p50_ms": 5.0, "p99_ms": 9.0, "non_2xx": 0}
    counts = {
        "status": 200,
        "bytes": 1000,
        "queries": 5,
        "writes": 0,
        "first_view_writes": 1,
        "served_queries": 5,
        "after_change_queries": 7,
        "in_process_ms": 4.0,
    }
    results = [{"name": "framework floor", "path": "/bench/floor/", "duration_s": 2, **wrk, "rps": 4000.0}]
    results += [{"name": p.name, "path": p.path, "signed_in": p.signed_in, **wrk, **counts} for p in pages]
    results.append(
        {"name": "forum search, a new query each time", "signed_in": True, "uncached_search": True, **wrk, **counts}
    )
    reply = {"watchers": 3000, "ms": 150.0, "max_ms": 160.0, "queries": 30, "writes": 12, "notified_in_request": 0}
    few = {**reply, "watchers": 30}
    report = measure.report(results, min_rps={"home": 250}, max_queries=8, reply=reply, reply_few=few)
    checks = {check["target"]: check["met"] for check in report["checks"]}
    assert checks["member: topic page 1: ≥ 0.15 × floor"] is True  # 1000 / 4000 = 0.25
    assert checks["member: inbox: ≥ 0.12 × floor"] is True
    assert checks["member: topic page 1: in-process < 6 ms"] is True
    assert checks["forum search, a new query each time: median < 15 ms"] is True
    assert checks["reply to 3,000 watchers: < 200 ms"] is True
    assert checks["reply: same queries with 3,000 watchers as with 30"] is True
    assert "| member: unread | 1000 | 0.25 |" in report["markdown"]
    assert "| member: reply in a watched category | 3,000 | 150.0 |" in report["markdown"]

    results[1]["rps"] = 100.0  # the first visitor row, far below its target
    slow = dict(results[-2], rps=400.0, first_view_writes=2)  # member conversation last page: 0.1 × floor
    report = measure.report([*results[:-2], slow, results[-1]], min_rps={"home": 250}, max_queries=8)
    checks = {check["target"]: check["met"] for check in report["checks"]}
    assert checks["home ≥ 250 req/s"] is False
    assert checks["member: conversation last page: ≥ 0.12 × floor"] is False
    assert checks["member: conversation last page: ≤ 1 write on first view"] is False

    # Eight queries at most on the view after a change; from scratch (the cache off) is reported only.
    many = dict(results[-2], rps=1000.0, queries=12, after_change_queries=9)
    report = measure.report([*results[:-2], many, results[-1]], min_rps={"home": 250}, max_queries=8)
    checks = {check["target"]: check["met"] for check in report["checks"]}
    assert checks["member: conversation last page: ≤ 8 queries after a change"] is False
    assert checks["member: inbox: ≤ 8 queries after a change"] is True
    assert (
        "| member: conversation last page | 1000 | 0.25 | 5.0 | 9.0 | 4.0 | 1000 | 12 | 9 | 5 | 0 |"
        in report["markdown"]
    )
