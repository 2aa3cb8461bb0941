"""A CCIO profile readers once saw and the editors then withdrew answers 410 Gone; one never published stays 404."""

import datetime as dt

import pytest
from django.utils import timezone

from editorial import services
from editorial.models import Status
from tests.factories import CCIOProfileFactory, EditorFactory

pytestmark = pytest.mark.django_db

URL = "/profiles/dr-jane-example/"


@pytest.fixture
def eve():
    return EditorFactory(username="eve", display_name="Eve Editor")


@pytest.fixture
def withdrawn(ed):
    profile = CCIOProfileFactory(name="Dr Jane Example", headline="Jane's decade as CCIO", slug="dr-jane-example")
    return services.withdraw(item=profile, by=ed)


def _approved(ed, eve):
    draft = CCIOProfileFactory(slug="dr-jane-example", status=Status.DRAFT, publish_at=None)
    services.submit(item=draft, by=ed)
    return services.approve(item=draft, by=eve)


@pytest.mark.parametrize("who", ["visitor_client", "alice_client", "mo_client", "una_client"])
def test_readers_are_told_it_was_withdrawn(who, withdrawn, request):
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 410
    page = response.content.decode()
    assert "<h1>This profile has been withdrawn</h1>" in page
    assert 'href="/profiles/"' in page
    assert "Skip to main content" in page and "<title>Profile withdrawn · " in page  # the site's own page
    assert "Dr Jane Example" not in page and "decade as CCIO" not in page


def test_editors_still_see_the_withdrawn_profile(ed_client, withdrawn):
    response = ed_client.get(URL)
    assert response.status_code == 200
    assert b"decade as CCIO" in response.content
    assert b'data-testid="workflow-status"' in response.content


def test_withdrawn_from_review_was_never_published(visitor_client, alice_client, ed, eve):
    services.withdraw(item=_approved(ed, eve), by=ed)
    assert visitor_client.get(URL).status_code == 404
    assert alice_client.get(URL).status_code == 404


def test_withdrawn_before_its_scheduled_time_was_never_published(visitor_client, ed, eve, monkeypatch):
    item = services.schedule(item=_approved(ed, eve), by=ed, publish_at=timezone.now() + dt.timedelta(hours=1))
    services.withdraw(item=item, by=ed)
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visitor_client.get(URL).status_code == 404


def test_a_draft_and_an_unknown_address_are_404(visitor_client, alice_client):
    CCIOProfileFactory(slug="dr-jane-example", status=Status.DRAFT, publish_at=None)
    for client in (visitor_client, alice_client):
        assert client.get(URL).status_code == 404
        assert client.get("/profiles/no-such-profile/").status_code == 404


def test_a_withdrawn_profile_stays_off_the_list(visitor_client, withdrawn):
    assert b"dr-jane-example" not in visitor_client.get("/profiles/").content
