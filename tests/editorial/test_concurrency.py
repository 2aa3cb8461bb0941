"""Two editors pressing the same button at once: the row lock lets exactly one through (PostgreSQL only)."""

import threading
import time

import pytest
from django.db import connection

from articles.models import Article
from editorial import services
from editorial.models import Status
from tests import factories

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

EDITORS = 6


def _approve_at_once(item, editors):
    barrier = threading.Barrier(len(editors))
    outcomes = []

    def run(editor):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.approve(item=item, by=editor)
            outcomes.append("approved")
        except services.WorkflowError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


# Editors with TOTP: outside a request a role counts only for an account that has it (core.second_factor).
@pytest.fixture
def item_in_review():
    author = factories.EditorFactory()
    article = factories.ArticleFactory(status=Status.DRAFT, publish_at=None)
    return services.submit(item=article, by=author)


@pytest.fixture
def editors():
    return [factories.EditorFactory() for _ in range(EDITORS)]


def _slow_save(monkeypatch):
    """Widen the window between reading the row and writing it, as a busy server would."""
    real_save = services._save

    def slow(item, **kwargs):
        time.sleep(0.2)
        return real_save(item, **kwargs)

    monkeypatch.setattr(services, "_save", slow)


def test_only_one_approval_wins(item_in_review, editors, monkeypatch):
    _slow_save(monkeypatch)
    outcomes = _approve_at_once(item_in_review, editors)
    assert outcomes.count("approved") == 1
    assert outcomes.count("refused") == EDITORS - 1
    assert Article.history.filter(id=item_in_review.pk, history_change_reason="Approved").count() == 1


def test_without_the_lock_the_race_happens(item_in_review, editors, monkeypatch):
    """The same scenario with the row lock switched off approves the item several times."""
    _slow_save(monkeypatch)
    monkeypatch.setattr(services, "_lock", lambda item: type(item).objects.get(pk=item.pk))
    outcomes = _approve_at_once(item_in_review, editors)
    assert outcomes.count("approved") > 1
