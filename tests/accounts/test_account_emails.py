"""allauth's emails: in the site's name, with a plain-text and an HTML part laid out like the notification emails."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, MemberFactory, UserFactory

SIGNUP = {
    "username": "janesmith",
    "display_name": "Dr Jane Smith",
    "password1": "a long enough passphrase",
    "password2": "a long enough passphrase",
}


def _html(message):
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def _branded(message):
    """Named as the site, with no trace of the host name allauth would otherwise use."""
    html = _html(message)
    assert message.subject.startswith("[CCIO Network] ")
    for part in (message.body, html):
        assert "CCIO Network" in part
        assert "testserver" not in part.replace("http://testserver/", "")  # only inside links
        assert "Hello from" not in part
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    return html


@pytest.mark.parametrize(("email", "joins_at_once"), [("jane.smith@nhs.net", True), ("jane@supplier.example", False)])
def test_the_verification_email_says_what_happens_next(client, db, email, joins_at_once):
    client.post(reverse("account_signup"), {**SIGNUP, "email": email})
    (message,) = mail.outbox
    html = _branded(message)
    assert message.subject == "[CCIO Network] Confirm your email address"
    link = re.search(r"http://testserver/accounts/confirm-email/\S+/", message.body).group(0)
    assert f'<a href="{link}"><strong>Confirm your email address</strong></a>' in html
    assert message.body.startswith("Hello Dr Jane Smith,")
    assert ("you are a member as soon as you confirm it" in message.body) is joins_at_once
    assert ("A moderator reads every application" in html) is not joins_at_once


def test_the_password_reset_email(client, db):
    MemberFactory(email="pat@nhs.net", display_name="Pat Doe")
    client.post(reverse("account_reset_password"), {"email": "pat@nhs.net"})
    (message,) = mail.outbox
    html = _branded(message)
    assert message.subject == "[CCIO Network] Reset your password"
    link = re.search(r"http://testserver/accounts/password/reset/key/\S+/", message.body).group(0)
    assert f'<a href="{link}"><strong>Choose a new password</strong></a>' in html
    assert "Hello Pat Doe," in html


def test_a_reset_for_an_unknown_address_still_names_the_site(client, db):
    client.post(reverse("account_reset_password"), {"email": "nobody@nhs.net"})
    (message,) = mail.outbox
    html = _branded(message)
    assert "no account uses that address" in message.body and "/accounts/signup/" in html


def test_joining_with_a_taken_address_sends_a_branded_warning(client, alice):
    client.post(reverse("account_signup"), {**SIGNUP, "email": alice.email})
    (message,) = mail.outbox
    _branded(message)
    assert "there is already an account with that address" in message.body


@override_settings(SITE_URL="https://ccio.example")
def test_account_change_emails_name_the_browser_in_words(client, db):
    member = MemberFactory(email="pat@nhs.net", display_name="Pat Doe")
    client.force_login(member)
    user_agent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
    data = {"oldpassword": TEST_PASSWORD, "password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    client.post(reverse("account_change_password"), data, HTTP_USER_AGENT=user_agent)
    (message,) = mail.outbox
    html = _branded(message)
    assert message.subject == "[CCIO Network] Your password has changed"
    assert "Hello Pat Doe," in message.body
    assert "Your password has been changed." in message.body and "Firefox on Windows" in message.body
    assert "<strong>Your password has been changed.</strong>" in html and "Firefox on Windows" in html
    assert '<a href="https://ccio.example/accounts/password/reset/">reset your password</a>' in html


def test_hostile_names_are_escaped_in_the_html_part(client, db):
    UserFactory(email="pat@nhs.net", display_name="<script>alert(1)</script>")
    client.post(reverse("account_reset_password"), {"email": "pat@nhs.net"})
    html = _html(mail.outbox[0])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_email_without_an_html_template_gets_one_from_its_text(rf, alice):
    """A safety net for allauth emails we have not written an HTML template for (such as sign-in codes)."""
    from allauth.core import context

    from accounts.adapters import AccountAdapter

    request = rf.get("/", HTTP_HOST="127.0.0.1")
    request.user = alice
    with context.request_context(request):
        AccountAdapter(request).send_mail(
            "account/email/login_code", alice.email, {"code": "<b>123456</b>", "user": alice}
        )
    (message,) = mail.outbox
    html = _html(message)
    assert "<p>Hello Dr Alice Adams,</p>" in html
    assert "&lt;b&gt;123456&lt;/b&gt;" in html
