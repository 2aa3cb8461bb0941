"""The database or Redis unreachable: every page gives the styled 503 page or works, never a bare 500.

Part of the tests run the site under gunicorn in its own process, pointed at a
closed port or at a server that never answers; the Redis ones run the site in
a server thread with a Redis of their own, which they hang, stop and resume.
"""

import signal
import time
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

from tests import factories
from tests.processes import BlackHole, Gunicorn, RedisServer, fetch, free_port, redis_available

PAGES = [
    "/",
    "/forum/",
    "/forum/latest/",
    "/forum/search/?q=epr",
    "/events/",
    "/events/calendar/",
    "/events/past/",
    "/articles/",
    "/profiles/",
    "/members/",
    "/search/?q=epr",
    "/notifications/",
    "/account/",
    "/editor/",
    "/accounts/login/",
    "/accounts/signup/",
    "/sitemap.xml",
    "/articles/feed/",
    "/events/feed.ics",
    "/forum/feed/",
    "/no-such-page/",
]


def _is_the_503_page(status, headers, body):
    return status == 503 and headers["Retry-After"] and b"Back in a moment" in body


def _refuse_every_query():
    return mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused'),
    )


# --- in this process: the database refuses every query ---------------------------------


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_database_refused_gives_everyone_the_503_page(who, alice):
    client = Client(raise_request_exception=False)
    if who == "member":
        client.force_login(alice)
    with _refuse_every_query():
        for path in PAGES:
            response = client.get(path)
            if response.status_code in (200, 302, 404):
                continue  # a page that needs no database (the sign-in form, a redirect) still works
            assert response.status_code == 503, path
            assert response["Retry-After"] == "30"
            assert b"Back in a moment" in response.content, path
            assert b"Skip to main content" not in response.content  # the static page, not base.html


def test_a_form_sent_while_the_database_is_down_gets_the_503_page(alice, members_cat):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    with _refuse_every_query():
        response = client.post("/forum/new-topic/", {"category": members_cat.pk, "title": "Down", "body": "x"})
    assert response.status_code == 503
    assert b"what you typed is still in the page you came from" in response.content


def test_a_bug_still_gets_the_500_page_without_the_database(alice, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    monkeypatch.setattr("ccio.home.home_sections", mock.Mock(side_effect=RuntimeError("a bug")))
    response = client.get("/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_healthz_answers_within_a_second_when_the_database_hangs(client, db):
    with mock.patch("ccio.views._check_database", side_effect=lambda: time.sleep(3)):
        started = time.monotonic()
        response = client.get("/healthz")
        waited = time.monotonic() - started
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "timeout", "cache": "ok"}
    assert waited < 2


def test_healthz_reports_a_cache_that_does_not_answer_and_stays_up(client, db):
    with mock.patch("ccio.views._check_cache", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}


# --- gunicorn in its own process, its database on a closed port or a black hole ---------


@pytest.fixture
def site_without_database(tmp_path):
    server = Gunicorn(
        tmp_path / "gunicorn.log", DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/ccio"
    ).start()
    yield server
    server.stop()


def test_database_on_a_closed_port_every_page_gives_the_503_page_or_works(site_without_database):
    for cookie in (None, "sessionid=a-member-session-cookie"):
        for path in PAGES:
            status, headers, body = fetch(site_without_database.url(path), cookie=cookie)
            assert status != 500, (path, body[:300])
            assert status in (200, 302, 404) or _is_the_503_page(status, headers, body), (path, status)
        status, headers, body = fetch(site_without_database.url("/forum/new-topic/"), cookie=cookie, method="POST")
        assert status in (403, 503), status  # refused by CSRF protection, or the 503 page
    status, headers, body = fetch(site_without_database.url("/healthz"))
    assert status == 503
    assert b'"database": "unreachable"' in body


def test_database_that_never_answers_gives_the_503_page_and_healthz_answers_at_once(tmp_path):
    hole = BlackHole()
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{hole.port}/ccio",
        DATABASE_CONNECT_TIMEOUT=2,
    ).start()
    try:
        started = time.monotonic()
        status, headers, body = fetch(server.url("/healthz"))
        assert time.monotonic() - started < 1.5
        assert status == 503 and b'"database": "timeout"' in body
        status, headers, body = fetch(server.url("/forum/"))
        assert _is_the_503_page(status, headers, body)
    finally:
        server.stop()
        hole.close()


