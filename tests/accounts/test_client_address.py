"""Sign-in limits key on the client's address, read through the trusted proxies; lockouts are per account and address.

Behind the reverse proxy every request comes from the proxy's address. With
TRUSTED_PROXY_COUNT (ALLAUTH_TRUSTED_PROXY_COUNT) set, the client's address is
read from X-Forwarded-For; without it the header is ignored, since anyone can
send it.
"""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, MemberFactory, ModeratorFactory

PROXY = "10.0.0.2"  # the reverse proxy, as gunicorn sees it


def _sign_in(client, email, password, *, via=None):
    headers = {"REMOTE_ADDR": PROXY}
    if via:
        headers["HTTP_X_FORWARDED_FOR"] = via
    client.post(reverse("account_login"), {"login": email, "password": password}, **headers)
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in


@pytest.fixture
def accounts(db):
    return [MemberFactory(email=f"member{n}@nhs.net") for n in range(11)]


def test_behind_a_trusted_proxy_one_clients_failures_do_not_block_another(client, accounts, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for account in accounts[:10]:  # ten failures a minute from one address: that address is stopped
        _sign_in(client, account.email, "wrong password!", via="203.0.113.7")
    assert not _sign_in(client, accounts[10].email, TEST_PASSWORD, via="203.0.113.7")
    # Everyone else, arriving through the same proxy, signs in.
    assert _sign_in(client, accounts[10].email, TEST_PASSWORD, via="198.51.100.4")
    # A client cannot choose its address: the proxy appends the real one last.
    assert not _sign_in(client, accounts[10].email, TEST_PASSWORD, via="198.51.100.9, 203.0.113.7")


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, accounts, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for account in accounts[:10]:
        _sign_in(client, account.email, "wrong password!", via="203.0.113.7")
    # A made-up X-Forwarded-For does not get round the limit: the address is the connection's.
    assert not _sign_in(client, accounts[10].email, TEST_PASSWORD, via="198.51.100.4")


def test_a_proxy_header_can_be_named_instead(client, accounts, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    for account in accounts[:10]:
        client.post(
            reverse("account_login"),
            {"login": account.email, "password": "wrong password!"},
            REMOTE_ADDR=PROXY,
            HTTP_X_REAL_IP="203.0.113.7",
        )
    client.post(
        reverse("account_login"),
        {"login": accounts[10].email, "password": TEST_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="198.51.100.4",
    )
    assert "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_account_only_from_where_they_came(client, db, settings):
    """Knowing a moderator's email is not enough to keep them out."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    moderator = ModeratorFactory(email="mo@nhs.net", mfa=False)
    for _ in range(6):
        _sign_in(client, moderator.email, "wrong password!", via="203.0.113.7")
    assert not _sign_in(client, moderator.email, TEST_PASSWORD, via="203.0.113.7")
    assert _sign_in(client, moderator.email, TEST_PASSWORD, via="198.51.100.4")


def test_the_lockout_still_stops_guessing_from_one_address(client, db):
    member = MemberFactory(email="pat@nhs.net")
    for _ in range(5):
        _sign_in(client, member.email, "wrong password!")
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "another guess"}, REMOTE_ADDR=PROXY
    )
    assert b"Too many failed attempts to sign in" in response.content
    assert not _sign_in(client, member.email, TEST_PASSWORD)


def test_the_proxy_settings_come_from_the_environment():
    from tests.ccio.test_production_settings import PRODUCTION_ENV, manage

    script = "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"  # noqa: E501
    result = manage("shell", "--no-imports", "-c", script, env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "1"})
    assert result.stdout.split()[-2:] == ["1", "None"], result.stderr
    env = {**PRODUCTION_ENV, "TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"}
    result = manage("shell", "--no-imports", "-c", script, env=env)
    assert result.stdout.split()[-2:] == ["0", "X-Real-IP"], result.stderr
    result = manage("check", env={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": "-1"})
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr
