"""Vetted membership: NHS addresses join at once, others apply and a moderator decides."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import MembershipApplication
from accounts.services import email_verified, is_nhs_email
from tests.factories import MembershipApplicationFactory, ModeratorFactory, UserFactory


@pytest.mark.parametrize(
    "email",
    ["a@nhs.net", "b@somerset.nhs.uk", "c@nhs.scot", "d@wales.nhs.uk", "e@hscni.net", "F@NHS.NET"],
)
def test_nhs_addresses(email):
    assert is_nhs_email(email)


@pytest.mark.parametrize("email", ["a@gmail.com", "b@nhs.net.evil.example", "c@fakenhs.net", "d@nhs.uk.example"])
def test_other_addresses(email):
    assert not is_nhs_email(email)


def test_verifying_an_nhs_address_makes_a_member(db):
    user = UserFactory(email="jane@nhs.net", verified=False)
    assert email_verified(user=user, email=user.email)
    user.refresh_from_db()
    assert user.is_member


def test_verifying_another_address_does_not(db):
    user = UserFactory(email="jane@supplier.example", verified=False)
    assert not email_verified(user=user, email=user.email)
    assert not user.is_member


@pytest.fixture
def claire(db):
    return UserFactory(username="claire", email="claire@supplier.example", display_name="Claire Dobson")


@pytest.fixture
def claire_client(client, claire):
    client.force_login(claire)
    return client


def test_an_applicant_applies(claire_client, claire):
    response = claire_client.post(
        reverse("accounts:apply"),
        {"job_title": "Clinical Safety Officer", "organisation": "Acme Health", "reason": "To learn from CCIOs."},
    )
    assert response.status_code == 302
    application = MembershipApplication.objects.get(user=claire)
    assert application.status == MembershipApplication.Status.PENDING
    assert claire_client.get(reverse("accounts:apply")).status_code == 200


def test_an_empty_application_is_refused_and_keeps_what_was_typed(claire_client, claire):
    response = claire_client.post(
        reverse("accounts:apply"), {"job_title": "Clinical Safety Officer", "organisation": "", "reason": ""}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert b"Clinical Safety Officer" in response.content
    assert not MembershipApplication.objects.exists()


def test_an_unverified_account_cannot_apply(una_client, una):
    una.email = "una@supplier.example"
    una.save()
    response = una_client.get(reverse("accounts:apply"))
    assert response.status_code == 302
    assert response.url == reverse("account_email")


def test_hostile_text_in_an_application_is_escaped_in_the_queue(claire, mo_client):
    MembershipApplicationFactory(user=claire, reason="<script>alert(1)</script>", organisation="<b>Acme</b>")
    response = mo_client.get(reverse("accounts:application_queue"))
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content
    assert b"<b>Acme</b>" not in response.content


def test_a_moderator_approves(claire, mo_client, django_capture_on_commit_callbacks):
    application = MembershipApplicationFactory(user=claire)
    with django_capture_on_commit_callbacks(execute=True):
        response = mo_client.post(
            reverse("accounts:application_decide", args=[application.pk]), {"decision": "approve", "reason": ""}
        )
    assert response.status_code == 302
    claire.refresh_from_db()
    assert claire.is_member
    assert [m.to for m in mail.outbox] == [[claire.email]]
    assert "approved" in mail.outbox[0].body


def test_declining_needs_a_reason(claire, mo_client, django_capture_on_commit_callbacks):
    application = MembershipApplicationFactory(user=claire)
    mo_client.post(reverse("accounts:application_decide", args=[application.pk]), {"decision": "reject"})
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        mo_client.post(
            reverse("accounts:application_decide", args=[application.pk]),
            {"decision": "reject", "reason": "This network is for NHS staff."},
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert not claire.is_member
    assert "This network is for NHS staff." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("visitor_client", 302), ("una_client", 403), ("alice_client", 403), ("ed_client", 403), ("mo_client", 200)],
)
def test_only_moderators_see_the_queue(db, request, client_name, expected):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("accounts:application_queue")).status_code == expected


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("visitor_client", 302), ("una_client", 403), ("alice_client", 403), ("ed_client", 403), ("sam_client", 403)],
)
def test_only_moderators_decide(request, claire, client_name, expected):
    application = MembershipApplicationFactory(user=claire)
    client = request.getfixturevalue(client_name)
    response = client.post(reverse("accounts:application_decide", args=[application.pk]), {"decision": "approve"})
    assert response.status_code == expected
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_a_moderator_without_mfa_is_sent_to_set_it_up(client, db):
    moderator = ModeratorFactory(mfa=False)
    client.force_login(moderator)
    response = client.get(reverse("accounts:application_queue"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_queue_query_budget(mo_client, django_assert_max_num_queries):
    for n in range(30):
        MembershipApplicationFactory(user=UserFactory(username=f"applicant{n}"))
    with django_assert_max_num_queries(12):
        response = mo_client.get(reverse("accounts:application_queue"))
    assert response.content.count(b"Approve") == 25


def test_applicants_verified_status_is_checked_through_allauth(claire):
    assert EmailAddress.objects.filter(user=claire, verified=True).exists()


def test_saving_a_display_name_never_undoes_a_suspension_made_meanwhile(alice_client, alice, mo, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from accounts import services
    from accounts.forms import DisplayNameForm

    until = timezone.now() + dt.timedelta(days=3)
    real_clean = DisplayNameForm.clean

    def clean_while_a_moderator_suspends(form):
        services.suspend(user=type(alice).objects.get(pk=alice.pk), until=until, reason="Cooling off")
        return real_clean(form)

    monkeypatch.setattr(DisplayNameForm, "clean", clean_while_a_moderator_suspends)
    alice_client.post("/account/", {"display_name": "Dr A. Adams"})
    alice.refresh_from_db()
    assert alice.display_name == "Dr A. Adams" and alice.suspended_until == until
