"""Site search (/search/?q=): every app at once, each within its own rules of who may see what."""

import datetime as dt
import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccio.search import SHOWN, site_search
from events.search import search_events
from forum.models import Topic
from tests import factories

WORD = "sepsis"


def _page(client, query=WORD):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def _groups(user, query=WORD):
    return {group.key: [hit.title for hit in group.hits] for group in site_search(user, query)}


@pytest.fixture
def trust(db):
    return factories.OrganisationFactory(name="Sepsis Valley NHS Trust")


@pytest.fixture
def veteran(db):
    """A member of long standing: the forum's limits on new members' posting do not apply."""
    return factories.MemberFactory(username="vera", display_name="Dr Vera Long", date_joined=_days(-400))


@pytest.fixture
def corpus(alice, bob, public_cat, members_cat, trust):
    """One thing of every kind people may see, and one of every kind they may not."""
    factories.make_topic(
        author=bob, category=public_cat, title="Sepsis screening in ED", body="Sepsis tools compared."
    )
    factories.make_topic(
        author=alice, category=members_cat, title="Sepsis alerts behind the wall", body="Our sepsis alert fires."
    )
    factories.ArticleFactory(title="Sepsis dashboards that work")
    factories.ArticleFactory(title="Sepsis draft piece", status="draft", publish_at=None)
    factories.ArticleFactory(title="Sepsis scheduled piece", status="scheduled", publish_at=_days(3))
    factories.ArticleFactory(title="Sepsis withdrawn piece", status="withdrawn")
    factories.CCIOProfileFactory(headline="Fighting sepsis with data")
    factories.CCIOProfileFactory(headline="Sepsis draft profile", status="draft", publish_at=None)
    factories.EventFactory(title="Sepsis roundtable")
    factories.EventFactory(title="Sepsis planning draft event", status="draft")
    for name, visibility in [
        ("Dr Open Entry", "everyone"),
        ("Dr Members Entry", "members"),
        ("Dr Hidden Entry", "nobody"),
    ]:
        factories.DirectoryEntryFactory(user__display_name=name, organisation=trust, visibility=visibility)


def _days(days):
    return timezone.now() + dt.timedelta(days=days)


# --- who sees what -------------------------------------------------------------


def test_visitor_finds_public_things_of_every_kind_only(client, corpus):
    groups = _groups(AnonymousUser())
    assert groups == {
        "forum": ["Sepsis screening in ED"],
        "articles": ["Sepsis dashboards that work"],
        "events": ["Sepsis roundtable"],
        "profiles": ["Fighting sepsis with data"],
        "members": ["Dr Open Entry"],
    }
    content = _page(client)
    for title in ["Sepsis screening in ED", "Sepsis dashboards that work", "Sepsis roundtable", "Dr Open Entry"]:
        assert title in content
    for hidden in ["behind the wall", "draft", "scheduled", "withdrawn", "Dr Members Entry", "Dr Hidden Entry"]:
        assert hidden not in content
    assert "Sign in</a> to search members-only forum discussions" in content


def test_member_also_finds_members_only_posts_and_entries_shared_with_members(alice_client, alice, corpus):
    groups = _groups(alice)
    assert set(groups["forum"]) == {"Sepsis screening in ED", "Sepsis alerts behind the wall"}
    assert groups["members"] == ["Dr Members Entry", "Dr Open Entry"]
    assert groups["articles"] == ["Sepsis dashboards that work"]
    content = _page(alice_client)
    assert "Sepsis alerts behind the wall" in content and "Dr Members Entry" in content
    assert "Dr Hidden Entry" not in content and "Sepsis draft piece" not in content
    assert "Sign in</a> to search" not in content


def test_signed_in_non_member_sees_only_what_visitors_see(una_client, una, corpus):
    groups = _groups(una)
    assert groups["forum"] == ["Sepsis screening in ED"]
    assert groups["members"] == ["Dr Open Entry"]
    assert "behind the wall" not in _page(una_client)


