"""Sign up, verify, sign in, sign out and reset a password through allauth."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, MemberFactory

SIGNUP = {
    "email": "jane.smith@nhs.net",
    "username": "janesmith",
    "display_name": "Dr Jane Smith",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def verification_link():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", body).group(0)


def test_signup_sends_a_verification_email_and_verifying_makes_an_nhs_member(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(username="janesmith")
    assert user.display_name == "Dr Jane Smith"
    assert not user.is_member
    assert len(mail.outbox) == 1
    link = verification_link()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    user = User.objects.get(pk=user.pk)
    assert user.is_member


def test_an_unverified_member_cannot_sign_in(client, db):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    response = client.post(reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", b"at least 12 characters"),
        ("password1234", b"too common"),
        ("123456789012345", b"entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(client, db, password, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password1": password, "password2": password})
    assert response.status_code == 200
    assert message in response.content
    assert b"jane.smith@nhs.net" in response.content  # what was typed is kept
    assert not User.objects.exists()


def test_a_long_passphrase_without_symbols_is_fine(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302


def test_the_honeypot_catches_bots(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "phone_number": "0123456789"})
    assert response.status_code == 302  # the bot is told all went well
    assert not User.objects.exists()
    assert not mail.outbox


def test_signing_up_with_a_taken_email_does_not_reveal_the_account(client, alice):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": alice.email})
    assert response.status_code == 302  # same answer as for a new address
    assert User.objects.filter(email=alice.email).count() == 1
    assert "already" in mail.outbox[-1].body.lower()  # the owner is told by email instead


def test_hostile_display_name_is_escaped(client, db):
    client.post(reverse("account_signup"), {**SIGNUP, "display_name": "<script>alert(1)</script>"})
    user = User.objects.get()
    client.force_login(user)
    response = client.get("/")
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_sign_in_and_out(client, db):
    member = MemberFactory(email="pat@nhs.net", display_name="Dr Pat Jones")
    response = client.post(reverse("account_login"), {"login": "PAT@nhs.net", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert b"Dr Pat Jones" in client.get("/").content
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert member.is_member


def test_login_attempts_are_rate_limited(client, db):
    MemberFactory(email="pat@nhs.net")
    for _ in range(6):
        response = client.post(reverse("account_login"), {"login": "pat@nhs.net", "password": "wrong password!"})
    assert b"Too many failed attempts to sign in" in response.content
    response = client.post(reverse("account_login"), {"login": "pat@nhs.net", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_password_reset(client, db):
    member = MemberFactory(email="pat@nhs.net")
    client.post(reverse("account_reset_password"), {"email": "pat@nhs.net"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a brand new passphrase")
    assert any("password" in m.subject.lower() for m in mail.outbox[1:])  # told it changed


def test_password_reset_for_an_unknown_address_says_the_same(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@nhs.net"})
    assert response.status_code == 302
