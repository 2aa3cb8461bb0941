"""The editorial workflow: draft → in review → approved → scheduled/published → withdrawn."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article
from editorial import services
from editorial.models import Status
from tests.factories import ArticleFactory, EditorFactory


@pytest.fixture
def other_editor(db):
    return EditorFactory(username="eve", display_name="Eve Editor")


@pytest.fixture
def draft(ed):
    article = Article(title="EPR go-live", slug="epr-go-live", standfirst="How it went.", body="It went **well**.")
    return services.save_item(item=article, by=ed)


def test_a_new_item_is_a_draft_with_a_first_revision(draft, ed):
    assert draft.status == Status.DRAFT
    assert draft.created_by == ed
    assert draft.history.count() == 1
    assert draft.history.first().history_user == ed
    assert draft.body_html == "<p>It went <strong>well</strong>.</p>\n"


def test_full_journey_with_two_editors(draft, ed, other_editor):
    item = services.submit(item=draft, by=ed)
    assert item.status == Status.IN_REVIEW and item.submitted_by == ed
    item = services.approve(item=item, by=other_editor)
    assert item.approved_by == other_editor
    item = services.publish(item=item, by=ed)
    assert item.status == Status.PUBLISHED and item.is_live
    assert Article.objects.published().filter(pk=item.pk).exists()
    item = services.withdraw(item=item, by=ed)
    assert item.status == Status.WITHDRAWN
    assert not Article.objects.published().filter(pk=item.pk).exists()
    reasons = list(item.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Created", "Submitted for review", "Approved", "Published", "Withdrawn"]


def test_self_approval_is_refused_by_default(draft, ed):
    item = services.submit(item=draft, by=ed)
    with pytest.raises(services.WorkflowError, match="Another editor"):
        services.approve(item=item, by=ed)


def test_self_approval_when_settings_allow(draft, ed, settings):
    settings.EDITORIAL_ALLOW_SELF_APPROVAL = True
    item = services.submit(item=draft, by=ed)
    assert services.approve(item=item, by=ed).approved_by == ed


def test_cannot_publish_or_schedule_without_approval(draft, ed):
    with pytest.raises(services.WorkflowError):
        services.publish(item=draft, by=ed)
    item = services.submit(item=draft, by=ed)
    with pytest.raises(services.WorkflowError, match="approve"):
        services.schedule(item=item, by=ed, publish_at=timezone.now() + dt.timedelta(days=1))


def test_non_editors_cannot_run_transitions(draft, alice, mo):
    for person in (alice, mo):
        with pytest.raises(services.WorkflowError):
            services.submit(item=draft, by=person)


def test_scheduled_item_appears_by_itself_when_its_time_comes(draft, ed, other_editor):
    item = services.approve(item=services.submit(item=draft, by=ed), by=other_editor)
    item = services.schedule(item=item, by=ed, publish_at=timezone.now() + dt.timedelta(hours=2))
    assert item.status == Status.SCHEDULED
    assert not Article.objects.published().filter(pk=item.pk).exists()
    # Time passes (we move the publish time into the past instead of waiting).
    Article.objects.filter(pk=item.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    assert Article.objects.published().filter(pk=item.pk).exists()
    item.refresh_from_db()
    assert item.workflow_label == "Published"


def test_scheduling_in_the_past_is_refused(draft, ed, other_editor):
    item = services.approve(item=services.submit(item=draft, by=ed), by=other_editor)
    with pytest.raises(services.WorkflowError, match="future"):
        services.schedule(item=item, by=ed, publish_at=timezone.now() - dt.timedelta(minutes=1))


def test_editing_after_approval_needs_a_new_approval(draft, ed, other_editor):
    item = services.approve(item=services.submit(item=draft, by=ed), by=other_editor)
    item.title = "Changed after approval"
    item = services.save_item(item=item, by=ed)
    assert not item.is_approved
    with pytest.raises(services.WorkflowError):
        services.publish(item=item, by=ed)


def test_restore_copies_content_but_not_status(draft, ed, other_editor):
    first_revision = draft.history.earliest("history_date")
    draft.title = "A much worse title"
    draft.body = "Worse body"
    services.save_item(item=draft, by=ed)
    item = services.approve(item=services.submit(item=draft, by=ed), by=other_editor)
    item = services.publish(item=item, by=ed)
    restored = services.restore(item=item, history_id=first_revision.history_id, by=ed)
    assert restored.title == "EPR go-live"
    assert restored.body_html == "<p>It went <strong>well</strong>.</p>\n"
    assert restored.status == Status.PUBLISHED
    assert restored.history.earliest("history_date").history_id == first_revision.history_id
    assert restored.history.latest("history_date").history_change_reason.startswith("Restored")


def test_restore_of_another_items_revision_is_refused(draft, ed):
    other = ArticleFactory()
    services.save_item(item=other, by=ed)
    foreign = other.history.first()
    with pytest.raises(services.WorkflowError):
        services.restore(item=draft, history_id=foreign.history_id, by=ed)


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_published_excludes_non_live_statuses(db, status):
    ArticleFactory(status=status, publish_at=timezone.now() - dt.timedelta(days=1))
    assert not Article.objects.published().exists()


def test_published_excludes_scheduled_before_its_time(db):
    ArticleFactory(status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(minutes=5))
    ArticleFactory(status=Status.PUBLISHED, publish_at=None)
    assert not Article.objects.published().exists()


def test_editors_have_model_permissions_from_the_data_migration(ed, alice):
    for codename in ("articles.add_article", "articles.change_article", "editorial.change_topic"):
        assert ed.has_perm(codename), codename
        assert not alice.has_perm(codename), codename
    for codename in ("profiles.add_ccioprofile", "profiles.change_organisation", "profiles.view_directoryentry"):
        assert ed.has_perm(codename), codename
    assert not ed.has_perm("articles.delete_article")


def test_a_reviewer_sends_an_item_back_to_draft(draft, ed, other_editor):
    item = services.approve(item=services.submit(item=draft, by=ed), by=other_editor)
    item = services.return_to_draft(item=item, by=other_editor)
    assert item.status == Status.DRAFT and not item.is_approved
    with pytest.raises(services.WorkflowError):
        services.return_to_draft(item=item, by=other_editor)
