"""Script in titles and bodies never comes back as live HTML anywhere the forum shows it."""

import pytest

from forum.models import Category
from notifications.models import Notification
from tests import factories

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '"><svg onload=alert(1)>',
]


def _assert_inert(html):
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "<img src=x" not in lowered and '<img src="x"' not in lowered
    assert 'href="javascript:' not in lowered
    assert "<svg onload" not in lowered


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_title_and_body(alice_client, bob_client, alice, bob, payload, settings):
    category = factories.CategoryFactory(slug="open", access=Category.Access.PUBLIC)
    response = alice_client.post(
        "/forum/new-topic/", {"category": category.pk, "title": f"Title {payload}", "body": f"Body {payload} @bob"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    topic_url = response["Location"]
    bob_client.post(f"/forum/t/{topic_url.split('/')[3]}/reply/", {"body": f"Reply {payload} @alice"})
    for url in [
        topic_url,
        "/forum/",
        "/forum/c/open/",
        "/forum/latest/",
        "/forum/search/?q=Title",
        f"/forum/search/?q={payload}",
        "/forum/feed/",
        "/",
        "/notifications/",
    ]:
        _assert_inert(alice_client.get(url).content.decode())
        _assert_inert(bob_client.get(url).content.decode())
    assert Notification.objects.filter(recipient=bob).exists()


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_preview_and_rejected_form_are_escaped(alice_client, payload):
    _assert_inert(alice_client.post("/forum/preview/", {"body": payload}).content.decode())
    response = alice_client.post("/forum/new-topic/", {"title": payload, "body": payload})
    _assert_inert(response.content.decode())
    assert "Choose a category" in response.content.decode() or "This field is required" in response.content.decode()


def test_hostile_flag_and_moderation_reasons(alice_client, mo_client, topic, bob):
    reply = factories.make_reply(topic=topic, author=bob, body="Fine words")
    alice_client.post(f"/forum/p/{reply.pk}/flag/", {"reason": "other", "detail": HOSTILE[1]})
    _assert_inert(mo_client.get("/forum/moderation/").content.decode())
    mo_client.post(f"/forum/p/{reply.pk}/hide/", {"reason": HOSTILE[0]})
    _assert_inert(alice_client.get(topic.get_absolute_url()).content.decode())
    _assert_inert(mo_client.get("/forum/moderation/log/").content.decode())
