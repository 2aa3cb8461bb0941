"""Who sees what: drafts, in review, scheduled and withdrawn articles stay hidden from readers."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from editorial.models import Status
from tests.factories import ArticleFactory

HIDDEN = [
    ("draft", {"status": Status.DRAFT, "publish_at": None}),
    ("in review", {"status": Status.IN_REVIEW, "publish_at": None}),
    ("scheduled", {"status": Status.SCHEDULED, "publish_at_offset": dt.timedelta(days=1)}),
    ("withdrawn", {"status": Status.WITHDRAWN, "publish_at_offset": -dt.timedelta(days=1)}),
]


@pytest.fixture(params=HIDDEN, ids=[h[0] for h in HIDDEN])
def hidden_article(request, db):
    kwargs = dict(request.param[1])
    offset = kwargs.pop("publish_at_offset", None)
    if offset is not None:
        kwargs["publish_at"] = timezone.now() + offset
    return ArticleFactory(title="Hidden article title", slug="hidden-article", **kwargs)


@pytest.mark.parametrize("who", ["visitor_client", "alice_client", "mo_client", "una_client", "sam_client"])
def test_readers_never_see_hidden_articles(who, hidden_article, request):
    client = request.getfixturevalue(who)
    ArticleFactory(title="Visible article")
    for url in ["/articles/", "/articles/feed/", "/articles/feed/atom/", "/sitemap.xml", "/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Hidden article" not in response.content, url
        assert b"hidden-article" not in response.content, url
    assert client.get("/articles/hidden-article/").status_code == 404
    preview = client.get(hidden_article.get_preview_url())
    assert preview.status_code in (302, 403)
    assert b"Hidden article" not in preview.content


def test_editors_see_hidden_articles_with_their_status(hidden_article, ed_client):
    response = ed_client.get("/articles/hidden-article/")
    assert response.status_code == 200
    assert b"Hidden article title" in response.content
    assert b'data-testid="workflow-status"' in response.content
    assert b'content="noindex, nofollow"' in response.content
    # but the public list and feed stay as readers see them
    assert b"Hidden article" not in ed_client.get("/articles/").content
    assert b"Hidden article" not in ed_client.get("/articles/feed/").content


def test_scheduled_article_appears_when_its_time_comes(visitor_client, db):
    article = ArticleFactory(
        title="Timed article", status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert b"Timed article" not in visitor_client.get("/articles/").content
    assert visitor_client.get(article.get_absolute_url()).status_code == 404
    type(article).objects.filter(pk=article.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    cache.clear()  # the update stands in for the clock reaching publish_at, when cached pages expire
    assert b"Timed article" in visitor_client.get("/articles/").content
    assert b"Timed article" in visitor_client.get("/articles/feed/").content
    assert visitor_client.get(article.get_absolute_url()).status_code == 200
