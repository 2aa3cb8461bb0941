"""The library list is kept as rendered HTML for members too, and a change shows at once.

The list is the same for everyone (members-only resources are listed for all,
with their badge): it is rendered once per content version and choice of
filters, and kept no longer than until the next scheduled resource goes live.
Only the line pointing to the member's learning plan and CPD log is theirs,
and it is written around the kept list on every view.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from accounts.services import add_role
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]

PLAN_LINK = 'href="/account/learning/"'


def _list(client, query=""):
    response = client.get(f"/resources/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_a_members_second_view_reads_nothing(alice_client):
    factories.ResourceFactory(title="Introduction to FHIR")
    first = _list(alice_client)
    with CaptureQueriesContext(connection) as queries:
        second = _list(alice_client)
    assert [q["sql"] for q in queries if "django_session" not in q["sql"]] == []
    assert "Introduction to FHIR" in second
    assert first.split("<h1>", 1)[1].split("</main>")[0] == second.split("<h1>", 1)[1].split("</main>")[0]


def test_the_plan_line_is_the_members_own(alice_client, visitor_client, una_client):
    factories.ResourceFactory(title="Introduction to FHIR")
    # Whoever comes first, the kept list is shared and the member's line is not.
    assert PLAN_LINK not in _list(visitor_client, "?kind=course")
    assert PLAN_LINK in _list(alice_client, "?kind=course")
    assert PLAN_LINK in _list(alice_client)
    assert PLAN_LINK not in _list(visitor_client)
    assert PLAN_LINK not in _list(una_client)


def test_a_change_of_role_shows_the_line_at_once(una, una_client):
    assert PLAN_LINK not in _list(una_client)
    add_role(una, roles.MEMBERS)
    assert PLAN_LINK in _list(una_client)


def test_a_new_edited_or_withdrawn_resource_shows_at_once_to_members(alice_client):
    _list(alice_client)
    resource = factories.ResourceFactory(title="Fresh guide", access="members")
    page = _list(alice_client)
    assert "Fresh guide" in page and "Members only" in page
    resource.title = "Fresher guide"
    resource.save()
    assert "Fresher guide" in _list(alice_client)
    resource.status = "withdrawn"
    resource.save()
    assert "Fresher guide" not in _list(alice_client)


def test_a_useful_mark_changes_the_count_at_once(alice, alice_client, bob_client):
    resource = factories.ResourceFactory(title="Hazard log template")
    assert "found it useful" not in _list(bob_client, "?sort=useful")
    alice_client.post(f"/resources/{resource.slug}/useful/")
    assert "1 found it useful" in _list(bob_client, "?sort=useful")
    alice_client.post(f"/resources/{resource.slug}/useful/", {"action": "unmark"})
    assert "found it useful" not in _list(bob_client, "?sort=useful")


def test_a_scheduled_resource_appears_when_it_goes_live(alice_client, monkeypatch):
    live_at = timezone.now() + dt.timedelta(hours=1)
    factories.ResourceFactory(title="Scheduled guide", status="scheduled", publish_at=live_at)
    assert "Scheduled guide" not in _list(alice_client)
    later = live_at + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Scheduled guide" in _list(alice_client)


def test_each_choice_of_filters_is_kept_apart(alice_client):
    factories.ResourceFactory(title="A course", kind="course")
    factories.ResourceFactory(title="A guide", kind="guide")
    courses, guides = _list(alice_client, "?kind=course"), _list(alice_client, "?kind=guide")
    assert "A course" in courses and "A guide" not in courses
    assert "A guide" in guides and "A course" not in guides
    assert "Resources: filtered" in courses and "<title>Resources: filtered" not in _list(alice_client)
