import pytest


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_public_pages_render(visitor_client, db, url):
    response = visitor_client.get(url)
    assert response.status_code == 200


def test_home_page_shows_the_signed_in_member(alice_client):
    response = alice_client.get("/")
    assert b"Dr Alice Adams" in response.content
