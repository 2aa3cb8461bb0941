"""Who may change what: every forum view that changes data, for every role; and no leaks of members-only content."""

import pytest

from forum.models import Bookmark, Flag, ModerationAction, Post, Reaction, Topic, Watch
from tests import factories

ROLES = ["visitor", "una", "alice", "sam", "mo"]
LOGIN = "login"
LEAKS = ["members-only secret", "secret body", "secret reply"]


@pytest.fixture
def scene(alice, bob, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Members-only secret", body="Secret body")
    reply = factories.make_reply(topic=topic, author=bob, body="Bob's secret reply")
    flag = Flag.objects.create(post=reply, reporter=alice, reason="spam")
    return {"topic": topic, "first": topic.posts.get(number=1), "reply": reply, "flag": flag, "bob": bob}


def _client(request, who):
    return request.getfixturevalue(f"{who}_client")


def _check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.status_code


# (name, method+url builder, data builder, {role: expected status}, did-it-happen check)
CASES = {
    "new_topic": (
        lambda s: "/forum/new-topic/",
        lambda s: {"category": s["topic"].category_id, "title": "A new topic title", "body": "New body"},
        {"visitor": 200, "una": 403, "alice": 302, "sam": 403, "mo": 302},
        lambda s: Topic.objects.filter(title="A new topic title").exists(),
    ),
    "reply": (
        lambda s: f"/forum/t/{s['topic'].pk}/reply/",
        lambda s: {"body": "A brand new reply"},
        {"visitor": 200, "una": 403, "alice": 302, "sam": 403, "mo": 302},
        lambda s: Post.objects.filter(body="A brand new reply").exists(),
    ),
    "edit_others_post": (
        lambda s: f"/forum/p/{s['reply'].pk}/edit/",
        lambda s: {"body": "Edited by someone"},
        {"visitor": 200, "una": 403, "alice": 403, "sam": 403, "mo": 302},
        lambda s: Post.objects.filter(body="Edited by someone").exists(),
    ),
    "delete_alices_post": (
        lambda s: f"/forum/p/{s['first'].pk}/delete/",
        lambda s: {},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 403, "mo": 403},
        lambda s: Post.objects.filter(pk=s["first"].pk, deleted=True).exists(),
    ),
    "like_bobs_post": (
        lambda s: f"/forum/p/{s['reply'].pk}/like/",
        lambda s: {},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 403, "mo": 302},
        lambda s: Reaction.objects.filter(post=s["reply"]).exists(),
    ),
    "accept": (
        lambda s: f"/forum/p/{s['reply'].pk}/accept/",
        lambda s: {},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 403, "mo": 302},
        lambda s: Topic.objects.filter(pk=s["topic"].pk, accepted_post=s["reply"]).exists(),
    ),
    "bookmark": (
        lambda s: f"/forum/p/{s['reply'].pk}/bookmark/",
        lambda s: {},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 302, "mo": 302},
        lambda s: Bookmark.objects.exists(),
    ),
    "watch_topic": (
        lambda s: f"/forum/t/{s['topic'].pk}/watch/",
        lambda s: {"level": "muted"},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 302, "mo": 302},
        lambda s: Watch.objects.filter(level="muted").exists(),
    ),
    "watch_category": (
        lambda s: f"/forum/c/{s['topic'].category.slug}/watch/",
        lambda s: {"level": "watching"},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 302, "mo": 302},
        lambda s: Watch.objects.filter(category__isnull=False).exists(),
    ),
    "flag": (
        lambda s: f"/forum/p/{s['first'].pk}/flag/",
        lambda s: {"reason": "off_topic", "detail": "Not about safety"},
        {"visitor": LOGIN, "una": 403, "alice": 302, "sam": 403, "mo": 302},
        lambda s: Flag.objects.filter(reason="off_topic").exists(),
    ),
    "hide_post": (
        lambda s: f"/forum/p/{s['reply'].pk}/hide/",
        lambda s: {"reason": "Personal attack"},
        {"visitor": LOGIN, "una": 403, "alice": 403, "sam": 403, "mo": 302},
        lambda s: Post.objects.filter(pk=s["reply"].pk, hidden=True).exists(),
    ),
    "flag_dismiss": (
        lambda s: f"/forum/moderation/flags/{s['flag'].pk}/",
        lambda s: {"action": "dismiss"},
        {"visitor": LOGIN, "una": 403, "alice": 403, "sam": 403, "mo": 302},
        lambda s: Flag.objects.filter(status="dismissed").exists(),
    ),
    "lock_topic": (
        lambda s: f"/forum/t/{s['topic'].pk}/moderate/",
        lambda s: {"action": "lock", "reason": "Heated"},
        {"visitor": LOGIN, "una": 403, "alice": 403, "sam": 403, "mo": 302},
        lambda s: Topic.objects.filter(locked=True).exists(),
    ),
    "suspend_bob": (
        lambda s: "/forum/moderation/suspend/bob/",
        lambda s: {"until": "2099-01-01", "reason": "Cooling off"},
        {"visitor": LOGIN, "una": 403, "alice": 403, "sam": 403, "mo": 302},
        lambda s: ModerationAction.objects.filter(kind="suspend").exists(),
    ),
}


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_changes_matrix(request, scene, case, who):
    url, data, expected, happened = CASES[case]
    response = _client(request, who).post(url(scene), data(scene))
    _check(response, expected[who])
    assert happened(scene) == (expected[who] == 302), f"{case} as {who}"
    if who in {"visitor", "una"}:
        assert not any(leak in response.content.decode().lower() for leak in LEAKS)


