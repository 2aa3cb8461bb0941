"""Site search: one box, every app, each app answering within its own rules.

Each app's search function decides what the searcher may see (forum.search,
articles.search, events.search, profiles.search, resources.search); this module only asks each
for its best matches and shapes them alike, as groups of hits. A group shows
the best SHOWN hits; up to LOOKAHEAD are fetched so the page can say how many
matched (or "more than LOOKAHEAD") without a count query per app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from articles.search import search_articles
from events.search import search_events
from events.templatetags.events_tags import short_when
from forum import access as forum_access
from forum.search import RESULTS_PER_PAGE as FORUM_PAGE_SIZE
from forum.search import clean_query, search_posts
from profiles.search import search_members, search_profiles
from resources.search import search_resources

SHOWN = 5
LOOKAHEAD = FORUM_PAGE_SIZE  # the forum answers a page at a time; ask the others for as many
DIRECTORY_QUERY_LENGTH = 100  # the directory's own search box takes no more


@dataclass(frozen=True)
class Hit:
    url: str
    title: str
    text: str  # plain text, or safe HTML with <mark>ed words (forum posts on PostgreSQL)
    meta: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    noun: str  # "post": for "14 posts", "1 post"
    hits: list  # every match fetched, best first, at most LOOKAHEAD
    more: bool  # more than LOOKAHEAD matched
    see_all_url: str | None  # the app's own search page, where there is one

    @property
    def shown(self):
        return self.hits[:SHOWN]

    @property
    def extra(self):
        """Matches fetched beyond the best few: offered on this page when the app has no search page of its own."""
        return [] if self.see_all_url else self.hits[SHOWN:]

    @property
    def has_more(self):
        return self.more or len(self.hits) > SHOWN

    @property
    def total(self):
        return len(self.hits)

    @property
    def count_text(self):
        if self.more:
            return f"more than {self.total} {self.noun}s"
        return f"{self.total} {self.noun}{'' if self.total == 1 else 's'}"


@dataclass(frozen=True)
class Source:
    key: str
    find: Callable  # (user, query) -> Group
    # Everyone with the same scope gets the same group, so it may be cached under
    # it; None: the group depends on the viewer or the clock and is never cached.
    scope: Callable | None = None


def _day(moment):
    return date_format(timezone.localtime(moment), "j F Y")


def _meta(*parts):
    """A hit's meta line: the parts that have a value, joined by middle dots."""
    return " · ".join(part for part in parts if part)


def _with_query(url, query):
    return f"{url}?{urlencode({'q': query})}"


def _forum(user, query):
    results, has_next = search_posts(user, query)
    hits = [
        Hit(
            url=result.url,
            title=result.topic_title,
            text=result.snippet,
            meta=f"{result.category_name} · {result.author_name}, {_day(result.created)}",
        )
        for result in results
    ]
    return Group("forum", "Forum", "post", hits, has_next, _with_query(reverse("forum:search"), query))


def _articles(user, query):
    articles = search_articles(query, limit=LOOKAHEAD + 1)
    hits = [
        Hit(
            url=article.get_absolute_url(),
            title=article.title,
            text=article.standfirst,
            meta=_meta(
                _day(article.publish_at),
                f"{article.reading_minutes} min read",
                *(topic.name for topic in article.topics.all()),
            ),
        )
        for article in articles[:LOOKAHEAD]
    ]
    # The article list has no search of its own to send people to.
    return Group("articles", "Articles", "article", hits, len(articles) > LOOKAHEAD, None)


def _events(user, query):
    now = timezone.now()
    events = search_events(query, limit=LOOKAHEAD + 1, now=now)
    hits = [
        Hit(
            url=event.get_absolute_url(),
            title=event.title,
            text=event.summary,
            meta=_meta(
                "Cancelled" if event.is_cancelled else "Past event" if event.ends_at < now else None,
                short_when(event),
                event.get_kind_display(),
                event.location_text or event.get_format_display(),
            ),
        )
        for event in events[:LOOKAHEAD]
    ]
    return Group("events", "Events", "event", hits, len(events) > LOOKAHEAD, None)


def _profiles(user, query):
    profiles = search_profiles(query, limit=LOOKAHEAD + 1)
    hits = [
        Hit(
            url=profile.get_absolute_url(),
            title=profile.headline,
            text=profile.standfirst,
            meta=_meta(
                f"{profile.name}, {profile.role_title}" if profile.role_title else profile.name,
                profile.organisation.name if profile.organisation else None,
            ),
        )
        for profile in profiles[:LOOKAHEAD]
    ]
    return Group("profiles", "CCIO profiles", "profile", hits, len(profiles) > LOOKAHEAD, None)


def _resources(user, query):
    resources = search_resources(query, limit=LOOKAHEAD + 1)
    hits = [
        Hit(
            url=resource.get_absolute_url(),
            title=resource.title,
            text=resource.summary,
            meta=_meta(
                resource.get_kind_display(),
                resource.provider_name,
                f"{float(resource.cpd_hours):g} CPD hours" if resource.cpd_hours else None,
                "Members only" if resource.members_only else None,
            ),
        )
        for resource in resources[:LOOKAHEAD]
    ]
    see_all = _with_query(reverse("resources:list"), query)
    return Group("resources", "Resources", "resource", hits, len(resources) > LOOKAHEAD, see_all)


def _members(user, query):
    entries = search_members(user, query, limit=LOOKAHEAD + 1)
    hits = []
    for entry in entries[:LOOKAHEAD]:
        organisation = entry.organisation
        meta = f"{organisation.name}, {organisation.get_region_display()}" if organisation else ""
        hits.append(Hit(url=entry.get_absolute_url(), title=entry.user.public_name, text=entry.job_title, meta=meta))
    see_all = _with_query(reverse("profiles:directory"), query[:DIRECTORY_QUERY_LENGTH])
    return Group("members", "Member directory", "member", hits, len(entries) > LOOKAHEAD, see_all)


# In the order the page shows them. Only the forum's results are the same for
# everyone who reads the same categories; articles, profiles and events go live
# or end by the clock, and the directory shows each member their own entry.
SOURCES = (
    Source("forum", _forum, scope=forum_access.reading_scope),
    Source("articles", _articles),
    Source("events", _events),
    Source("profiles", _profiles),
    Source("resources", _resources),
    Source("members", _members),
)


def site_search(user, query):
    """The groups with matches for this person, in page order; none for an empty query."""
    query = clean_query(query)
    if not query:
        return []
    groups = (source.find(user, query) for source in SOURCES)
    return [group for group in groups if group.hits]
