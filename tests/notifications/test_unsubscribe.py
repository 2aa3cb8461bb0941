import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications import kinds
from notifications.emails import unsubscribe_url
from notifications.preferences import preferences_for, set_preference
from notifications.tokens import DIGEST, SALT, make_unsubscribe_token


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_link_from_the_email_works_signed_out(send, alice, visitor_client):
    send(alice)
    url = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    page = visitor_client.get(_path(url))
    assert page.status_code == 200
    assert "Stop emails about" in page.content.decode()
    # GET alone changes nothing.
    assert preferences_for(alice)["forum.reply"] == kinds.IMMEDIATE
    done = visitor_client.post(_path(url), {"scope": "kind"})
    assert done.status_code == 200
    prefs = preferences_for(alice)
    assert prefs["forum.reply"] == kinds.NEVER
    assert prefs["forum.mention"] == kinds.IMMEDIATE
    # And no more emails of that kind.
    mail.outbox.clear()
    send(alice)
    assert mail.outbox == []


def test_unsubscribe_from_all(alice, visitor_client):
    response = visitor_client.post(_path(unsubscribe_url(alice, "events.reminder")), {"scope": "all"})
    assert response.status_code == 200
    assert set(preferences_for(alice).values()) == {kinds.NEVER}


def test_one_click_post_from_a_mail_client(alice, visitor_client):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, without a CSRF token."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(_path(unsubscribe_url(alice, "forum.reply")), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert preferences_for(alice)["forum.reply"] == kinds.NEVER


def test_digest_link_stops_every_daily_kind(alice, visitor_client):
    set_preference(user=alice, kind="forum.reply", frequency=kinds.DAILY)
    visitor_client.post(_path(unsubscribe_url(alice, DIGEST)), {"scope": "kind"})
    prefs = preferences_for(alice)
    assert prefs["forum.reply"] == kinds.NEVER
    assert prefs["forum.reaction"] == kinds.NEVER  # daily by default
    assert prefs["forum.mention"] == kinds.IMMEDIATE


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_token_is_refused(alice, bob, visitor_client, method):
    token = make_unsubscribe_token(alice, "forum.reply")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = getattr(visitor_client, method)(reverse("notifications:unsubscribe", args=[tampered]))
    assert response.status_code == 400
    assert preferences_for(alice)["forum.reply"] == kinds.IMMEDIATE


@pytest.mark.parametrize("token", ["nonsense", "a:b:c", "%3Cscript%3E", "x" * 500])
def test_garbage_tokens_are_refused(db, visitor_client, token):
    response = visitor_client.get(f"/notifications/unsubscribe/{token}/")
    assert response.status_code in (400, 404)


def test_token_signed_for_another_purpose_is_refused(alice, visitor_client):
    from django.core import signing

    token = signing.dumps({"u": alice.pk, "k": "forum.reply"}, salt="something-else", compress=True)
    assert visitor_client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 400
    token = signing.dumps({"u": alice.pk, "k": "forum.nonsense"}, salt=SALT, compress=True)
    assert visitor_client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 400
    token = signing.dumps(["not", "a", "dict"], salt=SALT, compress=True)
    assert visitor_client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 400


def test_token_for_an_erased_account_is_refused(alice, visitor_client):
    url = _path(unsubscribe_url(alice, "forum.reply"))
    alice.is_active = False
    alice.save()
    assert visitor_client.get(url).status_code == 400


def test_token_only_affects_its_owner(alice, bob, bob_client):
    bob_client.post(_path(unsubscribe_url(alice, "forum.reply")), {"scope": "all"})
    assert set(preferences_for(bob).values()) != {kinds.NEVER}
    assert preferences_for(alice)["forum.reply"] == kinds.NEVER
