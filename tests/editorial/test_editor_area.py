"""The editor area on the site: permissions, workflow buttons, preview, history, compare, restore."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, CCIOProfileFactory, EditorFactory


@pytest.fixture
def draft(ed):
    article = ArticleFactory(status=Status.DRAFT, publish_at=None, title="Secret draft title")
    services.save_item(item=article, by=ed)
    return article


def editor_urls(item):
    label = item.editorial_label()
    return [
        "/editor/",
        item.get_editor_url(),
        item.get_preview_url(),
        item.get_history_url(),
        f"/editor/{label}/{item.pk}/history/compare/?old=1&new=2",
        "/editor/articles/new/",
        f"/editor/articles/{item.pk}/edit/" if label == "articles.article" else f"/editor/profiles/{item.pk}/edit/",
    ]


@pytest.mark.parametrize("factory", [ArticleFactory, CCIOProfileFactory])
def test_visitors_are_sent_to_sign_in_and_non_editors_refused(
    factory, visitor_client, alice_client, mo_client, una_client, sam_client, db
):
    item = factory(status=Status.DRAFT, publish_at=None)
    for url in editor_urls(item):
        response = visitor_client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        for client in (alice_client, mo_client, una_client, sam_client):
            assert client.get(url).status_code == 403, url
    for action in ("submit", "return", "approve", "publish", "withdraw", "schedule"):
        url = f"/editor/{item.editorial_label()}/{item.pk}/{action}/"
        assert visitor_client.post(url).status_code == 302
        assert alice_client.post(url).status_code == 403
        assert mo_client.post(url).status_code == 403
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_an_editor_without_two_factor_is_sent_to_set_it_up(client, db):
    editor = EditorFactory(mfa=False)
    client.force_login(editor)
    response = client.get("/editor/")
    assert response.status_code == 302 and "totp" in response["Location"]


@pytest.mark.parametrize("factory", [ArticleFactory, CCIOProfileFactory])
def test_editor_pages_render(factory, ed_client, ed):
    item = factory(status=Status.DRAFT, publish_at=None)
    services.save_item(item=item, by=ed)
    for url in editor_urls(item)[:4] + editor_urls(item)[5:]:
        response = ed_client.get(url)
        assert response.status_code == 200, url
    assert str(item).encode() in ed_client.get("/editor/").content


def test_header_links_to_the_editor_area_for_editors_only(ed_client, alice_client):
    assert b'href="/editor/"' in ed_client.get("/").content
    assert b'href="/editor/"' not in alice_client.get("/").content


def test_preview_shows_the_draft_as_readers_will_see_it(draft, ed_client):
    response = ed_client.get(draft.get_preview_url())
    assert response.status_code == 200
    assert b"Secret draft title" in response.content
    assert b"Preview." in response.content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_workflow_through_the_site(draft, ed_client, client, settings):
    other = EditorFactory(username="eve")
    client.force_login(other)
    base = f"/editor/articles.article/{draft.pk}"
    ed_client.post(f"{base}/submit/")
    # ed cannot approve his own submission
    response = ed_client.post(f"{base}/approve/", follow=True)
    assert "Another editor must approve" in response.content.decode()
    client.post(f"{base}/approve/")
    when = timezone.localtime(timezone.now() + dt.timedelta(days=2))
    response = ed_client.post(f"{base}/schedule/", {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}, follow=True)
    draft.refresh_from_db()
    assert draft.status == Status.SCHEDULED
    assert abs(draft.publish_at - when.replace(second=0, microsecond=0)) < dt.timedelta(seconds=1)
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    ed_client.post(f"{base}/publish/")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.is_live


def test_invalid_schedule_is_refused_with_a_message(draft, ed_client):
    response = ed_client.post(f"/editor/articles.article/{draft.pk}/schedule/", {"publish_at": "soon"}, follow=True)
    assert "Enter a date and time" in response.content.decode()


def test_unknown_action_and_model_are_404(draft, ed_client):
    assert ed_client.post(f"/editor/articles.article/{draft.pk}/explode/").status_code == 404
    assert ed_client.get(f"/editor/accounts.user/{draft.pk}/").status_code == 404


def test_history_compare_and_restore(draft, ed, ed_client):
    draft.title = "Second title"
    draft.body = "A new paragraph."
    services.save_item(item=draft, by=ed)
    *_, old, new = draft.history.order_by("history_date")
    response = ed_client.get(draft.get_history_url())
    assert '<td data-label="Fields changed">title, body</td>' in response.content.decode()
    response = ed_client.get(
        f"/editor/articles.article/{draft.pk}/history/compare/?old={old.history_id}&new={new.history_id}"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Secret draft title" in body and "Second title" in body
    assert "+A new paragraph." in body
    response = ed_client.post(f"/editor/articles.article/{draft.pk}/history/{old.history_id}/restore/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Secret draft title"


def test_compare_with_missing_revisions_is_404_not_500(draft, ed_client):
    url = f"/editor/articles.article/{draft.pk}/history/compare/"
    assert ed_client.get(url + "?old=999999&new=999998").status_code == 404
    assert ed_client.get(url + "?old=x").status_code == 302


def test_restore_refused_for_members(draft, alice_client):
    record = draft.history.first()
    url = f"/editor/articles.article/{draft.pk}/history/{record.history_id}/restore/"
    assert alice_client.post(url).status_code == 403


@pytest.mark.parametrize("n", [2, 25])
def test_dashboard_and_history_query_budget(n, ed, ed_client, django_assert_max_num_queries):
    for _ in range(n):
        ArticleFactory(status=Status.DRAFT, publish_at=None)
        CCIOProfileFactory(status=Status.IN_REVIEW, publish_at=None)
    article = ArticleFactory()
    for i in range(n):
        article.title = f"Revision {i}"
        services.save_item(item=article, by=ed)
    with django_assert_max_num_queries(14):
        assert ed_client.get("/editor/").status_code == 200
    with django_assert_max_num_queries(10):
        assert ed_client.get(article.get_history_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert ed_client.get(article.get_editor_url()).status_code == 200
