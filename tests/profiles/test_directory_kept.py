"""The directory and a member's entry are kept as rendered HTML, and stay right for everyone.

Both pages are rendered once per content version for everyone who may see the
same entries (members; visitors and signed-in non-members), so a second view
reads no entries. Whatever is kept, a change (a new or edited entry, a change
of who may see it, a new name, a change of role, an erased account, a new
forum post) shows at once to the people it concerns, and nobody ever sees
what their kind of viewer may not: a visitor never sees an entry shared with
members only, nobody sees an entry its owner hides, and one member's own
parts (their hidden entry, "Edit your entry") never reach another.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.services import account_erase, add_role
from forum.moderation import post_hide
from profiles.models import DirectoryEntry
from tests.factories import CategoryFactory, DirectoryEntryFactory, MemberFactory, make_reply, make_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("content_cache")]


@pytest.fixture
def carol_client():
    client = Client()
    client.force_login(MemberFactory(username="carol", display_name="Dr Carol Clark"))
    return client


def _directory(client, query=""):
    """The directory below its heading (the page header names the signed-in person)."""
    response = client.get(f"/members/{query}")
    assert response.status_code == 200
    return response.content.decode().split("<h1>Member directory</h1>", 1)[1]


def _entry_queries(client, path):
    """The statements a page view sends that read directory entries."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries if "profiles_directoryentry" in q["sql"]]


# --- the directory -------------------------------------------------------------


def test_a_second_view_reads_no_entries(alice_client, visitor_client):
    DirectoryEntryFactory.create_batch(3, visibility="everyone")
    for client in (alice_client, visitor_client):
        client.get("/members/")
        # Not even whether a member hides their own entry: that is kept with them (core.person_cache).
        assert _entry_queries(client, "/members/") == []
    with CaptureQueriesContext(connection) as queries:
        visitor_client.get("/members/?page=1")
        visitor_client.get("/members/?page=1")
    assert len([q for q in queries if "profiles_directoryentry" in q["sql"]]) == 2  # the count and the page, once


def test_a_new_entry_shows_at_once_to_those_it_is_shared_with(alice_client, visitor_client):
    _directory(alice_client), _directory(visitor_client)
    entry = DirectoryEntryFactory(user=MemberFactory(display_name="Dr New Comer"), visibility="members")
    assert "Dr New Comer" in _directory(alice_client)
    assert "Dr New Comer" not in _directory(visitor_client)
    entry.visibility = "everyone"
    entry.save()
    assert "Dr New Comer" in _directory(visitor_client)
    entry.visibility = "nobody"
    entry.save()
    assert "Dr New Comer" not in _directory(alice_client)
    assert "Dr New Comer" not in _directory(visitor_client)


def test_a_visitor_never_gets_the_members_page(alice_client, visitor_client, una_client):
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Members Only"), visibility="members")
    assert "Dr Members Only" in _directory(alice_client)  # kept for members first
    assert "Dr Members Only" in _directory(alice_client, "?q=Members")
    assert "Dr Members Only" not in _directory(visitor_client)
    assert "Dr Members Only" not in _directory(visitor_client, "?q=Members")
    assert "Dr Members Only" not in _directory(una_client)  # signed in, not a member: what visitors see


def test_a_hidden_entry_shows_to_its_owner_alone(alice, alice_client, bob_client, carol_client, visitor_client):
    DirectoryEntryFactory(user=alice, visibility="nobody")
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Public Person"), visibility="everyone")
    assert "Dr Bob Brown" not in _directory(bob_client)
    # Whoever comes first, the owner sees her hidden entry and nobody else does.
    assert "Dr Alice Adams" not in _directory(bob_client)
    mine = _directory(alice_client)
    assert "Dr Alice Adams" in mine and "2 members found" in mine
    others = _directory(carol_client)
    assert "Dr Alice Adams" not in others and "1 member found" in others
    assert "Dr Alice Adams" not in _directory(visitor_client)


def test_the_owner_of_a_hidden_entry_sees_it_again_after_showing_it(alice, alice_client, bob_client):
    entry = DirectoryEntryFactory(user=alice, visibility="members")
    assert "Dr Alice Adams" in _directory(alice_client)
    assert "Dr Alice Adams" in _directory(bob_client)
    entry.visibility = "nobody"
    entry.save()
    assert "Dr Alice Adams" in _directory(alice_client)
    assert "Dr Alice Adams" not in _directory(bob_client)


def test_an_entry_hidden_through_its_edit_form_or_the_admin_leaves_the_others_directory_at_once(
    alice, alice_client, bob_client, ed
):
    _directory(alice_client), _directory(bob_client)  # both kept, with Alice's choice
    data = {"job_title": "CCIO", "visibility": "nobody", "profession": "doctor"}
    assert alice_client.post("/account/profile/", data).status_code == 302
    assert "Dr Alice Adams" in _directory(alice_client)
    assert "Dr Alice Adams" not in _directory(bob_client)
    entry = DirectoryEntry.objects.get(user=alice)
    entry.visibility = "members"  # as an editor's change in the admin saves it
    entry.save()
    assert "Dr Alice Adams" in _directory(bob_client) and "Dr Alice Adams" in _directory(alice_client)
    entry.delete()
    assert "Dr Alice Adams" not in _directory(alice_client)


def test_a_non_member_sees_their_own_members_only_entry_and_nobody_elses(una, una_client, visitor_client):
    DirectoryEntryFactory(user=una, visibility="members")
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Other Member"), visibility="members")
    page = _directory(una_client)
    assert 'href="/members/una/"' in page and "Dr Other Member" not in page
    assert 'href="/members/una/"' not in _directory(visitor_client)


