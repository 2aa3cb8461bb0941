"""In-process parts of the benchmark: which pages, their query counts, the report."""

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bench.seed import RARE_WORD
from events.models import Event
from forum.models import Category, Topic
from messaging.models import Conversation

WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    signed_in: bool = False


def bench_member():
    return User.objects.get(username="bench-member-0001")


def pages():
    big_topic = Topic.objects.filter(category__access=Category.Access.PUBLIC).order_by("-last_number").first()
    normal_topic = Topic.objects.filter(category__access=Category.Access.PUBLIC, last_number__lt=100).first()
    category = Category.objects.filter(access=Category.Access.PUBLIC).order_by("order").first()
    event = Event.objects.published().upcoming().first()
    month = timezone.localtime(event.starts_at)
    last_page = big_topic.page_count
    big_conversation = Conversation.objects.filter(participants__user=bench_member()).order_by("-last_number").first()
    return [
        Page("home", "/"),
        Page("forum index", reverse("forum:index")),
        Page("category", category.get_absolute_url()),
        Page("topic page 1", normal_topic.get_absolute_url()),
        # Both topics are public, so both are measured as a visitor sees them.
        Page("big topic last page", f"{big_topic.get_absolute_url()}?page={last_page}"),
        Page("forum search", f"{reverse('forum:search')}?q={RARE_WORD}", signed_in=True),
        Page("events list", reverse("events:list")),
        Page("event page", event.get_absolute_url()),
        Page("month grid", reverse("events:calendar", args=[month.year, month.month])),
        Page("article list", reverse("articles:list")),
        # Private messages are signed in only: the benchmark member's inbox of 1,000 conversations,
        # and the last page of their 2,000-message conversation.
        Page("messages inbox", reverse("messaging:inbox"), signed_in=True),
        Page(
            "long conversation last page",
            f"{big_conversation.get_absolute_url()}?page={big_conversation.page_count}",
            signed_in=True,
        ),
    ]


def member_cookie():
    """A session cookie for a signed-in member, stored where gunicorn's workers find it."""
    client = Client()
    client.force_login(bench_member())
    morsel = client.cookies["sessionid"]
    return f"sessionid={morsel.value}"


def count_queries(page):
    """Queries and writes of a warm page view (the second of two), rendered, not from the page cache."""
    with override_settings(CONTENT_CACHE=False):
        return _count_queries(page)


def _count_queries(page):
    client = Client()
    if page.signed_in:
        client.force_login(bench_member())
    client.get(page.path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(WRITE_VERBS)]
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(captured),
        "writes": len(writes),
    }


def weekly_summary(runs=20):
    """Building the bench member's weekly summary email in-process: median time, queries, items.

    What `manage.py send_weekly_summary` does for each member before the outbox row is written:
    every section's query, then the email rendered as it is sent (text, HTML, headers).
    """
    from notifications.emails import weekly_summary_message
    from notifications.weekly import collect, covers_from

    member = bench_member()
    now = timezone.now()
    since = covers_from(now, None)

    def build():
        sections = collect(member, since=since, now=now)
        weekly_summary_message(member, sections).message().as_bytes()
        return sections

    build()  # warm
    with CaptureQueriesContext(connection) as captured:
        sections = build()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        build()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "queries": len(captured),
        "items": sum(len(section["items"]) for section in sections),
    }


def report(results, *, min_rps, max_queries, weekly=None):
    floor = results[0]["rps"]
    rows = []
    checks = []
    by_name = {r["name"]: r for r in results}
    for result in results:
        result["ratio_to_floor"] = round(result["rps"] / floor, 3) if floor else None
        rows.append(
            "| {name} | {rps:.0f} | {ratio} | {p50:.1f} | {p99:.1f} | {bytes} | {queries} | {writes} |".format(
                name=result["name"],
                rps=result["rps"],
                ratio=f"{result['ratio_to_floor']:.2f}",
                p50=result["p50_ms"],
                p99=result["p99_ms"],
                bytes=result.get("bytes", "–"),
                queries=result.get("queries", "–"),
                writes=result.get("writes", "–"),
            )
        )
    for name, target in min_rps.items():
        checks.append((f"{name} ≥ {target} req/s", by_name[name]["rps"] >= target))
    page1, last = by_name["topic page 1"]["rps"], by_name["big topic last page"]["rps"]
    checks.append(("big topic last page within 15% of topic page 1", last >= 0.85 * page1))
    for search in (result for result in results if result["name"].startswith("forum search")):
        checks.append((f"{search['name']}: median < 30 ms", search["p50_ms"] < 30))
        checks.append((f"{search['name']}: p99 < 100 ms", search["p99_ms"] < 100))
    for result in results[1:]:
        checks.append((f"{result['name']}: ≤ {max_queries} queries", result["queries"] <= max_queries))
        if not result["signed_in"]:
            checks.append((f"{result['name']}: no writes when anonymous", result["writes"] == 0))
        checks.append((f"{result['name']}: no errors", result["status"] == 200 and result["non_2xx"] == 0))

    data_size = {
        "members": User.objects.filter(username__startswith="bench-member-").count(),
        "topics": Topic.objects.count(),
        "posts": Topic.objects.aggregate(n=Max("last_number"))["n"],
        "events": Event.objects.count(),
    }
    lines = [
        f"Benchmark run {timezone.now():%Y-%m-%d %H:%M} UTC on {connection.vendor}; "
        "gunicorn 2 workers, wrk 8 connections.",
        "",
        "| page | req/s | × floor | p50 ms | p99 ms | bytes | queries | writes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        "| target | met |",
        "| --- | --- |",
        *[f"| {label} | {'yes' if ok else '**no**'} |" for label, ok in checks],
        "",
    ]
    if weekly is not None:
        checks.append(("weekly summary email: ≤ 8 queries per member", weekly["queries"] <= 8))
        lines[-1:-1] = [f"| {checks[-1][0]} | {'yes' if checks[-1][1] else '**no**'} |"]
        lines += [
            f"Building one member's weekly summary email (in-process, {weekly['items']} items): "
            f"median {weekly['median_ms']} ms, {weekly['queries']} queries.",
            "",
        ]
    return {
        "results": results,
        "weekly_summary": weekly,
        "checks": [{"target": label, "met": ok} for label, ok in checks],
        "data": data_size,
        "markdown": "\n".join(lines),
    }