@pytest.mark.parametrize("who", ["visitor", "una"])
def test_members_only_never_leaks(request, scene, who, public_topic):
    client = _client(request, who)
    topic, reply = scene["topic"], scene["reply"]
    for url in [
        "/forum/",
        "/forum/latest/",
        f"/forum/c/{topic.category.slug}/",
        topic.get_absolute_url(),
        f"/forum/t/{topic.pk}/reply/?quote={reply.pk}",
        f"/forum/t/{topic.pk}/unread/",
        f"/forum/p/{reply.pk}/",
        f"/forum/p/{reply.pk}/history/",
        f"/forum/p/{reply.pk}/edit/",
        "/forum/search/?q=secret",
        "/forum/feed/",
        f"/forum/c/{topic.category.slug}/feed/",
        "/",
        "/notifications/",
    ]:
        response = client.get(url)
        body = response.content.decode().lower()
        for leak in LEAKS:
            assert leak not in body, url
        assert response.status_code in {200, 302, 403, 404}, url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"] or url == "/notifications/", url


def test_members_see_members_only_everywhere(alice_client, scene):
    topic = scene["topic"]
    for url in ["/forum/", "/forum/latest/", f"/forum/c/{topic.category.slug}/", topic.get_absolute_url()]:
        assert "Members-only secret" in alice_client.get(url).content.decode() or url == "/forum/"
    assert "secret" in alice_client.get("/forum/search/?q=secret").content.decode().lower()


def test_hidden_topic_visible_only_to_moderators(alice_client, mo_client, scene):
    Topic.objects.filter(pk=scene["topic"].pk).update(hidden=True)
    url = scene["topic"].get_absolute_url()
    assert alice_client.get(url).status_code == 404
    assert alice_client.get(f"/forum/p/{scene['reply'].pk}/").status_code == 404
    assert "Members-only secret" not in alice_client.get("/forum/latest/").content.decode()
    assert mo_client.get(url).status_code == 200


def test_hidden_post_shows_reason_not_content(alice_client, mo_client, scene, mo):
    from forum.moderation import post_hide

    post_hide(post=scene["reply"], moderator=mo, reason="Breaks the Chatham House rule")
    page = alice_client.get(scene["topic"].get_absolute_url()).content.decode()
    assert "Bob&#x27;s secret reply" not in page and "Bob's secret reply" not in page
    assert "hidden by a moderator: Breaks the Chatham House rule" in page
    assert "Bob" in mo_client.get(scene["topic"].get_absolute_url()).content.decode()


def test_suspended_member_reads_but_cannot_post(sam_client, scene):
    assert sam_client.get(scene["topic"].get_absolute_url()).status_code == 200
    response = sam_client.get("/forum/new-topic/")
    assert response.status_code == 403 and "suspended" in response.content.decode()