def test_a_member_finds_their_own_hidden_entry_but_nobody_else_does(alice, bob, trust):
    factories.DirectoryEntryFactory(user=alice, organisation=trust, visibility="nobody")
    assert _groups(alice)["members"] == ["Dr Alice Adams"]
    assert "members" not in _groups(bob)


def test_hidden_topics_are_found_by_moderators_only_even_with_results_cached(
    settings, alice_client, mo_client, client, corpus
):
    settings.CONTENT_CACHE = True
    Topic.objects.filter(title="Sepsis screening in ED").update(hidden=True)
    assert "Sepsis screening in ED" in _page(mo_client)
    # Each reading scope has its own cached forum results: none leak to another.
    assert "Sepsis screening in ED" not in _page(alice_client)
    assert "Sepsis screening in ED" not in _page(client)
    assert "Sepsis alerts behind the wall" not in _page(client)
    assert "Sepsis alerts behind the wall" in _page(alice_client)


def test_cached_forum_results_show_a_new_post_at_once(settings, client, bob, public_cat, corpus):
    settings.CONTENT_CACHE = True
    assert "Sepsis bundles audit" not in _page(client)
    factories.make_topic(author=bob, category=public_cat, title="Sepsis bundles audit", body="Who audits?")
    assert "Sepsis bundles audit" in _page(client)


def test_an_article_scheduled_for_now_appears_without_any_other_change(settings, client, corpus):
    settings.CONTENT_CACHE = True
    from articles.models import Article

    assert "Sepsis scheduled piece" not in _page(client)
    # Its time comes: nothing is saved, only the clock moves on.
    Article.objects.filter(title="Sepsis scheduled piece").update(publish_at=_days(-1))
    assert "Sepsis scheduled piece" in _page(client)


# --- events ----------------------------------------------------------------------


def test_events_upcoming_soonest_first_then_latest_past_with_cancelled_marked(db):
    factories.EventFactory(title="Sepsis later", starts_at=_days(20), ends_at=_days(20.1))
    factories.EventFactory(title="Sepsis soon", starts_at=_days(2), ends_at=_days(2.1))
    factories.EventFactory(title="Sepsis long ago", starts_at=_days(-60), ends_at=_days(-59.9))
    factories.EventFactory(title="Sepsis last week", starts_at=_days(-7), ends_at=_days(-6.9))
    factories.EventFactory(title="Sepsis called off", status="cancelled", starts_at=_days(5), ends_at=_days(5.1))
    factories.EventFactory(title="Sepsis unpublished", status="draft")
    factories.EventFactory(title="Unrelated", summary="Nothing to see", description="Really nothing")

    titles = [event.title for event in search_events(WORD)]
    assert titles == ["Sepsis soon", "Sepsis called off", "Sepsis later", "Sepsis last week", "Sepsis long ago"]
    (group,) = site_search(AnonymousUser(), WORD)
    metas = {hit.title: hit.meta for hit in group.hits}
    assert metas["Sepsis called off"].startswith("Cancelled · ")
    assert metas["Sepsis last week"].startswith("Past event · ")
    assert metas["Sepsis soon"].startswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))


def test_events_match_words_in_the_summary_and_description(db):
    factories.EventFactory(title="Winter roundtable", summary="Deterioration and sepsis pathways")
    factories.EventFactory(title="Spring roundtable", description="We will talk about **sepsis** alerts.")
    assert {event.title for event in search_events("sepsis")} == {"Winter roundtable", "Spring roundtable"}
    assert search_events("   ") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
def test_postgres_highlights_forum_words_ranks_titles_first_and_matches_word_forms(client, bob, public_cat):
    factories.make_topic(
        author=bob, category=public_cat, title="Handover", body="Electronic handover and sepsis flags."
    )
    factories.ArticleFactory(title="Ward rounds", body="A word on sepsis at last.")
    factories.ArticleFactory(title="Sepsis first", publish_at=_days(-30))
    factories.EventFactory(title="Deterioration roundtables", summary="Early warning scores.")
    assert "handover and <mark>sepsis</mark> flags" in _page(client).lower()
    assert _groups(AnonymousUser())["articles"] == ["Sepsis first", "Ward rounds"]
    assert [event.title for event in search_events("roundtable")] == ["Deterioration roundtables"]