# --- a Redis of our own: hung, resumed, stopped ------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    if not redis_available():
        pytest.skip("needs redis-server")
    server = RedisServer(tmp_path).start()
    yield server
    if server.process is not None:
        server.process.send_signal(signal.SIGCONT)
    server.stop()


@pytest.fixture
def site_on_redis(settings, redis_server, transactional_db):
    """The site in a server thread of this process, with sessions and pages in our Redis."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "DOWN_SECONDS": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CONTENT_CACHE = True
    override = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
    for conn in override.values():
        conn.inc_thread_sharing()
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=override, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
    for conn in override.values():
        conn.dec_thread_sharing()


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return client, f"sessionid={client.cookies['sessionid'].value}"


def _every_page_works(base, cookie, *, signed_in_as=None, also=()):
    for path in [*PAGES, *also]:
        status, headers, body = fetch(base + path, cookie=cookie)
        assert status != 500, (path, body[:300])
        assert status in (200, 302, 403, 404, 503), (path, status)
        assert status != 503 or _is_the_503_page(status, headers, body)
    status, _, body = fetch(base + "/forum/", cookie=cookie)
    assert status == 200
    if signed_in_as:
        assert signed_in_as.encode() in body


@pytest.mark.django_db(transaction=True)
def test_redis_hung_then_stopped_every_page_works_and_sessions_live_on_the_database(
    site_on_redis, redis_server, alice, bob, public_cat
):
    topic = factories.make_topic(author=bob, category=public_cat, title="Kept frames", body="Read me")
    # Pages whose frame is kept (core.frame) are built afresh while the cache cannot be reached.
    kept = [topic.get_absolute_url(), public_cat.get_absolute_url(), "/forum/unread/", "/events/calendar/2027/1/"]
    alice_client, alice_cookie = _session_cookie(alice)
    _, bob_cookie = _session_cookie(bob)
    _every_page_works(site_on_redis, alice_cookie, signed_in_as="Dr Alice Adams", also=kept)

    redis_server.process.send_signal(signal.SIGSTOP)  # hung: connections open, no answer
    _every_page_works(site_on_redis, alice_cookie, signed_in_as="Dr Alice Adams", also=kept)
    status, _, body = fetch(site_on_redis + topic.get_absolute_url(), cookie=alice_cookie)
    assert status == 200 and b"Read me" in body and b"Dr Alice Adams" in body
    _every_page_works(site_on_redis, None)
    status, _, body = fetch(site_on_redis + "/healthz")
    assert status == 200 and b'"status": "degraded"' in body
    alice_client.logout()  # her session ends while Redis cannot be told

    redis_server.process.send_signal(signal.SIGCONT)
    time.sleep(1.2)  # the resilient cache tries Redis again after DOWN_SECONDS
    status, _, body = fetch(site_on_redis + "/forum/", cookie=alice_cookie)
    assert status == 200 and b"Dr Alice Adams" not in body  # her old session stayed ended
    _every_page_works(site_on_redis, bob_cookie, signed_in_as="Dr Bob Brown")
    status, _, body = fetch(site_on_redis + "/healthz")
    assert status == 200 and b'"status": "ok"' in body

    redis_server.stop()  # gone: connections refused
    _every_page_works(site_on_redis, bob_cookie, signed_in_as="Dr Bob Brown", also=kept)
    _every_page_works(site_on_redis, None)
    status, _, body = fetch(site_on_redis + "/healthz")
    assert status == 200 and b'"cache": "unreachable"' in body
