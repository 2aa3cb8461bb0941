"""An article or CCIO profile readers once saw and the editors then withdrew answers 410 Gone;
one never published stays 404."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, CCIOProfileFactory, EditorFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    noun: str
    factory: type
    list_url: str
    fields: dict  # what the withdrawn item says, which the 410 page must not repeat
    secret: str

    @property
    def url(self):
        return f"{self.list_url}{self.fields['slug']}/"

    def make(self, **extra):
        return self.factory(**{**self.fields, **extra})


ARTICLE = Kind(
    "article",
    ArticleFactory,
    "/articles/",
    {"title": "A piece we pulled", "slug": "pulled-piece", "body": "The **disputed** claim."},
    "disputed",
)
PROFILE = Kind(
    "profile",
    CCIOProfileFactory,
    "/profiles/",
    {"name": "Dr Jane Example", "headline": "Jane's decade as CCIO", "slug": "dr-jane-example"},
    "decade as CCIO",
)


@pytest.fixture(params=[ARTICLE, PROFILE], ids=lambda kind: kind.noun)
def kind(request):
    return request.param


@pytest.fixture
def eve():
    return EditorFactory(username="eve", display_name="Eve Editor")


@pytest.fixture
def withdrawn(kind, ed):
    return services.withdraw(item=kind.make(), by=ed)


def _approved(kind, ed, eve):
    draft = kind.make(status=Status.DRAFT, publish_at=None)
    services.submit(item=draft, by=ed)
    return services.approve(item=draft, by=eve)


@pytest.mark.parametrize("who", ["visitor_client", "alice_client", "mo_client", "sam_client", "una_client"])
def test_readers_are_told_it_was_withdrawn(who, kind, withdrawn, request):
    response = request.getfixturevalue(who).get(kind.url)
    assert response.status_code == 410
    page = response.content.decode()
    assert f"<h1>This {kind.noun} has been withdrawn</h1>" in page
    assert f'href="{kind.list_url}"' in page
    assert "Skip to main content" in page and f"<title>{kind.noun.capitalize()} withdrawn · " in page
    assert kind.secret not in page


def test_editors_still_see_it(ed_client, kind, withdrawn):
    response = ed_client.get(kind.url)
    assert response.status_code == 200
    assert kind.secret.encode() in response.content
    assert b'data-testid="workflow-status"' in response.content


def test_the_gone_page_is_not_cached_for_the_next_visitor(visitor_client, kind, withdrawn, ed):
    assert visitor_client.get(kind.url).status_code == 410
    services.submit(item=withdrawn, by=ed)
    assert visitor_client.get(kind.url).status_code == 404  # back in review: no longer "withdrawn"


def test_published_again_it_is_back(visitor_client, kind, withdrawn, ed, eve):
    services.submit(item=withdrawn, by=ed)
    services.approve(item=withdrawn, by=eve)
    services.publish(item=withdrawn, by=ed)
    assert visitor_client.get(kind.url).status_code == 200


def test_withdrawn_from_review_was_never_published(visitor_client, alice_client, kind, ed, eve):
    services.withdraw(item=_approved(kind, ed, eve), by=ed)
    assert visitor_client.get(kind.url).status_code == 404
    assert alice_client.get(kind.url).status_code == 404


def test_withdrawn_before_its_scheduled_time_was_never_published(visitor_client, kind, ed, eve, monkeypatch):
    item = services.schedule(item=_approved(kind, ed, eve), by=ed, publish_at=timezone.now() + dt.timedelta(hours=1))
    services.withdraw(item=item, by=ed)
    assert visitor_client.get(kind.url).status_code == 404
    # Still never published once the time it was meant for has passed.
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor_client.get(kind.url).status_code == 404


def test_withdrawn_after_its_scheduled_time_came_was_published(visitor_client, kind, ed, eve, monkeypatch):
    item = services.schedule(item=_approved(kind, ed, eve), by=ed, publish_at=timezone.now() + dt.timedelta(hours=1))
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor_client.get(kind.url).status_code == 200
    services.withdraw(item=item, by=ed)
    assert visitor_client.get(kind.url).status_code == 410


def test_a_draft_and_an_unknown_address_are_404(visitor_client, alice_client, kind):
    kind.make(status=Status.DRAFT, publish_at=None)
    for client in (visitor_client, alice_client):
        assert client.get(kind.url).status_code == 404
        assert client.get(f"{kind.list_url}no-such-{kind.noun}/").status_code == 404


def test_it_stays_off_the_list_feed_and_sitemap(visitor_client, kind, withdrawn):
    for url in (kind.list_url, "/articles/feed/", "/sitemap.xml"):
        assert kind.fields["slug"].encode() not in visitor_client.get(url).content, url
