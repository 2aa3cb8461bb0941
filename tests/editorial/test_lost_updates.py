"""An edit saved while another editor moves the item through the workflow never undoes the move.

The edit writes its content; the workflow fields (status, publish time,
approvals) stay as they are in the database. This lives in
editorial.services.save_item, so every model in the editorial registry gets
it: the generic test below runs for each one that has a factory named after it.
"""

import pytest
from django.utils import timezone

from editorial import registry, services
from editorial.models import Status
from tests import factories
from tests.editorial.helpers import image_upload


def _editors():
    return factories.EditorFactory(), factories.EditorFactory()


def _factory_for(model):
    factory = getattr(factories, f"{model.__name__}Factory", None)
    if factory is None:
        pytest.skip(f"No factory for {model.__name__} in tests/factories.py")
    return factory


def _approved_in_review(model, writer, reviewer):
    item = _factory_for(model)(status=Status.DRAFT, publish_at=None)
    item = services.submit(item=item, by=writer)
    return services.approve(item=item, by=reviewer)


def _first_text_field(model):
    return next(f for f in services.content_fields(model) if f.get_internal_type() == "CharField" and f.name != "slug")


@pytest.mark.parametrize("label", [entry.label for entry in registry.entries()])
def test_an_edit_read_before_a_publish_keeps_the_item_published(label, db):
    model = registry.get(label).model
    writer, reviewer = _editors()
    item = _approved_in_review(model, writer, reviewer)
    stale = model.objects.get(pk=item.pk)  # the editor opens the edit form...
    services.publish(item=item, by=reviewer)  # ...another editor publishes meanwhile
    field = _first_text_field(model)
    setattr(stale, field.attname, "Changed while it was being published")
    services.save_item(item=stale, by=writer)

    saved = model.objects.get(pk=item.pk)
    assert getattr(saved, field.attname) == "Changed while it was being published"
    assert saved.status == Status.PUBLISHED and saved.is_live
    assert saved.approved_by == reviewer and saved.submitted_by == writer
    assert saved.publish_at is not None


@pytest.mark.parametrize("label", [entry.label for entry in registry.entries()])
def test_an_edit_read_before_a_withdrawal_keeps_the_item_withdrawn(label, db):
    model = registry.get(label).model
    writer, reviewer = _editors()
    item = _factory_for(model)()  # published
    stale = model.objects.get(pk=item.pk)
    services.withdraw(item=item, by=reviewer)
    services.save_item(item=stale, by=writer)
    assert model.objects.get(pk=item.pk).status == Status.WITHDRAWN


def test_an_approved_item_edited_after_approval_still_loses_its_approval(db):
    writer, reviewer = _editors()
    article = _approved_in_review(registry.get("articles.article").model, writer, reviewer)
    article.title = "Edited after approval"
    services.save_item(item=article, by=writer)
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW and article.approved_by is None


def test_the_admin_may_still_set_the_publish_time_of_a_draft(db):
    writer, _ = _editors()
    article = factories.ArticleFactory(status=Status.DRAFT, publish_at=None)
    stale = type(article).objects.get(pk=article.pk)
    when = timezone.now() + timezone.timedelta(days=3)
    stale.publish_at = when
    services.save_item(item=stale, by=writer, reason="Edited in the admin")
    article.refresh_from_db()
    assert article.publish_at == when


def test_saving_an_article_with_a_big_image_while_it_is_published(ed_client, ed, monkeypatch):
    """The issue's case over HTTP: the image is processed while another editor publishes; both win."""
    reviewer = factories.EditorFactory()
    article = _approved_in_review(registry.get("articles.article").model, ed, reviewer)
    import core.images

    real = core.images.process_image

    def slow_image(upload, **kwargs):
        processed = real(upload, **kwargs)
        services.publish(item=article, by=reviewer)  # happens while the upload is being processed
        return processed

    monkeypatch.setattr(core.images, "process_image", slow_image)
    response = ed_client.post(
        f"/editor/articles/{article.pk}/edit/",
        {
            "title": "With a new picture",
            "slug": article.slug,
            "standfirst": article.standfirst,
            "body": article.body,
            "hero_image": image_upload(),
            "hero_alt": "A ward at night",
            "hero_caption": "Photo: the trust",
            "seo_description": "",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "With a new picture" and article.hero_image
    assert article.status == Status.PUBLISHED and article.is_live
    assert ed_client.get(article.get_absolute_url()).status_code == 200


def _article_edit_data(client, article, **changes):
    form = client.get(f"/editor/articles/{article.pk}/edit/").context["form"]
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "hero_alt": "",
        "hero_caption": "",
        "seo_description": "",
        "topics": [t.pk for t in article.topics.all()],
        "authors": [a.pk for a in article.authors.all()],
        "seen_version": form.initial["seen_version"],
    }
    return {**data, **changes}


def test_two_editors_changing_different_fields_both_keep_their_changes(ed_client, ed):
    other = factories.EditorFactory()
    careers = factories.TopicFactory(name="Careers")
    article = factories.ArticleFactory(title="Old title", standfirst="Old standfirst.")
    data = _article_edit_data(ed_client, article, title="Ed's new title")
    theirs = type(article).objects.get(pk=article.pk)
    theirs.standfirst = "Their new standfirst."
    services.save_item(item=theirs, by=other)
    theirs.topics.add(careers)

    assert ed_client.post(f"/editor/articles/{article.pk}/edit/", data).status_code == 302

    article.refresh_from_db()
    assert article.title == "Ed's new title" and article.standfirst == "Their new standfirst."
    assert list(article.topics.all()) == [careers]  # their topic, which ed's form did not change


def test_two_editors_changing_the_same_field_are_told_and_the_text_is_kept(ed_client, ed):
    other = factories.EditorFactory()
    article = factories.ArticleFactory(body="The original body.")
    data = _article_edit_data(ed_client, article, body="Ed's long rewrite of the body.")
    theirs = type(article).objects.get(pk=article.pk)
    theirs.body = "Their quick fix."
    services.save_item(item=theirs, by=other)

    response = ed_client.post(f"/editor/articles/{article.pk}/edit/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "While you were editing, someone else changed body" in page
    assert "Ed&#x27;s long rewrite of the body." in page or "Ed's long rewrite of the body." in page
    article.refresh_from_db()
    assert article.body == "Their quick fix."
    again = {**data, "seen_version": response.context["form"].data["seen_version"]}
    assert ed_client.post(f"/editor/articles/{article.pk}/edit/", again).status_code == 302
    article.refresh_from_db()
    assert article.body == "Ed's long rewrite of the body."
