"""A visitor sent to sign in from members-only content is told why, and how to join."""

from urllib.parse import parse_qs, urlsplit

import pytest

from core.permissions import SIGN_IN_REASONS
from tests import factories


def _sign_in_address(response):
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/accounts/login/"
    return {key: values[0] for key, values in parse_qs(url.query).items()}


@pytest.fixture
def secret_topic(alice, members_cat):
    return factories.make_topic(author=alice, category=members_cat, title="Members-only secret")


def test_a_members_only_topic_says_it_is_for_members(visitor_client, secret_topic):
    response = visitor_client.get(secret_topic.get_absolute_url())
    query = _sign_in_address(response)
    assert query == {"next": secret_topic.get_absolute_url(), "why": "discussion"}
    html = visitor_client.get(response["Location"]).content.decode()
    assert "<h1>This discussion is for members of the network</h1>" in html
    assert "<title>Members only: sign in · CCIO Network</title>" in html
    # Sign in, or join, and come back to the topic either way.
    next_ = "next=" + secret_topic.get_absolute_url().replace("/", "%2F")
    assert f'href="/accounts/signup/?{next_}">join the network</a>' in html
    assert 'action="/accounts/login/"' in html and f'value="{secret_topic.get_absolute_url()}"' in html
    assert "Members-only secret" not in html


def test_a_post_permalink_and_a_category_say_so_too(visitor_client, secret_topic, members_cat):
    post = secret_topic.posts.get(number=1)
    assert _sign_in_address(visitor_client.get(f"/forum/p/{post.pk}/"))["why"] == "discussion"
    assert _sign_in_address(visitor_client.get(members_cat.get_absolute_url()))["why"] == "forum"
    html = visitor_client.get(f"/accounts/login/?next={members_cat.get_absolute_url()}&why=forum").content.decode()
    assert "This part of the forum is for members of the network" in html


@pytest.mark.parametrize("path", ["/forum/unread/", "/forum/bookmarks/", "/events/my/", "/account/profile/"])
def test_every_member_required_page_gives_the_general_reason(visitor_client, path):
    query = _sign_in_address(visitor_client.get(path))
    assert query == {"next": path, "why": "members"}
    html = visitor_client.get(f"/accounts/login/?next={path}&why=members").content.decode()
    assert "<h1>This page is for members of the network</h1>" in html


def test_a_visitor_who_asks_to_post_is_told_only_members_post(visitor_client, public_cat, alice):
    topic = factories.make_topic(author=alice, category=public_cat)
    assert _sign_in_address(visitor_client.get("/forum/new-topic/"))["why"] == "post"
    assert _sign_in_address(visitor_client.get(f"/forum/t/{topic.pk}/reply/"))["why"] == "post"
    html = visitor_client.get("/accounts/login/?next=/forum/new-topic/&why=post").content.decode()
    assert "<h1>Only members of the network can post in the forum</h1>" in html


def test_pages_outside_the_members_area_just_ask_to_sign_in(visitor_client):
    """Your account and notifications are not members-only content: no reason is given."""
    for path in ("/account/", "/notifications/"):
        assert "why" not in _sign_in_address(visitor_client.get(path))


def test_signed_in_non_members_still_get_403(una_client, secret_topic):
    assert una_client.get(secret_topic.get_absolute_url()).status_code == 403


@pytest.mark.parametrize("why", ["<script>alert(1)</script>", "DISCUSSION", "\x00", "x" * 5000, ""])
def test_only_known_reasons_are_shown(visitor_client, db, why):
    response = visitor_client.get("/accounts/login/", {"why": why, "next": "/forum/"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Sign in</h1>" in html
    assert not any(reason in html for reason in SIGN_IN_REASONS.values())
    assert "<script>alert" not in html
