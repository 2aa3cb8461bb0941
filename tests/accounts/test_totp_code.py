"""`manage.py totp_code`: a demo account's current TOTP code, for local development only."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import TEST_PASSWORD, EditorFactory, MemberFactory


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def totp_code(*args):
    out = io.StringIO()
    call_command("totp_code", *args, stdout=out)
    return out.getvalue()


def secret_of(user):
    return decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])


def test_prints_the_code_an_authenticator_app_would_show(db, debug, monkeypatch):
    editor = EditorFactory(username="ed", email="ed.editor@nhs.net")
    monkeypatch.setattr("time.time", lambda: 1_800_000_007.5)
    output = totp_code("ed")
    expected = format_hotp_value(hotp_value(secret_of(editor), 1_800_000_007 // 30))
    assert output == f"{expected}  (TOTP code for ed.editor@nhs.net; the next one comes in 23 s)\n"
    assert totp_code("ED.Editor@NHS.net").startswith(expected)


def test_the_printed_code_signs_an_editor_in(client, db, debug, settings):
    # One step of tolerance, so a code printed at the end of its 30 seconds still counts.
    settings.MFA_TOTP_TOLERANCE = 1
    editor = EditorFactory()
    response = client.post(reverse("account_login"), {"login": editor.email, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    code = totp_code(editor.username).split()[0]
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/editor/").status_code == 200


def test_refused_with_debug_off(db, settings):
    settings.DEBUG = False
    EditorFactory(username="ed")
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        totp_code("ed")


def test_an_unknown_account_is_named(db, debug):
    with pytest.raises(CommandError, match="No account has the username or email address 'nobody'"):
        totp_code("nobody")


def test_an_account_without_an_authenticator_app_is_told_so(db, debug):
    member = MemberFactory()
    with pytest.raises(CommandError, match="has no authenticator app"):
        totp_code(member.email)
