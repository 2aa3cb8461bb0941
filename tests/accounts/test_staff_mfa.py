"""Editors, moderators and staff must set up a second factor before using their powers."""

from django.urls import reverse

from tests.factories import TEST_PASSWORD, MemberFactory, UserFactory


def test_staff_without_mfa_are_sent_to_set_it_up_before_the_admin(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True, mfa=False)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_mfa_use_the_admin(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True, mfa=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/membershipapplication/").status_code == 200


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_members_are_refused_the_admin(alice_client):
    response = alice_client.get("/admin/")
    assert response.status_code in (302, 403)
    assert b"Site administration" not in response.content


def test_setting_up_mfa_asks_for_the_password_again(alice_client):
    response = alice_client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_mfa_is_offered_to_every_member_after_reauthenticating(alice_client):
    alice_client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    response = alice_client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert b"Authenticator" in response.content


def test_admin_approval_goes_through_the_same_rule(client, db, django_capture_on_commit_callbacks):
    from accounts.models import MembershipApplication
    from tests.factories import MembershipApplicationFactory

    admin = UserFactory(is_staff=True, is_superuser=True, mfa=True)
    application = MembershipApplicationFactory()
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/accounts/membershipapplication/",
            {"action": "approve", "_selected_action": [application.pk]},
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.user.is_member


def test_members_need_no_mfa_for_member_pages(db, client):
    client.force_login(MemberFactory())
    assert client.get(reverse("accounts:settings")).status_code == 200
