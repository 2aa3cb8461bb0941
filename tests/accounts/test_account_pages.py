"""allauth's pages as the site's own: sentence case, the join explanation, readable sessions, error summaries."""

import re
from pathlib import Path

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.utils import translation

from accounts.user_agents import describe
from tests.factories import MemberFactory

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en_GB" / "LC_MESSAGES" / "django.po"


def _po_entries():
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', PO_FILE.read_text(), re.M)
    assert len(entries) > 40
    return entries


def test_the_compiled_wording_matches_the_po_file():
    """The .mo file is committed; a .po edit without `msgfmt` would silently change nothing."""
    with translation.override("en-gb"):
        for msgid, msgstr in _po_entries():
            assert translation.gettext(msgid) == msgstr, f"recompile locale/en_GB: {msgid!r}"


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/email/", "/accounts/2fa/"],
)
def test_account_pages_use_sentence_case(alice, client, path):
    if path in ("/accounts/email/", "/accounts/2fa/"):
        client.force_login(alice)
    html = client.get(path).content.decode()
    for title_case in ("Sign In", "Sign Up", "Remember Me", "Email Addresses", "Two-Factor", "Reset My Password"):
        assert title_case not in html, (path, title_case)


def test_sign_in_page(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "<title>Sign in · CCIO Network</title>" in html
    assert "Remember me" in html
    assert 'class="account-form"' in html
    assert "New to the network?" in html and 'href="/accounts/signup/"' in html
    assert "members of the network" not in html  # no reason given, none shown


def test_manage_pages_lead_back_to_your_account(alice_client):
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/sessions/"):
        html = alice_client.get(path).content.decode()
        assert '<nav aria-label="Breadcrumb">' in html and 'href="/account/">Your account</a>' in html, path


def test_sign_up_explains_who_joins_at_once_before_the_form(client, db):
    html = client.get("/accounts/signup/").content.decode()
    explanation = html.index("How joining works")
    assert explanation < html.index('<form method="post" action="/accounts/signup/"')
    for domain in settings.NHS_EMAIL_DOMAINS:
        assert domain in html[explanation:]
    assert "a moderator decides" in html
    assert "What happens next" in html


# --- sessions -----------------------------------------------------------------

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_WINDOWS.replace("Safari/537.36", "Safari/537.36 Edg/126.0"), "Edge on Windows"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox on macOS"),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 SamsungBrowser/25.0 Chrome/121.0",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
            "Chrome on ChromeOS",
        ),
        ("curl/8.5.0", "Unknown browser"),
        ("", "Unknown browser"),
        (None, "Unknown browser"),
        ("Mozilla/5.0 (Windows NT 10.0) <script>", "A browser on Windows"),
    ],
)
def test_user_agents_in_words(user_agent, name):
    assert describe(user_agent) == name


def test_sessions_are_named_by_browser_and_device(alice, client):
    client.force_login(alice)
    client.get("/")  # the session exists
    UserSession.objects.create(
        user=alice, ip="192.0.2.1", session_key=client.session.session_key, user_agent=SAFARI_IPHONE
    )
    html = client.get("/accounts/sessions/").content.decode()
    assert "Safari on iPhone" in html and "This browser" in html
    assert "AppleWebKit" not in html
    assert "<table" not in html  # a list, which fits a phone


# --- the error summary ----------------------------------------------------------


def test_a_refused_sign_in_has_an_error_summary_linking_to_its_fields(client, db):
    html = client.post("/accounts/login/", {"login": "", "password": ""}).content.decode()
    assert "<title>Error: Sign in · CCIO Network</title>" in html
    summary = html[html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))]
    assert "There is a problem" in summary
    assert 'href="#id_login"' in summary and 'href="#id_password"' in summary


def test_a_wrong_password_is_summarised_and_linked_to_the_first_field(client, db):
    MemberFactory(email="pat@nhs.net")
    html = client.post("/accounts/login/", {"login": "pat@nhs.net", "password": "not the password"}).content.decode()
    summary = html[html.index("data-error-summary") :]
    assert '<a href="#id_login">The email address or the password is not right.</a>' in summary


def test_forms_drawn_with_the_form_component_get_the_summary(alice_client):
    """components/form.html (here the account page's name form) summarises what was refused."""
    html = alice_client.post("/account/", {"display_name": "x" * 200}).content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<title>Error: Your account · CCIO Network</title>" in html
    assert 'href="#id_display_name">Display name: Ensure this value has at most 80 characters' in html


def test_no_summary_and_no_error_title_when_nothing_was_refused(alice_client):
    html = alice_client.get("/account/").content.decode()
    assert "data-error-summary" not in html and "<title>Your account" in html