def test_a_new_name_and_an_erased_account_show_at_once(alice_client, bob, bob_client):
    gone = DirectoryEntryFactory(user=MemberFactory(username="gone", display_name="Dr Soon Gone"))
    DirectoryEntryFactory(user=bob)
    assert "Dr Bob Brown" in _directory(alice_client) and "Dr Soon Gone" in _directory(alice_client)
    bob.display_name = "Dr Robert Brown"
    bob.save()
    account_erase(user=gone.user)
    page = _directory(alice_client)
    assert "Dr Robert Brown" in page and "Dr Bob Brown" not in page
    assert "Dr Soon Gone" not in page and "Former member" not in page


def test_a_change_of_role_changes_what_the_directory_shows_at_once(alice, alice_client, una, una_client):
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Members Only"), visibility="members")
    assert "Dr Members Only" not in _directory(una_client)
    add_role(una, roles.MEMBERS)
    assert "Dr Members Only" in _directory(una_client)
    alice.groups.remove(Group.objects.get(name=roles.MEMBERS))
    assert "Dr Members Only" not in _directory(alice_client)


def test_each_filter_and_page_is_kept_apart(alice_client):
    leeds = DirectoryEntryFactory(user=MemberFactory(display_name="Dr Leeds Person"), organisation__region="london")
    for n in range(25):
        DirectoryEntryFactory(user=MemberFactory(display_name=f"Dr Zed {n:02d}"), organisation__region="wales")
    first, second = _directory(alice_client), _directory(alice_client, "?page=2")
    assert "Page 1 of 2" in first and "Page 2 of 2" in second and first != second
    london = _directory(alice_client, "?region=london")
    assert "Dr Leeds Person" in london and "Dr Zed" not in london
    assert 'value="london" selected' in london
    leeds.organisation.region = "wales"
    leeds.organisation.save()
    assert "Dr Leeds Person" not in _directory(alice_client, "?region=london")


def test_what_an_address_adds_beyond_the_filters_is_ignored(alice_client):
    DirectoryEntryFactory(user=MemberFactory(display_name="Dr Only One"))
    _directory(alice_client, "?region=&page=1")
    assert _entry_queries(alice_client, "/members/?page=1&region=&utm_source=mail") == []
    assert _directory(alice_client, "?utm_source=mail") == _directory(alice_client)


# --- a member's entry ------------------------------------------------------------


def _entry(client, username="alice"):
    return client.get(f"/members/{username}/")


def test_an_entry_page_is_read_once_and_an_edit_shows_at_once(alice, bob_client, carol_client):
    entry = DirectoryEntryFactory(user=alice, job_title="CCIO at Leeds")
    assert "CCIO at Leeds" in _entry(bob_client).content.decode()
    assert _entry_queries(carol_client, "/members/alice/") == []
    entry.job_title = "CCIO at York"
    entry.save()
    page = _entry(carol_client).content.decode()
    assert "CCIO at York" in page and "CCIO at Leeds" not in page


def test_an_entry_shared_with_members_never_reaches_a_visitor(alice, bob_client, visitor_client, una_client):
    entry = DirectoryEntryFactory(user=alice, visibility="members")
    assert _entry(bob_client).status_code == 200
    assert _entry(visitor_client).status_code == 404
    assert _entry(una_client).status_code == 404
    entry.visibility = "everyone"
    entry.save()
    assert _entry(visitor_client).status_code == 200
    assert 'name="robots"' not in _entry(visitor_client).content.decode()
    entry.visibility = "nobody"
    entry.save()
    assert _entry(bob_client).status_code == 404
    assert _entry(visitor_client).status_code == 404


def test_the_owners_own_parts_stay_with_the_owner(alice, alice_client, bob_client):
    DirectoryEntryFactory(user=alice, visibility="nobody")
    mine = _entry(alice_client).content.decode()
    assert "Edit your entry" in mine and "Message Dr Alice Adams" not in mine
    assert _entry(bob_client).status_code == 404
    DirectoryEntryFactory(user=MemberFactory(username="dave", display_name="Dr Dave Dunn"))
    assert "Message Dr Dave Dunn" in _entry(alice_client, "dave").content.decode()
    theirs = _entry(bob_client, "dave").content.decode()
    assert "Message Dr Dave Dunn" in theirs and "Edit your entry" not in theirs


def test_a_member_without_an_entry_and_the_owner_see_their_own_words(alice, alice_client, bob_client):
    assert "Fill it in" in _entry(alice_client).content.decode()
    page = _entry(bob_client).content.decode()
    assert "has not filled in their directory entry yet" in page and "Fill it in" not in page
    DirectoryEntryFactory(user=alice, job_title="CCIO at Hull")
    assert "CCIO at Hull" in _entry(bob_client).content.decode()
    assert "Fill it in" not in _entry(alice_client).content.decode()


def test_recent_forum_activity_is_kept_per_kind_of_reader(alice, bob, bob_client, mo_client, visitor_client, mo):
    DirectoryEntryFactory(user=alice, visibility="everyone")
    topic = make_topic(author=bob, category=CategoryFactory(access="public"), title="Bob asks about EPR")
    reply = make_reply(topic=topic, author=alice)
    assert "Replied in <a" in _entry(bob_client).content.decode()
    assert "Recent forum activity" not in _entry(visitor_client).content.decode()  # Chatham House rule
    post_hide(post=reply, moderator=mo, reason="Off topic")
    assert "Replied in <a" in _entry(mo_client).content.decode()  # moderators see hidden posts
    assert "Recent forum activity" not in _entry(bob_client).content.decode()
    make_topic(author=alice, category=CategoryFactory(access="public"), title="A second question")
    assert "A second question" in _entry(bob_client).content.decode()
    assert "A second question" not in _entry(visitor_client).content.decode()
