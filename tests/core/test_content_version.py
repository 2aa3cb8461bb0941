"""Only real content changes start the visitors' page cache afresh: nobody can flush it at will."""

import pytest

from core.content_cache import content_version, writes_content
from forum.models import Category
from tests.factories import TEST_PASSWORD, CategoryFactory, make_reply, make_topic


@pytest.fixture
def topic(alice):
    return make_topic(author=alice, category=CategoryFactory(access=Category.Access.PUBLIC), title="Open EPR talk")


def test_trace_and_other_methods_writing_nothing_leave_the_version_alone(visitor_client, topic):
    before = content_version()
    for method in ("trace", "put", "patch", "delete"):
        getattr(visitor_client, method)("/")
    visitor_client.generic("PROPFIND", "/")
    assert content_version() == before


def test_a_form_shown_again_with_its_errors_leaves_the_version_alone(visitor_client, alice_client, topic):
    before = content_version()
    assert visitor_client.post("/accounts/login/", {}).status_code == 200
    assert alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": ""}).status_code == 200
    assert content_version() == before


def test_signing_in_only_stamps_last_login_and_leaves_the_version_alone(visitor_client, alice):
    before = content_version()
    response = visitor_client.post("/accounts/login/", {"login": alice.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert content_version() == before


def test_a_post_through_the_site_bumps_it(alice_client, topic):
    before = content_version()
    alice_client.post(f"/forum/t/{topic.pk}/reply/", {"body": "Posted through the site"})
    assert content_version() > before


def test_a_change_made_by_a_queryset_update_bumps_it_too(visitor_client, mo_client, topic, bob):
    """Hiding a post is an UPDATE with no save signal: the request's writes are what count."""
    reply = make_reply(topic=topic, author=bob, body="Something to hide from the ward")
    assert b"Something to hide" in visitor_client.get(topic.get_absolute_url()).content
    before = content_version()
    mo_client.post(f"/forum/p/{reply.pk}/hide/", {"reason": "Off topic"})
    assert content_version() > before
    assert b"Something to hide" not in visitor_client.get(topic.get_absolute_url()).content


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "forum_post" ("body") VALUES (%s)', True),
        ('UPDATE "forum_post" SET "hidden" = %s WHERE "forum_post"."id" = %s', True),
        ('DELETE FROM "events_registration" WHERE "id" = %s', True),
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "accounts_user" SET "display_name" = %s, "last_login" = %s WHERE "id" = %s', True),
        ('INSERT INTO "forum_readstate" ("user_id") VALUES (%s)', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('SELECT "forum_post"."id" FROM "forum_post"', False),
    ],
)
def test_which_statements_count_as_content(db, sql, expected):
    assert writes_content(sql) is expected
