from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client, override_settings


def test_healthz_says_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_says_unavailable_when_the_database_does_not(client, db):
    with mock.patch("ccio.views._check_database", side_effect=OperationalError("server closed the connection")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in response.content.decode()


def test_404_page_is_styled(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to main content" in response.content


def test_403_page_is_styled(alice_client):
    response = alice_client.get("/account/applications/")
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


@override_settings(DEBUG=False)
def test_500_page_is_styled(db):
    from django.urls import path

    def broken(request):
        raise RuntimeError("boom")

    urlconf = type("urls", (), {"urlpatterns": [path("boom/", broken)], "handler500": "ccio.views.error_500"})
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF=urlconf):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/"])
def test_pages_have_landmarks_and_a_skip_link(client, db, url):
    html = client.get(url).content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert 'lang="en-GB"' in html


def test_home_page_query_budget_for_a_visitor(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_anonymous_home_page_view_writes_nothing(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []


def test_an_oversized_form_gets_a_clear_page(alice_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = alice_client.post("/account/", {"display_name": "x" * 5000})
    assert response.status_code == 400
    assert b"far too large" in response.content
