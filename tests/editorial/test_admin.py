"""The admin for editorial models renders, and its workflow goes through editorial.services."""

import pytest

from editorial.models import Status
from profiles.models import CCIOProfile
from tests.factories import (
    ArticleFactory,
    CCIOProfileFactory,
    DirectoryEntryFactory,
    OrganisationFactory,
    TopicFactory,
    UserFactory,
)


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="root", mfa=True)
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "factory,path",
    [
        (TopicFactory, "editorial/topic"),
        (ArticleFactory, "articles/article"),
        (CCIOProfileFactory, "profiles/ccioprofile"),
        (OrganisationFactory, "profiles/organisation"),
        (DirectoryEntryFactory, "profiles/directoryentry"),
    ],
)
def test_admin_pages_render(admin_client, factory, path):
    obj = factory()
    for url in (f"/admin/{path}/", f"/admin/{path}/add/", f"/admin/{path}/{obj.pk}/change/"):
        assert admin_client.get(url).status_code == 200, url
    if hasattr(obj, "history"):
        assert admin_client.get(f"/admin/{path}/{obj.pk}/history/").status_code == 200


def test_admin_save_records_the_editor_and_keeps_the_status(admin_client):
    profile = CCIOProfileFactory(status=Status.DRAFT, publish_at=None)
    data = {
        "name": profile.name,
        "role_title": "CCIO",
        "headline": "Edited in the admin",
        "slug": profile.slug,
        "standfirst": profile.standfirst,
        "portrait_alt": "",
        "organisation": profile.organisation_id,
        "member": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "answers-TOTAL_FORMS": "0",
        "answers-INITIAL_FORMS": "0",
        "timeline-TOTAL_FORMS": "0",
        "timeline-INITIAL_FORMS": "0",
        "status": "published",  # read-only in the admin: ignored
    }
    response = admin_client.post(f"/admin/profiles/ccioprofile/{profile.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = CCIOProfile.objects.get(pk=profile.pk)
    assert profile.headline == "Edited in the admin"
    assert profile.status == Status.DRAFT
    latest = profile.history.latest("history_date")
    assert latest.history_user.username == "root" and latest.history_change_reason == "Edited in the admin"


def test_admin_revert_is_refused(admin_client):
    article = ArticleFactory()
    record = article.history.first()
    url = f"/admin/articles/article/{article.pk}/history/{record.history_id}/"
    assert admin_client.post(url, {}).status_code == 403


def test_admin_cannot_move_the_time_of_a_live_item(admin_client):
    article = ArticleFactory()
    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert b'name="publish_at_0"' not in response.content
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None)
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/change/")
    assert b'name="publish_at_0"' in response.content
