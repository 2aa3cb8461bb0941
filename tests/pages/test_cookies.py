"""The cookies page says the site sets the session and CSRF cookies and nothing else: keep it true."""

import pytest

from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ALLOWED = {"sessionid", "csrftoken"}


def test_only_the_session_and_csrf_cookies_are_ever_set(client, mo, django_capture_on_commit_callbacks):
    seen = set()
    member = factories.MemberFactory()
    for url in ("/", "/about/", "/cookies/", "/contact/", "/accounts/login/", "/accounts/signup/", "/forum/"):
        seen |= set(client.get(url).cookies)
    with django_capture_on_commit_callbacks(execute=True):
        seen |= set(
            client.post(
                "/contact/", {"name": "V", "email": "v@example.org", "topic": "other", "message": "Hi"}
            ).cookies
        )
    response = client.post("/accounts/login/", {"login": member.email, "password": TEST_PASSWORD}, follow=True)
    for r in [*(hop for hop, _ in []), response]:
        seen |= set(r.cookies)
    seen |= set(client.get("/account/").cookies)
    # A flash message ("saved") rides in the session, not in a cookie of its own.
    seen |= set(client.post("/account/notifications/", {}).cookies)
    assert seen <= ALLOWED, seen - ALLOWED
    assert "sessionid" in seen and "csrftoken" in seen


def test_the_cookies_page_names_both(client):
    content = client.get("/cookies/").content.decode()
    assert "<code>sessionid</code>" in content and "<code>csrftoken</code>" in content
