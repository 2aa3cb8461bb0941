"""Article revisions keep authors by id: the compare page names them as they are now."""

import importlib

from django.apps import apps as django_apps

from accounts.services import account_erase
from articles.models import Article
from editorial import services
from tests.factories import ArticleFactory


def test_snapshots_keep_author_ids_and_the_compare_page_shows_current_names(ed, alice, ed_client):
    article = ArticleFactory(title="Change", status="draft")
    services.save_item(item=article, by=ed)
    article.authors.set([alice])
    services.save_children(item=article, by=ed)
    assert article.children_state["authors"] == [{"id": alice.pk}]
    revisions = article.history.count()
    alice.display_name = "Prof Alice Adams"
    alice.save()
    assert services.save_children(item=article, by=ed).history.count() == revisions  # a rename is no change
    old, new = article.history.order_by("-history_id").values_list("history_id", flat=True)[:2][::-1]
    page = ed_client.get(f"{article.get_history_url()}compare/?old={old}&new={new}").content.decode()
    assert "Authors: Prof Alice Adams" in page and "Dr Alice" not in page
    account_erase(user=alice)
    page = ed_client.get(f"{article.get_history_url()}compare/?old={old}&new={new}").content.decode()
    assert "Authors: Former member" in page and "Alice" not in page


def test_the_migration_drops_names_from_stored_snapshots(ed, alice):
    article = ArticleFactory(title="Old", status="draft")
    state = {"authors": [{"id": alice.pk, "name": "Dr Alice Adams"}], "topics": [{"id": 1, "name": "EPR"}]}
    Article.objects.filter(pk=article.pk).update(children_state=state)
    services.save_item(item=Article.objects.get(pk=article.pk), by=ed)
    migration = importlib.import_module("articles.migrations.0004_snapshot_authors_by_id")
    migration.forwards(django_apps, None)
    expected = {"authors": [{"id": alice.pk}], "topics": [{"id": 1, "name": "EPR"}]}
    assert Article.objects.get(pk=article.pk).children_state == expected
    assert expected in [h.children_state for h in article.history.all()]
    assert "Dr Alice" not in str([h.children_state for h in article.history.all()])
