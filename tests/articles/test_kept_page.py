"""An article's page is rendered once per content version for readers, and never shown stale or to the wrong reader.

Members and visitors each get their own kept copy (members see links to the
authors' entries, visitors only their names); editors always get the page
rendered afresh, with drafts and the editor bar.
"""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import roles
from accounts.services import add_role
from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, EditorFactory, MemberFactory, TopicFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


@pytest.fixture
def priya(db):
    return MemberFactory(username="priya", display_name="Dr Priya Shah")


@pytest.fixture
def article(priya):
    return ArticleFactory(
        title="Measuring quality", slug="measuring-quality", topics=[TopicFactory(name="Quality")], authors=[priya]
    )


def _page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _main(html):
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_a_members_second_view_is_read_from_the_kept_page(settings, alice, article, client, django_assert_num_queries):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # as in production
    alice_client = client
    alice_client.force_login(alice)
    first = _page(alice_client, article)
    with django_assert_num_queries(0):
        second = _page(alice_client, article)
    assert _main(second) == _main(first)
    assert "Measuring quality" in second and "<strong>always</strong>" in second


def test_members_link_to_the_authors_and_visitors_never_get_the_members_copy(
    alice_client, bob_client, visitor_client, article
):
    link = 'href="/members/priya/">Dr Priya Shah</a>'
    assert link in _page(alice_client, article)
    visitor = _page(visitor_client, article)
    assert "Dr Priya Shah" in visitor and link not in visitor
    assert link in _page(bob_client, article)
    assert link not in _page(visitor_client, article)


def test_an_edit_shows_at_once(alice_client, visitor_client, article):
    _page(alice_client, article), _page(visitor_client, article)
    article.title = "Measuring what matters"
    article.body = "## Why\n\nBecause of *patients*."
    article.save()
    for client in (alice_client, visitor_client):
        html = _page(client, article)
        assert "Measuring what matters" in html and "<em>patients</em>" in html
        assert "Measuring quality" not in html


def test_an_author_renamed_and_a_topic_renamed_show_at_once(alice_client, article, priya):
    _page(alice_client, article)
    priya.display_name = "Prof Priya Shah"
    priya.save()
    topic = article.topics.get()
    topic.name = "Quality improvement"
    topic.save()
    html = _page(alice_client, article)
    assert "Prof Priya Shah" in html and "Quality improvement" in html


def test_a_withdrawn_article_is_gone_at_once(alice_client, visitor_client, article, ed):
    _page(alice_client, article), _page(visitor_client, article)
    services.withdraw(item=article, by=ed)
    assert alice_client.get(article.get_absolute_url()).status_code == 410
    assert visitor_client.get(article.get_absolute_url()).status_code == 410


def test_a_related_article_published_shows_at_once(alice_client, article, ed):
    _page(alice_client, article)
    fresh = ArticleFactory(
        title="Quality dashboards",
        topics=list(article.topics.all()),
        status=Status.IN_REVIEW,
        publish_at=None,
        approved_by=EditorFactory(username="eve"),
    )
    assert "Quality dashboards" not in _page(alice_client, article)
    services.publish(item=fresh, by=ed)
    assert "Quality dashboards" in _page(alice_client, article)


def test_a_scheduled_related_article_joins_when_its_time_comes(alice_client, article, monkeypatch):
    at = timezone.now() + dt.timedelta(hours=1)
    ArticleFactory(
        title="Quality dashboards", topics=list(article.topics.all()), status=Status.SCHEDULED, publish_at=at
    )
    response = alice_client.get(article.get_absolute_url())
    assert b"Quality dashboards" not in response.content
    assert response.changes_at == at
    later = at + dt.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Quality dashboards" in _page(alice_client, article)


def test_someone_who_becomes_a_member_gets_the_members_copy_at_once(client, article):
    newcomer = UserFactory(username="nell")
    client.force_login(newcomer)
    assert 'href="/members/priya/"' not in _page(client, article)
    add_role(newcomer, roles.MEMBERS)
    assert 'href="/members/priya/"' in _page(client, article)


def test_editors_see_drafts_and_their_bar_and_readers_never_do(ed_client, alice_client, visitor_client, article):
    draft = ArticleFactory(title="Unfinished thoughts", slug="unfinished", status=Status.DRAFT, publish_at=None)
    for client in (alice_client, visitor_client):
        assert client.get(draft.get_absolute_url()).status_code == 404
    editor_html = ed_client.get(draft.get_absolute_url()).content.decode()
    assert "Unfinished thoughts" in editor_html and 'data-testid="workflow-status"' in editor_html
    _page(alice_client, article)
    editor_html = _page(ed_client, article)
    assert 'data-testid="workflow-status">Published<' in editor_html
    assert f'href="{article.get_editor_url()}"' in editor_html
    assert alice_client.get(draft.get_absolute_url()).status_code == 404
    for client in (alice_client, visitor_client):
        assert 'data-testid="workflow-status"' not in _page(client, article)


def test_the_page_around_a_kept_article_list_is_each_readers_own(alice_client, ed_client, visitor_client, article):
    """The list's frame is kept (core.frame): the header in it is the reader's, the topic's name the list's."""
    for _ in range(2):  # the second time round from the kept frame
        for client, name in ((alice_client, "Dr Alice Adams"), (ed_client, "Ed Editor"), (visitor_client, None)):
            html = client.get("/articles/?topic=quality").content.decode()
            assert "<title>Articles about Quality" in html and "Measuring quality" in html
            assert (f'data-testid="header-user-name">{name}<' in html) if name else "header-user-name" not in html
    assert "<title>Articles ·" in alice_client.get("/articles/").content.decode()
