"""Editors hear when an item awaits their review, and the submitter hears what became of it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import capfirst

from editorial import services
from editorial.models import Status
from notifications import kinds
from notifications.models import Notification, NotificationPreference
from notifications.preferences import set_preference
from tests.factories import ArticleFactory, CCIOProfileFactory, EditorFactory, UserFactory

PREFERENCES = "/account/notifications/"


@pytest.fixture
def eve(db):
    return EditorFactory(username="eve", display_name="Eve Editor")


@pytest.fixture
def draft(db):
    return ArticleFactory(status=Status.DRAFT, publish_at=None, title="EPR go-live")


def _received(user, kind=None):
    notes = Notification.objects.filter(recipient=user)
    return list(notes.filter(kind=kind) if kind else notes)


def _submit_url(item):
    return f"/editor/{item.editorial_label()}/{item.pk}/submit/"


# --- sent for review ----------------------------------------------------------


@pytest.mark.parametrize("factory", [ArticleFactory, CCIOProfileFactory])
def test_submitting_tells_every_other_active_editor(factory, ed, eve, alice, mo):
    item = factory(status=Status.DRAFT, publish_at=None)
    retired = EditorFactory(is_active=False)
    services.submit(item=item, by=ed)
    [note] = _received(eve)
    assert note.kind == "editorial.review"
    assert note.title == f"sent “{item}” for review"  # the name is shown as it is now
    assert note.text == f"Ed Editor sent “{item}” for review"
    assert note.url == item.get_editor_url() == f"/editor/{item.editorial_label()}/{item.pk}/"
    assert note.actor == ed
    assert note.body.startswith(capfirst(item._meta.verbose_name))  # "CCIO profile", never "Ccio profile"
    for nobody in (ed, alice, mo, retired):
        assert _received(nobody) == []


def test_a_superuser_is_an_editor_and_hears_too(ed, draft):
    admin = UserFactory(is_superuser=True, is_staff=True, mfa=True)
    services.submit(item=draft, by=ed)
    assert [n.kind for n in _received(admin)] == ["editorial.review"]


def test_editors_without_two_factor_authentication_hear_nothing(ed, draft):
    """Their role counts for nothing until they set up TOTP: no draft titles in their notifications."""
    admin = UserFactory(is_superuser=True, is_staff=True, mfa=False)
    unprotected = EditorFactory(username="unprotected", mfa=False)
    services.submit(item=draft, by=ed)
    assert _received(admin) == [] and _received(unprotected) == []


def test_email_follows_each_editors_preference(ed, eve, draft, mailoutbox, django_capture_on_commit_callbacks):
    quiet = EditorFactory(username="quiet")
    set_preference(user=quiet, kind="editorial.review", frequency=kinds.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(item=draft, by=ed)
    [message] = mailoutbox
    assert message.to == [eve.email]
    assert "Ed Editor sent “EPR go-live” for review" in message.subject
    assert draft.get_editor_url() in message.body
    # On the site all the same.
    assert len(_received(quiet)) == 1


def test_no_email_before_the_transition_commits(ed, eve, draft, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit(item=draft, by=ed)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [[eve.email]]


def test_a_member_cannot_submit_and_nobody_hears(alice, eve, draft):
    with pytest.raises(services.WorkflowError):
        services.submit(item=draft, by=alice)
    assert not Notification.objects.exists()


def test_submitting_twice_is_refused_and_told_once(ed, eve, draft):
    services.submit(item=draft, by=ed)
    with pytest.raises(services.WorkflowError, match="Only a draft"):
        services.submit(item=draft, by=ed)
    assert len(_received(eve)) == 1


def _submit_queries(submitter):
    item = ArticleFactory(status=Status.DRAFT, publish_at=None)
    submitter = type(submitter).objects.get(pk=submitter.pk)  # roles not yet fetched, as in a request
    with CaptureQueriesContext(connection) as captured:
        services.submit(item=item, by=submitter)
    return len(captured), Notification.objects.filter(kind="editorial.review", url=item.get_editor_url()).count()


def test_submitting_costs_the_same_queries_for_2_or_10_editors(db):
    submitter = EditorFactory()
    EditorFactory()
    few, told = _submit_queries(submitter)
    assert told == 1
    EditorFactory.create_batch(8)
    many, told = _submit_queries(submitter)
    assert told == 9
    assert many == few


def test_submitting_in_the_editor_area_rings_the_other_editors_bell(ed_client, eve, draft, client):
    client.force_login(eve)
    assert "Notifications, 1 unread" not in client.get("/").content.decode()
    response = ed_client.post(_submit_url(draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    page = client.get("/").content.decode()
    assert "Notifications, 1 unread" in page
    listing = client.get("/notifications/").content.decode()
    assert "Ed Editor sent “EPR go-live” for review" in listing


@pytest.mark.parametrize("persona", ["alice_client", "mo_client"])
def test_a_refused_submit_in_the_editor_area_notifies_nobody(request, persona, eve, draft):
    client = request.getfixturevalue(persona)
    assert client.post(_submit_url(draft)).status_code == 403
    assert not Notification.objects.exists()


def test_a_hostile_title_is_plain_text_in_the_notification(ed, eve, client):
    item = ArticleFactory(status=Status.DRAFT, publish_at=None, title="<script>alert(1)</script>")
    services.submit(item=item, by=ed)
    client.force_login(eve)
    html = client.get("/notifications/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- what became of it -----------------------------------------------------------


def test_approval_tells_the_submitter(ed, eve, draft):
    services.submit(item=draft, by=ed)
    services.approve(item=draft, by=eve)
    [note] = _received(ed, "editorial.decision")
    assert note.text == "Eve Editor approved “EPR go-live”"
    assert note.url == draft.get_editor_url()
    assert note.actor == eve
    assert _received(eve, "editorial.decision") == []


def test_sending_back_to_draft_tells_the_submitter(ed, eve, draft):
    services.submit(item=draft, by=ed)
    services.return_to_draft(item=draft, by=eve)
    [note] = _received(ed, "editorial.decision")
    assert note.text == "Eve Editor sent “EPR go-live” back to draft"


def test_the_submitter_acting_on_their_own_item_is_not_told(ed, eve, draft, settings):
    settings.EDITORIAL_ALLOW_SELF_APPROVAL = True
    services.submit(item=draft, by=ed)
    services.approve(item=draft, by=ed)
    services.return_to_draft(item=draft, by=ed)
    assert _received(ed) == []


def test_a_refused_approval_tells_nobody(ed, eve, draft):
    services.submit(item=draft, by=ed)
    with pytest.raises(services.WorkflowError, match="Another editor"):
        services.approve(item=draft, by=ed)
    services.approve(item=draft, by=eve)
    with pytest.raises(services.WorkflowError, match="already approved"):
        services.approve(item=draft, by=eve)
    assert len(_received(ed, "editorial.decision")) == 1


def test_a_submitter_who_is_no_longer_an_editor_is_not_told(ed, eve, draft):
    services.submit(item=draft, by=ed)
    ed.groups.clear()
    services.approve(item=draft, by=eve)
    assert _received(ed) == []


def test_approving_in_the_editor_area_tells_the_submitter(ed, eve, draft, client):
    services.submit(item=draft, by=ed)
    client.force_login(eve)
    assert client.post(f"/editor/{draft.editorial_label()}/{draft.pk}/approve/").status_code == 302
    assert [n.text for n in _received(ed)] == ["Eve Editor approved “EPR go-live”"]


# --- the preference is for editors only -------------------------------------------


def test_editors_can_choose_how_they_hear_about_reviews(ed_client, ed):
    html = ed_client.get(PREFERENCES).content.decode()
    assert "Editorial" in html
    assert 'id="id_editorial.review"' in html and 'id="id_editorial.decision"' in html
    data = {kind.code: kind.default for kind in kinds.offered_to(ed)}
    data["editorial.review"] = kinds.DAILY
    assert ed_client.post(PREFERENCES, data).status_code == 302
    assert NotificationPreference.objects.get(recipient=ed, kind="editorial.review").frequency == kinds.DAILY


@pytest.mark.parametrize("persona", ["alice_client", "mo_client", "una_client"])
def test_others_are_not_offered_the_editorial_preferences(request, persona):
    client = request.getfixturevalue(persona)
    html = client.get(PREFERENCES).content.decode()
    assert "Editorial" not in html
    assert "editorial.review" not in html
    data = {kind.code: kind.default for kind in kinds.all_kinds()}
    data["editorial.review"] = kinds.NEVER
    assert client.post(PREFERENCES, data).status_code == 302
    assert not NotificationPreference.objects.filter(kind="editorial.review").exists()
