"""Editors at the same moment, each on their own database connection (PostgreSQL only).

A double-clicked "Save" on a new article makes one article; two editors
creating articles with the same title get two addresses; an edit whose image
is still being processed when another editor publishes keeps it published.
"""

import threading

import pytest
from django.db import connection

from articles.models import Article
from core import locks
from editorial import services
from editorial.models import Status
from tests import factories
from tests.editorial.helpers import image_upload
from tests.threads import at_once, signed_in_client

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _new_article(title):
    return {"title": title, "slug": "", "standfirst": "Five things.", "body": "## One\n\nListen first."}


def _slow_check(monkeypatch):
    import time

    real = services._just_created

    def slow(item, by):
        found = real(item, by)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_just_created", slow)


@pytest.mark.parametrize("lock", [True, False])
def test_a_new_article_saved_twice_at_once_is_one_article(monkeypatch, lock):
    monkeypatch.setattr(locks, "ENABLED", lock)
    _slow_check(monkeypatch)
    ed = factories.EditorFactory()
    clients = [signed_in_client(ed), signed_in_client(ed)]

    responses, errors = at_once(
        lambda client: client.post("/editor/articles/new/", _new_article("Clinical safety in practice")), clients
    )

    assert errors == []
    assert [r.status_code for r in responses] == [302, 302]
    if lock:
        article = Article.objects.get()
        assert article.slug == "clinical-safety-in-practice"
        assert {r["Location"] for r in responses} == {article.get_editor_url()}
    else:
        assert Article.objects.count() == 2  # the race the lock stops


def test_two_editors_creating_the_same_title_at_once_get_two_addresses():
    clients = [signed_in_client(factories.EditorFactory()) for _ in range(3)]

    responses, errors = at_once(
        lambda client: client.post("/editor/articles/new/", _new_article("Winter pressures")), clients
    )

    assert errors == []
    assert [r.status_code for r in responses] == [302, 302, 302]
    slugs = sorted(Article.objects.values_list("slug", flat=True))
    assert slugs == ["winter-pressures", "winter-pressures-2", "winter-pressures-3"]


def test_an_edit_still_processing_its_image_when_another_editor_publishes(monkeypatch):
    writer, reviewer = factories.EditorFactory(), factories.EditorFactory()
    article = factories.ArticleFactory(status=Status.DRAFT, publish_at=None)
    article = services.approve(item=services.submit(item=article, by=writer), by=reviewer)
    processing, published = threading.Event(), threading.Event()
    import core.images

    real = core.images.process_image

    def slow_image(upload, **kwargs):
        processing.set()
        published.wait(10)
        return real(upload, **kwargs)

    monkeypatch.setattr(core.images, "process_image", slow_image)

    def edit():
        return signed_in_client(writer).post(
            f"/editor/articles/{article.pk}/edit/",
            {
                "title": "With a new picture",
                "slug": article.slug,
                "standfirst": article.standfirst,
                "body": article.body,
                "hero_image": image_upload(),
                "hero_alt": "A ward at night",
                "hero_caption": "Photo: the trust",
            },
        )

    def publish():
        processing.wait(10)
        services.publish(item=article, by=reviewer)
        published.set()

    results, errors = at_once(lambda work: work(), [edit, publish])

    assert errors == []
    article.refresh_from_db()
    assert article.title == "With a new picture" and article.hero_image
    assert article.status == Status.PUBLISHED and article.is_live
