"""An article readers once saw and the editors then withdrew answers 410 Gone; one never published stays 404."""

import datetime as dt

import pytest
from django.utils import timezone

from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, EditorFactory

pytestmark = pytest.mark.django_db

URL = "/articles/pulled-piece/"


@pytest.fixture
def eve():
    return EditorFactory(username="eve", display_name="Eve Editor")


@pytest.fixture
def withdrawn(ed):
    article = ArticleFactory(title="A piece we pulled", slug="pulled-piece", body="The **disputed** claim.")
    return services.withdraw(item=article, by=ed)


def _approved(ed, eve):
    draft = ArticleFactory(title="A piece we pulled", slug="pulled-piece", status=Status.DRAFT, publish_at=None)
    services.submit(item=draft, by=ed)
    return services.approve(item=draft, by=eve)


@pytest.mark.parametrize("who", ["visitor_client", "alice_client", "mo_client", "sam_client"])
def test_readers_are_told_it_was_withdrawn(who, withdrawn, request):
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 410
    page = response.content.decode()
    assert "<h1>This article has been withdrawn</h1>" in page
    assert 'href="/articles/"' in page
    assert "Skip to main content" in page and "<title>Article withdrawn · " in page  # the site's own page
    assert "A piece we pulled" not in page and "disputed" not in page


def test_the_gone_page_is_not_cached_for_the_next_visitor(visitor_client, withdrawn, ed):
    assert visitor_client.get(URL).status_code == 410
    services.submit(item=withdrawn, by=ed)
    assert visitor_client.get(URL).status_code == 404  # back in review: no longer "withdrawn"


def test_editors_still_see_the_withdrawn_article(ed_client, withdrawn):
    response = ed_client.get(URL)
    assert response.status_code == 200
    assert b"A piece we pulled" in response.content
    assert b'data-testid="workflow-status"' in response.content


def test_a_withdrawn_article_published_again_is_back(visitor_client, withdrawn, ed, eve):
    services.submit(item=withdrawn, by=ed)
    services.approve(item=withdrawn, by=eve)
    services.publish(item=withdrawn, by=ed)
    assert visitor_client.get(URL).status_code == 200


def test_withdrawn_from_review_was_never_published(visitor_client, alice_client, ed, eve):
    services.withdraw(item=_approved(ed, eve), by=ed)
    assert visitor_client.get(URL).status_code == 404
    assert alice_client.get(URL).status_code == 404


def test_withdrawn_before_its_scheduled_time_was_never_published(visitor_client, ed, eve, monkeypatch):
    item = services.schedule(item=_approved(ed, eve), by=ed, publish_at=timezone.now() + dt.timedelta(hours=1))
    services.withdraw(item=item, by=ed)
    assert visitor_client.get(URL).status_code == 404
    # Still never published once the time it was meant for has passed.
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor_client.get(URL).status_code == 404


def test_withdrawn_after_its_scheduled_time_came_was_published(visitor_client, ed, eve, monkeypatch):
    item = services.schedule(item=_approved(ed, eve), by=ed, publish_at=timezone.now() + dt.timedelta(hours=1))
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor_client.get(URL).status_code == 200
    services.withdraw(item=item, by=ed)
    assert visitor_client.get(URL).status_code == 410


def test_a_draft_and_an_unknown_address_are_404(visitor_client, alice_client):
    ArticleFactory(slug="pulled-piece", status=Status.DRAFT, publish_at=None)
    for client in (visitor_client, alice_client):
        assert client.get(URL).status_code == 404
        assert client.get("/articles/no-such-article/").status_code == 404


def test_a_withdrawn_article_stays_off_the_list_and_feed(visitor_client, withdrawn):
    for url in ("/articles/", "/articles/feed/", "/sitemap.xml"):
        assert b"pulled-piece" not in visitor_client.get(url).content, url