# --- the page ----------------------------------------------------------------------


def test_page_title_heading_and_noindex(client, corpus):
    content = _page(client)
    assert "<title>“sepsis” · Search ·" in content
    assert '<meta name="robots" content="noindex">' in content
    assert "<h1>Search</h1>" in content
    assert content.count("<h2") == 5
    assert 'value="sepsis"' in content


def test_empty_query_shows_the_box_and_no_results(client, corpus):
    for query in ["", "     "]:
        content = _page(client, query)
        assert "Search articles, events, forum discussions" in content
        assert "<h2" not in content
    assert site_search(AnonymousUser(), "   ") == []


def test_nothing_found(client, corpus):
    content = _page(client, "xylophone")
    assert "Nothing found for “xylophone”" in content


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "x" * 10_000,
        "' OR 1=1 --",
        "sepsis'; DROP TABLE forum_post; --",
        "Ωmega naïve 🩺 临床",
        "%_\\",
        "sepsis\x00 alerts",
    ],
)
def test_hostile_queries_are_answered_and_echoed_escaped(client, alice_client, corpus, query):
    for who in (client, alice_client):
        content = _page(who, query)
        assert "<script>alert(1)</script>" not in content
        if query.startswith("xxx"):
            assert f"<title>“{'x' * 200}” · Search" in content and f'value="{"x" * 200}"' in content
    # Echoed as typed, spaces collapsed and cut at 200 characters; a NUL (refused by PostgreSQL) becomes a space.
    assert html.escape(" ".join(query.replace("\x00", " ").split())[:200]) in content


def test_sql_like_query_is_only_words(alice, corpus):
    assert _groups(alice, "' OR 1=1 --") == {}
    assert _groups(alice, "sepsis\x00 alerts")["forum"] == ["Sepsis alerts behind the wall"]


def test_content_with_markup_is_shown_as_text(client, bob, public_cat):
    factories.make_topic(
        author=bob,
        category=public_cat,
        title="<b>Sepsis</b> <script>alert(2)</script>",
        body="<img src=x onerror=alert(3)> sepsis",
    )
    factories.ArticleFactory(title="<script>alert(4)</script> sepsis", standfirst="<i>sepsis</i>")
    content = _page(client)
    for raw in ["<script>alert(2)", "<img src=x", "<script>alert(4)", "<i>sepsis</i>", "<b>Sepsis</b>"]:
        assert raw not in content
    assert "&lt;script&gt;alert(4)&lt;/script&gt; sepsis" in content


def test_the_header_search_box_is_on_every_page(client, alice_client, db):
    for who, path in [(client, "/"), (alice_client, "/"), (client, "/events/"), (alice_client, "/forum/")]:
        content = who.get(path).content.decode()
        assert 'role="search" aria-label="Site search"' in content
        assert 'action="/search/"' in content
        assert '<label class="visually-hidden" for="site-search-q">Search the site</label>' in content
        assert 'id="site-search-q"' in content and 'name="q"' in content


# --- more than a few matches ---------------------------------------------------------


@pytest.fixture
def many(veteran, public_cat, trust):
    """More matches of every kind than a group shows."""
    count = SHOWN + 3
    for n in range(count):
        factories.make_topic(author=veteran, category=public_cat, title=f"Sepsis topic {n}", body=f"On sepsis, {n}.")
        factories.ArticleFactory(title=f"Sepsis article {n}")
        factories.EventFactory(title=f"Sepsis event {n}")
        factories.CCIOProfileFactory(headline=f"Sepsis profile {n}")
        factories.DirectoryEntryFactory(user__display_name=f"Dr Member {n}", organisation=trust, visibility="members")
    return count


