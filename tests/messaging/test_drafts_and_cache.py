"""A message sent after the session expired is kept; private messages never touch the public content cache."""

from django.conf import settings

from core.content_cache import content_version
from messaging.models import Conversation, Message


def test_an_expired_session_keeps_the_new_conversation(db, visitor_client, bob):
    response = visitor_client.post(
        "/messages/new/", {"to": ["bob"], "subject": "Long careful subject", "body": "A long careful draft."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your message was not sent because you are signed out" in page
    assert "A long careful draft." in page and "Long careful subject" in page and 'value="bob"' in page
    assert "/accounts/login/?next=/messages/new/" in page
    assert not Conversation.objects.exists()


def test_an_expired_session_keeps_a_reply_and_reveals_nothing(db, visitor_client, conversation):
    response = visitor_client.post(f"/messages/{conversation.pk}/reply/", {"body": "My careful reply"})
    page = response.content.decode()
    assert "My careful reply" in page and "not sent because you are signed out" in page
    assert "Our EPR contract" not in page
    assert conversation.messages.count() == 1


def test_an_expired_session_keeps_a_message_to_the_moderators(db, visitor_client):
    response = visitor_client.post("/messages/moderators/new/", {"subject": "Appeal", "body": "Please reconsider"})
    assert "Please reconsider" in response.content.decode()


def test_composer_forms_keep_drafts_in_the_browser(alice_client, conversation):
    for url, key in [
        ("/messages/new/", 'data-forum-draft-key="messages:new"'),
        ("/messages/moderators/new/", 'data-forum-draft-key="messages:moderators"'),
        (conversation.get_absolute_url(), f'data-forum-draft-key="/messages/{conversation.pk}/reply/"'),
    ]:
        page = alice_client.get(url).content.decode()
        assert key in page and "js/forum.js" in page and 'class="forum-composer' in page


def test_live_preview_renders_through_the_one_sanitiser(alice_client, applicant_client, visitor_client):
    assert "<em>hi</em>" in alice_client.post("/messages/preview/", {"body": "*hi*"}).content.decode()
    assert "<em>hi</em>" in applicant_client.post("/messages/preview/", {"body": "*hi*"}).content.decode()
    assert "Please write your message" in alice_client.post("/messages/preview/", {"body": " "}).content.decode()
    assert visitor_client.post("/messages/preview/", {"body": "*hi*"}).status_code == 302
    assert alice_client.get("/messages/preview/").status_code == 405


def test_private_messages_never_bump_the_content_cache(alice, bob, alice_client, bob_client, conversation):
    assert "messaging" not in settings.CONTENT_CACHE_APPS
    assert {"messaging.message", "messaging.conversation"} <= settings.CONTENT_CACHE_PRIVATE_MODELS
    before = content_version()
    alice_client.post("/messages/new/", {"to": ["bob"], "subject": "Another one", "body": "Hello again"})
    bob_client.post(f"/messages/{conversation.pk}/reply/", {"body": "A reply"})
    bob_client.post("/messages/settings/", {"who_can_start": "nobody", "email_content": "no"})
    bob_client.post("/messages/block/alice/", {"action": "block"})
    alice_client.post(f"/messages/{conversation.pk}/leave/")
    assert Message.objects.count() == 4
    assert content_version() == before
    # Any other successful form post still does.
    alice_client.post("/account/", {"display_name": "Dr Alice A."})
    assert content_version() != before
