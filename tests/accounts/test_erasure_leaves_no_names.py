"""A member renamed twice, then erased: none of their names is left where a member or an editor can look.

What the privacy notice promises (README, "Erasure"): other members'
notifications name the actor as they are now; the Quote button writes no
name into other members' posts; @mentions of an erased member become
"Former member"; revision history keeps article authors by id. What stays,
and the notice says why: CCIO profiles and event speaker entries (editorial
content about the person), what other members wrote in their own words, and
emails already delivered. None of those is made here.
"""

import json

import pytest
from django.core import mail
from django.core.management import call_command

from accounts import roles
from accounts.services import account_erase, add_role
from editorial import services as editorial
from events import services as events
from forum import services as forum
from forum.rendering import quote_markdown
from notifications import kinds
from notifications.preferences import set_preference
from tests import factories

NAMES = ["Dr Ayla Firstname", "Dr Ayla Secondname", "Dr Ayla Thirdname"]
TRACES = ["Ayla", "Firstname", "Secondname", "Thirdname", "@alice", "/members/alice/"]


def _rename(user, name):
    user.display_name = name
    user.save(update_fields=["display_name"])


@pytest.fixture
def history(db, alice, bob, ed, members_cat, public_cat, settings, django_capture_on_commit_callbacks):
    """alice takes part under three names: posts, likes, mentions, is quoted, writes and reviews articles."""
    settings.FORUM_NEW_MEMBER_DAYS = 0
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    add_role(alice, roles.EDITORS)
    TOTP.activate(alice, generate_totp_secret())
    set_preference(user=bob, kind="forum.reaction", frequency=kinds.DAILY)
    topic = factories.make_topic(author=bob, category=members_cat, title="Clinical safety", body="Hazard logs?")
    open_topic = factories.make_topic(author=bob, category=public_cat, title="Open chat", body="Hello all")
    article = factories.ArticleFactory(title="Leading digital change", status="draft")
    event = factories.EventFactory(title="Roundtable")
    events.registration_create(event=event, member=alice)
    with django_capture_on_commit_callbacks(execute=True):
        for n, name in enumerate(NAMES):
            _rename(alice, name)
            post = factories.make_reply(topic=topic, author=alice, body=f"Point {n} from me, @bob.")
            forum.reaction_toggle(post=topic.posts.get(number=1), user=alice)
            forum.reaction_toggle(post=topic.posts.get(number=1), user=alice)
            factories.make_reply(topic=open_topic, author=alice, body=f"Public point {n}.")
            quoting = factories.make_reply(topic=topic, author=bob, body=f"{quote_markdown(post)}Yes @alice, {n}.")
            forum.post_edit(post=quoting, editor=bob, body=f"{quoting.body} (edited)")
            article.authors.set([alice, ed] if n != 1 else [ed])
            editorial.save_children(item=article, by=ed, reason=f"Authors {n}")
            own = factories.ArticleFactory(title=f"Draft {n}", status="draft")
            editorial.submit(item=own, by=alice)
    return {"topic": topic, "open_topic": open_topic, "article": article, "event": event}


def _pages(history, ed_client):
    article = history["article"]
    revisions = list(article.history.order_by("history_id").values_list("history_id", flat=True))
    return [
        "/notifications/",
        history["topic"].get_absolute_url(),
        history["open_topic"].get_absolute_url(),
        "/forum/latest/",
        "/",
        article.get_editor_url(),
        article.get_history_url(),
        f"{article.get_history_url()}compare/?old={revisions[0]}&new={revisions[-1]}",
        f"{article.get_history_url()}compare/?old={revisions[1]}&new={revisions[2]}",
        "/editor/",
        f"/events/{history['event'].slug}/attendees/",
        f"/events/{history['event'].slug}/attendees.csv",
    ] + [
        f"/forum/p/{pk}/history/"
        for pk in history["topic"].posts.filter(edited_at__isnull=False).values_list("pk", flat=True)
    ]


def test_renamed_twice_then_erased_leaves_no_name_for_members_or_editors(
    history, alice, bob, ed, bob_client, ed_client, django_capture_on_commit_callbacks
):
    # Before erasure the names are there (so the checks below look in the right places).
    page = bob_client.get("/notifications/").content.decode()
    assert "Dr Ayla Thirdname" in page

    account_erase(user=alice)

    for client in (bob_client, ed_client):
        for url in _pages(history, ed_client):
            response = client.get(url)
            assert response.status_code in (200, 403), url
            content = response.content.decode()
            assert [t for t in TRACES if t in content] == [], url
    # Searching for any of her names finds nothing (the page repeats only the words searched for).
    for client in (bob_client, ed_client):
        for word in ["Ayla", "Firstname", "Thirdname", "alice"]:
            for url, nothing in [
                (f"/forum/search/?q={word}", f"Nothing found for “{word}”"),
                (f"/search/?q={word}", f"Nothing found for “{word}”"),
                (f"/members/?q={word}", "No members match"),
            ]:
                content = client.get(url).content.decode()
                assert nothing in content, url
    assert "Former member" in bob_client.get("/notifications/").content.decode()
    assert "Former member" in bob_client.get(history["topic"].get_absolute_url()).content.decode()

    # Bob's data export: his notifications and his posts (which quoted and mentioned her).
    bob_client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    export = bob_client.post("/account/export/")
    data = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert [t for t in TRACES if t in json.dumps(json.loads(data), ensure_ascii=False)] == []

    # The digest sent after erasure.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox, "bob's daily reactions digest"
    for message in mail.outbox:
        text = message.body + "".join(content for content, _ in message.alternatives)
        assert [t for t in TRACES if t in text] == []
