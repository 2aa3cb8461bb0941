"""The weekly summary email: consent, what goes in it, and sending it once per member per week.

- Consent: a member receives it only after ticking the box (at sign-up or on /account/), and
  each choice is a SummaryConsent row (what was agreed, when, how), never changed afterwards;
  the newest row is the current choice. Withdrawing (on /account/ or by the one-click link in
  the email) is a row too.
- Content: each app's part is a "section" registered here (ccio/weekly_summary.py registers the
  forum's, articles', profiles', resources' and events' parts, since notifications may not import
  those apps). A section answers for one member in a fixed number of queries and decides what
  that member may see, so nothing members-only goes to someone who is not (or no longer) a member.
- Sending: a WeeklySummary row, unique per member and week, and the outbox row are written in one
  transaction, so running the command twice, or on two servers at once, sends once. The email is
  built when sent, from the outbox row's context, with the notification emails' layout, headers
  and sending path (notifications.emails, notifications.outbox). A week with nothing to report
  sends nothing.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from core.locks import lock_person
from notifications import outbox
from notifications.models import SummaryConsent, WeeklySummary

# Shown beside the box, word for word, and kept in each consent record.
WORDING = (
    "Email me the network's weekly summary of what I missed: the most active forum topics, new articles, "
    "CCIO profiles and resources, and upcoming events with places left. At most one email a week; "
    "every one has a link to stop them."
)
SECTION_SIZE = 5
LONGEST_GAP = dt.timedelta(days=28)  # a summary never reaches further back than this
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Item:
    title: str
    url: str  # a site path
    meta: str = ""


@dataclass(frozen=True)
class _Registered:
    key: str
    heading: str
    collect: Callable
    order: int


_sections = {}


def register_section(key, *, heading, collect, order=100):
    """Add a part to the summary: collect(user, *, since, now, limit) -> [Item], in a fixed number of queries.

    `user` is the member it is for; the function shows only what they may see. Sections with
    nothing to report are left out; a summary with no section is not sent.
    """
    _sections[key] = _Registered(key=key, heading=heading, collect=collect, order=order)


def sections():
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


# --- consent ------------------------------------------------------------------------


def _latest_choice():
    return SummaryConsent.objects.filter(user=OuterRef("pk")).order_by("-created_at", "-id").values("agreed")[:1]


def has_consented(user):
    return SummaryConsent.objects.has_consented(user)


@transaction.atomic
def record_choice(*, user, agreed, method):
    """Record consent (agreed=True) or its withdrawal; nothing when it is already the member's choice.

    Returns the new SummaryConsent or None. The member's row is locked, so two submits at
    once record one row.
    """
    lock_person(user)
    if has_consented(user) == bool(agreed):
        return None
    return SummaryConsent.objects.create(user=user, agreed=bool(agreed), wording=WORDING, method=method)


def consenting_members():
    """Active accounts whose newest choice is consent, with their roles and last summary, for sending."""
    last_sent = WeeklySummary.objects.filter(recipient=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    Group = get_user_model().groups.field.related_model
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(summary_consent=Subquery(_latest_choice()), last_summary_at=Subquery(last_sent))
        .filter(summary_consent=True)
        .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        .order_by("pk")
    )


# --- content ------------------------------------------------------------------------


def week_of(now):
    """The Monday, London date, of the week `now` falls in."""
    today = timezone.localdate(now)
    return today - dt.timedelta(days=today.weekday())


def covers_from(now, last_sent):
    """Since the last summary, or a week; never further back than LONGEST_GAP."""
    since = last_sent or now - WEEK
    return max(since, now - LONGEST_GAP)


def collect(user, *, since, now):
    """[(heading, [Item])] for the sections with something for this member."""
    found = []
    for section in sections():
        items = list(section.collect(user, since=since, now=now, limit=SECTION_SIZE))
        if items:
            found.append({"key": section.key, "heading": section.heading, "items": [asdict(i) for i in items]})
    return found


def _with_roles(user):
    """Role names from the prefetched groups, so asking is_member costs no query per member."""
    cache = getattr(user, "_prefetched_objects_cache", {})
    if "groups" in cache:
        user._role_names = frozenset(g.name for g in cache["groups"])
    return user


def send_summary(*, user, now=None, last_sent=None):
    """Send `user` this week's summary; the WeeklySummary, or None (already sent, or nothing to say)."""
    now = now or timezone.now()
    week = week_of(now)
    since = covers_from(now, last_sent)
    found = collect(_with_roles(user), since=since, now=now)
    if not found:
        return None
    try:
        with transaction.atomic():
            summary = WeeklySummary.objects.create(
                recipient=user,
                week=week,
                sent_at=now,
                covers_from=since,
                item_count=sum(len(s["items"]) for s in found),
            )
            outbox.record_weekly_summary_email(summary, found)
    except IntegrityError:  # this week's was sent already, perhaps by another run at the same moment
        return None
    return summary


def send_summaries(*, now=None):
    """Every consenting member without this week's summary gets one, if there is anything to tell them."""
    now = now or timezone.now()
    already = WeeklySummary.objects.filter(week=week_of(now)).values("recipient_id")
    sent = []
    for user in consenting_members().exclude(pk__in=already).iterator(chunk_size=200):
        summary = send_summary(user=user, now=now, last_sent=user.last_summary_at)
        if summary is not None:
            sent.append(summary)
    return sent


def preview(user, *, now=None):
    """What this week's summary would hold for `user` (for editors' preview), without sending anything."""
    now = now or timezone.now()
    last = WeeklySummary.objects.filter(recipient=user).order_by("-sent_at").values_list("sent_at", flat=True).first()
    since = covers_from(now, last)
    return {"since": since, "sections": collect(user, since=since, now=now)}


# --- erasure and export -----------------------------------------------------------------


def erase_member(user):
    SummaryConsent.objects.filter(user=user).delete()
    WeeklySummary.objects.filter(recipient=user).delete()


def export_member(user, export_iso):
    choices = [
        {
            "agreed": c["agreed"],
            "wording": c["wording"],
            "how": SummaryConsent.Method(c["method"]).label,
            "at": export_iso(c["created_at"]),
        }
        for c in SummaryConsent.objects.filter(user=user)
        .order_by("created_at", "id")
        .values("agreed", "wording", "method", "created_at")
    ]
    sent = [
        {"week_of": export_iso(s["week"]), "sent_at": export_iso(s["sent_at"]), "items": s["item_count"]}
        for s in WeeklySummary.objects.filter(recipient=user).order_by("week").values("week", "sent_at", "item_count")
    ]
    return {"consent_records": choices, "summaries_sent": sent}
