"""Editors write articles: the form, uploads, hostile input, and the admin going through the services."""

from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article
from editorial.models import Status
from tests.editorial.helpers import HOSTILE, assert_no_live_html, image_upload, noisy_image_upload, script_upload
from tests.factories import ArticleFactory, TopicFactory


def _data(**overrides):
    data = {
        "title": "Clinical engagement that works",
        "slug": "",
        "standfirst": "Five things that helped.",
        "body": "## One\n\nListen first.",
        "hero_alt": "",
        "hero_caption": "",
        "seo_description": "",
    }
    data.update(overrides)
    return data


def test_editor_creates_a_draft(ed_client, ed):
    topic = TopicFactory(name="Clinical engagement")
    response = ed_client.post("/editor/articles/new/", _data(topics=[topic.pk], authors=[ed.pk]))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_editor_url()
    assert article.slug == "clinical-engagement-that-works"
    assert article.status == Status.DRAFT and article.created_by == ed
    assert list(article.topics.all()) == [topic] and list(article.authors.all()) == [ed]
    reasons = list(article.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["Created", "Authors or topics changed"]


def test_topic_and_author_changes_are_revisions_that_can_be_restored(ed_client, ed, bob):
    quality, careers = TopicFactory(name="Quality"), TopicFactory(name="Careers")
    ed_client.post("/editor/articles/new/", _data(topics=[quality.pk], authors=[ed.pk]))
    article = Article.objects.get()
    first = article.history.latest("history_id")
    ed_client.post(
        f"/editor/articles/{article.pk}/edit/", _data(slug=article.slug, topics=[careers.pk], authors=[bob.pk])
    )
    latest = article.history.latest("history_id")
    assert latest.history_change_reason == "Authors or topics changed"
    body = ed_client.get(
        f"/editor/articles.article/{article.pk}/history/compare/?old={first.history_id}&new={latest.history_id}"
    ).content.decode()
    assert "Quality" in body and "Careers" in body and "Dr Bob Brown" in body
    ed_client.post(f"/editor/articles.article/{article.pk}/history/{first.history_id}/restore/")
    assert list(article.topics.all()) == [quality] and list(article.authors.all()) == [ed]


@pytest.mark.parametrize("who", ["alice_client", "mo_client", "visitor_client"])
def test_only_editors_create_or_edit(who, request, db):
    client = request.getfixturevalue(who)
    article = ArticleFactory()
    assert client.post("/editor/articles/new/", _data()).status_code in (302, 403)
    assert client.post(f"/editor/articles/{article.pk}/edit/", _data(title="Hacked")).status_code in (302, 403)
    assert not Article.objects.filter(title__in=["Clinical engagement that works", "Hacked"]).exists()


def test_hero_image_is_accepted_reencoded_and_written_under_media_root(ed_client):
    response = ed_client.post(
        "/editor/articles/new/",
        {**_data(hero_alt="A CCIO at a ward computer", hero_caption="Photo: NHS"), "hero_image": image_upload()},
    )
    assert response.status_code == 302
    article = Article.objects.get()
    path = Path(article.hero_image.path)
    assert path.exists() and str(path).startswith(str(settings.MEDIA_ROOT))
    assert path.suffix == ".jpg" and "photo" not in path.name
    body = ed_client.get(article.get_preview_url()).content.decode()
    assert 'alt="A CCIO at a ward computer"' in body and "Photo: NHS" in body


def test_hero_image_needs_alt_text_and_caption(ed_client):
    response = ed_client.post("/editor/articles/new/", {**_data(), "hero_image": image_upload()})
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()
    assert not Article.objects.exists()


def test_a_renamed_script_is_refused_with_a_clear_message(ed_client):
    response = ed_client.post(
        "/editor/articles/new/", {**_data(hero_alt="x", hero_caption="y"), "hero_image": script_upload("hero.jpg")}
    )
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert not Article.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*")) or not any(
        p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*")
    )


def test_an_oversized_image_is_refused_with_a_clear_message(ed_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 200_000
    response = ed_client.post(
        "/editor/articles/new/", {**_data(hero_alt="x", hero_caption="y"), "hero_image": noisy_image_upload()}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "the largest we accept is 0.2 MB" in body
    assert "Clinical engagement that works" in body  # what was typed is kept
    assert not Article.objects.exists()


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_in_every_text_field_never_comes_back_live(payload, ed_client, visitor_client):
    data = _data(
        title=payload,
        slug="hostile",
        standfirst=payload,
        body=payload,
        seo_description=payload,
    )
    response = ed_client.post("/editor/articles/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(status=Status.PUBLISHED, publish_at=article.created_at)
    for client in (ed_client, visitor_client):
        for url in ("/articles/", "/articles/hostile/", "/articles/feed/", "/", article.get_editor_url()):
            response = client.get(url)
            if response.status_code == 200:
                assert_no_live_html(response.content)
    assert_no_live_html(ed_client.get(article.get_preview_url()).content)
    assert_no_live_html(ed_client.get(article.get_history_url()).content)


def test_empty_and_huge_input_get_clear_messages_and_keep_the_text(ed_client):
    response = ed_client.post("/editor/articles/new/", _data(title="", body=""))
    body = response.content.decode()
    assert response.status_code == 200 and "This field is required" in body
    assert "Five things that helped." in body
    huge = "x" * 70_000
    response = ed_client.post("/editor/articles/new/", _data(title="T" * 500, body=huge))
    body = response.content.decode()
    assert "Ensure this value has at most 160 characters" in body
    assert "Ensure this value has at most 60000 characters" in body
    assert not Article.objects.exists()


def test_reserved_slug_is_refused(ed_client):
    response = ed_client.post("/editor/articles/new/", _data(slug="feed"))
    assert "choose another slug" in response.content.decode()


def test_editing_keeps_the_status_and_adds_a_revision(ed_client, ed):
    article = ArticleFactory(title="Before")
    response = ed_client.post(f"/editor/articles/{article.pk}/edit/", _data(title="After", slug=article.slug))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "After" and article.status == Status.PUBLISHED
    assert article.history.latest("history_date").history_user == ed


def test_admin_transitions_go_through_the_workflow(client, db, settings):
    from tests.factories import UserFactory

    admin_user = UserFactory(username="root", mfa=True)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    changelist = "/admin/articles/article/"
    assert client.get(changelist).status_code == 200
    assert client.get(f"{changelist}{article.pk}/change/").status_code == 200
    client.post(changelist, {"action": "publish_action", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.DRAFT  # refused: not reviewed and approved
    client.post(changelist, {"action": "submit_action", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.submitted_by == admin_user
    settings.EDITORIAL_ALLOW_SELF_APPROVAL = True
    client.post(changelist, {"action": "approve_action", "_selected_action": [article.pk]})
    client.post(changelist, {"action": "publish_action", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_live
    reasons = set(article.history.values_list("history_change_reason", flat=True))
    assert {"Submitted for review", "Approved", "Published"} <= reasons