def test_see_all_links_go_to_the_forum_and_directory_searches(alice_client, many):
    content = _page(alice_client)
    assert f'href="/forum/search/?q=sepsis">See all {many} results in the forum</a>' in content
    assert f'href="/members/?q=sepsis">See all {many} results in the member directory</a>' in content
    # Articles, profiles and events have no search page of their own: the rest are here, folded.
    for noun in ("articles", "events", "profiles"):
        assert f"Show {many - SHOWN} more {noun}" in content
    assert "/articles/?q=" not in content and "/events/?q=" not in content and "/profiles/?q=" not in content

    forum = alice_client.get("/forum/search/", {"q": WORD}).content.decode()
    assert "Sepsis topic 0" in forum and f"Sepsis topic {many - 1}" in forum
    directory = alice_client.get("/members/", {"q": WORD}).content.decode()
    assert f"{many} members found" in directory


def test_directory_link_lists_the_same_members_for_a_long_query(alice_client, alice, trust):
    # The directory's own box takes 100 characters; a longer query would make it show everyone.
    long_trust = factories.OrganisationFactory(name="Sepsis and Deterioration " + "Collaborative " * 9)
    factories.DirectoryEntryFactory(user__display_name="Dr Long Name", organisation=long_trust, visibility="members")
    factories.DirectoryEntryFactory(user__display_name="Dr Elsewhere", organisation=trust, visibility="members")
    query = long_trust.name + " extra words"
    (group,) = site_search(alice, query)
    assert [hit.title for hit in group.hits] == ["Dr Long Name"]
    directory = alice_client.get(group.see_all_url).content.decode()
    assert "Dr Long Name" in directory and "Dr Elsewhere" not in directory


def test_more_than_twenty_matches_say_so(client, public_cat, alice):
    for n in range(22):
        factories.ArticleFactory(title=f"Sepsis article {n}")
    (group,) = site_search(AnonymousUser(), WORD)
    assert group.more and group.total == 20
    content = _page(client)
    assert "more than 20 articles" in content
    assert "add a word to narrow the search" in content


# --- query budget -------------------------------------------------------------------


def _matches_of_every_kind(count, *, author, category, organisation, start):
    for n in range(start, start + count):
        factories.make_topic(author=author, category=category, title=f"Sepsis topic {n}", body=f"On sepsis, {n}.")
        factories.ArticleFactory(title=f"Sepsis article {n}", topics=[factories.TopicFactory(name=f"Topic {n}")])
        factories.EventFactory(title=f"Sepsis event {n}", starts_at=_days(n - 5), ends_at=_days(n - 4.9))
        factories.CCIOProfileFactory(headline=f"Sepsis profile {n}")
        factories.DirectoryEntryFactory(
            user__display_name=f"Dr Member {n}", organisation=organisation, visibility="members"
        )


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        _page(client)
    return len(captured)


def test_query_budget_does_not_grow_with_matches(settings, alice_client, client, alice, veteran, members_cat, trust):
    settings.CONTENT_CACHE = False
    _matches_of_every_kind(2, author=veteran, category=members_cat, organisation=trust, start=0)
    few_member, few_visitor = _queries(alice_client), _queries(client)
    _matches_of_every_kind(13, author=veteran, category=members_cat, organisation=trust, start=2)
    assert len(_groups(alice)["forum"]) == 15
    many_member, many_visitor = _queries(alice_client), _queries(client)
    assert few_member == many_member <= 12
    assert few_visitor == many_visitor <= 12


def test_cached_forum_results_cost_no_forum_queries(settings, alice_client, veteran, members_cat, trust):
    settings.CONTENT_CACHE = True
    _matches_of_every_kind(3, author=veteran, category=members_cat, organisation=trust, start=0)
    first = _queries(alice_client)
    assert _queries(alice_client) < first
    content = _page(alice_client)
    assert '<a class="fw-semibold" href="/forum/p/' in content and "&lt;section" not in content
