"""The signed-in person is read from the cache, and any change to their account or roles shows at once.

accounts.backends keeps the loaded user (with their role names) under their
person version (core.person_cache); these tests change the account in every
way that matters and check the very next page sees it, for that person only.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


def _user_loads(client, path="/forum/"):
    """How many times the page loaded the signed-in user from the database."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("loaded_role_names" in q["sql"] for q in queries)


def _signed_in(client):
    response = client.get("/forum/bookmarks/")  # members only: a visitor is sent to sign in
    return response.status_code == 200


def test_a_second_page_reads_the_user_from_the_cache(alice_client):
    assert _user_loads(alice_client) == 1
    assert _user_loads(alice_client) == 0


def test_a_new_name_shows_in_the_header_at_once(alice, alice_client):
    assert "Dr Alice Adams" in alice_client.get("/forum/").content.decode()
    alice.display_name = "Professor Alice Adams"
    alice.save()
    html = alice_client.get("/forum/").content.decode()
    assert "Professor Alice Adams" in html


def test_a_password_changed_elsewhere_signs_other_sessions_out_at_once(alice, alice_client):
    assert _signed_in(alice_client)
    alice.set_password("a new and different password")
    alice.save()
    assert not _signed_in(alice_client)


def test_deactivating_or_deleting_an_account_signs_it_out_at_once(alice, bob, alice_client, bob_client):
    assert _signed_in(alice_client) and _signed_in(bob_client)
    alice.is_active = False
    alice.save()
    bob.delete()
    assert not _signed_in(alice_client)
    assert not _signed_in(bob_client)


def test_a_role_given_and_taken_shows_at_once_both_ways_round(alice, alice_client):
    editors = Group.objects.get(name=roles.EDITORS)

    def banner():
        return 'data-testid="role-banner"' in alice_client.get("/forum/").content.decode()

    assert not banner()
    alice.groups.add(editors)  # from the user's side
    assert banner(), "an editor without the second factor is told their role is switched off"
    editors.user_set.remove(alice)  # from the group's side
    assert not banner()
    editors.user_set.add(alice)
    assert banner()
    editors.user_set.clear()  # everyone in the group, named before they are taken out
    assert not banner()


def test_losing_membership_shows_at_once(alice, alice_client):
    assert _signed_in(alice_client)
    alice.groups.clear()
    assert alice_client.get("/forum/bookmarks/").status_code == 403


def test_one_persons_change_leaves_anothers_kept_user_alone(alice, bob, alice_client, bob_client):
    _user_loads(alice_client), _user_loads(bob_client)
    bob.display_name = "Dr Robert Brown"
    bob.save()
    assert _user_loads(alice_client) == 0
    assert _user_loads(bob_client) == 1


def test_each_person_gets_their_own_user_and_header(alice, bob):
    clients = {}
    for user in (alice, bob):
        clients[user.pk] = Client()
        clients[user.pk].force_login(user)
    for _ in range(2):
        for user in (alice, bob):
            html = clients[user.pk].get("/forum/").content.decode()
            name = html.split('data-testid="header-user-name">', 1)[1].split("<", 1)[0]
            assert name == user.display_name


def test_without_the_shared_cache_the_user_is_read_from_the_database(settings, alice_client):
    settings.CONTENT_CACHE = False
    assert _user_loads(alice_client) == 1
    assert _user_loads(alice_client) == 1


def test_a_user_read_just_before_a_change_is_never_served_after_it(alice, monkeypatch):
    """A page loads the account, another saves a change, then the first keeps what it loaded: nobody gets that copy."""
    from django.core.cache import cache

    from accounts import backends

    class ChangeBeforeKeeping:
        get_many = staticmethod(cache.get_many)

        @staticmethod
        def set(key, value, timeout):
            changed = User.objects.get(pk=alice.pk)
            changed.display_name = "Dr Alice Adams-Smith"
            changed.save()
            monkeypatch.setattr(backends, "cache", cache)
            return cache.set(key, value, timeout)

    monkeypatch.setattr(backends, "cache", ChangeBeforeKeeping)
    assert backends.signed_in_user(alice.pk).display_name == "Dr Alice Adams"
    assert backends.signed_in_user(alice.pk).display_name == "Dr Alice Adams-Smith"
