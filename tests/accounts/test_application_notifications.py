"""Moderators hear when someone applies to join, and see how many wait beside "Applications"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services
from accounts.models import MembershipApplication
from notifications import kinds
from notifications.models import Notification, NotificationPreference
from tests import factories

APPLY = {"job_title": "Clinical Safety Officer", "organisation": "Acme Health", "reason": "To learn from CCIOs."}
PREFERENCES = "/account/notifications/"


@pytest.fixture
def claire(db):
    return factories.UserFactory(username="claire", email="claire@supplier.example", display_name="Claire Dobson")


def _told(user):
    return list(Notification.objects.filter(recipient=user, kind="accounts.application"))


def test_every_moderator_is_told_once(client, claire, mo, alice, ed, mailoutbox, django_capture_on_commit_callbacks):
    admin = factories.UserFactory(username="root", is_superuser=True)
    second = factories.ModeratorFactory(username="mod2")
    client.force_login(claire)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("accounts:apply"), APPLY).status_code == 302
    for moderator in (mo, second, admin):
        (note,) = _told(moderator)
        assert note.actor == claire
        assert note.title == "applied to join the network"
        assert note.url == "/account/applications/"
        assert note.body == "Clinical Safety Officer, Acme Health"
    assert not _told(alice) and not _told(ed) and not _told(claire)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([mo.email, second.email, admin.email])


def test_editing_a_waiting_application_does_not_tell_them_again(claire, mo):
    services.application_submit(user=claire, **APPLY)
    services.application_submit(user=claire, **{**APPLY, "reason": "Changed my mind about the wording."})
    assert len(_told(mo)) == 1


def test_applying_again_after_a_decline_tells_them_again(claire, mo):
    application = services.application_submit(user=claire, **APPLY)
    services.application_decide(application=application, moderator=mo, approve=False, reason="Not an NHS role.")
    services.application_submit(user=claire, **APPLY)
    assert len(_told(mo)) == 2


def test_an_inactive_moderator_is_not_told(claire, mo):
    mo.is_active = False
    mo.save()
    services.application_submit(user=claire, **APPLY)
    assert not _told(mo)


def _queries_to_apply(user):
    with CaptureQueriesContext(connection) as queries:
        services.application_submit(user=user, **APPLY)
    return len(queries)


def test_telling_the_moderators_costs_the_same_for_any_number(claire, mo):
    one_moderator = _queries_to_apply(claire)
    for n in range(12):
        factories.ModeratorFactory(username=f"mod{n}")
    assert (
        _queries_to_apply(factories.UserFactory()) == one_moderator <= 13
    )  # the outbox row of the applicant's email included
    assert Notification.objects.filter(kind="accounts.application").count() == 1 + 13


def test_moderators_choose_how_they_hear(mo_client, mo):
    html = mo_client.get(PREFERENCES).content.decode()
    assert 'id="id_accounts.application"' in html and "Someone applies to join the network" in html
    data = {kind.code: kind.default for kind in kinds.offered_to(mo)}
    data["accounts.application"] = kinds.DAILY
    assert mo_client.post(PREFERENCES, data).status_code == 302
    assert NotificationPreference.objects.get(recipient=mo, kind="accounts.application").frequency == kinds.DAILY


@pytest.mark.parametrize("persona", ["alice_client", "ed_client", "una_client"])
def test_others_are_not_offered_the_preference(request, persona):
    client = request.getfixturevalue(persona)
    html = client.get(PREFERENCES).content.decode()
    assert "accounts.application" not in html
    data = {kind.code: kind.default for kind in kinds.all_kinds()}
    data["accounts.application"] = kinds.NEVER
    assert client.post(PREFERENCES, data).status_code == 302
    assert not NotificationPreference.objects.filter(kind="accounts.application").exists()


# --- the count in the header ------------------------------------------------------


def _applications_link(html):
    start = html.index('data-testid="header-applications"')
    return html[start : html.index("</a>", start)]


def test_moderators_see_how_many_wait(mo_client):
    assert "badge" not in _applications_link(mo_client.get("/").content.decode())
    for _ in range(3):
        factories.MembershipApplicationFactory()
    factories.MembershipApplicationFactory(status=MembershipApplication.Status.REJECTED)
    link = _applications_link(mo_client.get("/").content.decode())
    assert '<span class="badge rounded-pill text-bg-primary" aria-hidden="true">3</span>' in link
    assert '<span class="visually-hidden">, 3 waiting</span>' in link


def test_the_count_is_one_query_for_moderators_and_none_for_anyone_else(client, mo, alice):
    for _ in range(5):
        factories.MembershipApplicationFactory()
    for user, expected in ((mo, 1), (alice, 0)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get("/forum/")
        counted = [q["sql"] for q in queries if "accounts_membershipapplication" in q["sql"]]
        assert len(counted) == expected, counted
        assert ("header-applications" in client.get("/forum/").content.decode()) is (user == mo)
