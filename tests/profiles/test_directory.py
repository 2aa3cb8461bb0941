"""The member directory: privacy in the list, the entry page and search; filters; query budget."""

import pytest

from profiles.models import DirectoryEntry
from tests.factories import DirectoryEntryFactory, MemberFactory, OrganisationFactory


@pytest.fixture
def entries(db):
    trust = OrganisationFactory(name="Leeds Teaching Hospitals", region="north-east-yorkshire", type="acute")
    board = OrganisationFactory(name="NHS Lothian", region="scotland", type="icb")
    return {
        "public": DirectoryEntryFactory(
            user=MemberFactory(username="pub", display_name="Dr Public Person"),
            visibility="everyone",
            organisation=trust,
            profession="nurse",
        ),
        "members": DirectoryEntryFactory(
            user=MemberFactory(username="memb", display_name="Dr Members Only"),
            visibility="members",
            organisation=board,
            advisory_panel=True,
        ),
        "nobody": DirectoryEntryFactory(
            user=MemberFactory(username="hid", display_name="Dr Hidden Away"),
            visibility="nobody",
            organisation=trust,
        ),
    }


def _names(response):
    body = response.content.decode()
    return {name for name in ("Dr Public Person", "Dr Members Only", "Dr Hidden Away") if name in body}


def test_visitor_sees_only_public_entries(visitor_client, entries):
    assert _names(visitor_client.get("/members/")) == {"Dr Public Person"}
    assert visitor_client.get("/members/pub/").status_code == 200
    assert visitor_client.get("/members/memb/").status_code == 404
    assert visitor_client.get("/members/hid/").status_code == 404


@pytest.mark.parametrize("who", ["alice_client", "ed_client", "mo_client", "sam_client"])
def test_members_see_public_and_members_entries_but_never_hidden_ones(who, request, entries):
    client = request.getfixturevalue(who)
    assert _names(client.get("/members/")) == {"Dr Public Person", "Dr Members Only"}
    assert client.get("/members/memb/").status_code == 200
    assert client.get("/members/hid/").status_code == 404


def test_a_non_member_sees_what_visitors_see(una_client, entries):
    assert _names(una_client.get("/members/")) == {"Dr Public Person"}
    assert una_client.get("/members/memb/").status_code == 404


def test_search_never_reveals_hidden_entries(alice_client, visitor_client, entries):
    assert _names(alice_client.get("/members/?q=Hidden")) == set()
    assert _names(alice_client.get("/members/?q=Leeds")) == {"Dr Public Person"}
    assert _names(visitor_client.get("/members/?q=Lothian")) == set()
    assert _names(alice_client.get("/members/?q=lothian")) == {"Dr Members Only"}


def test_owner_always_sees_their_own_entry(client, entries):
    client.force_login(entries["nobody"].user)
    assert client.get("/members/hid/").status_code == 200
    assert "Dr Hidden Away" in _names(client.get("/members/"))


def test_filters(alice_client, entries):
    assert _names(alice_client.get("/members/?region=scotland")) == {"Dr Members Only"}
    assert _names(alice_client.get("/members/?organisation_type=acute")) == {"Dr Public Person"}
    assert _names(alice_client.get("/members/?profession=nurse")) == {"Dr Public Person"}
    assert _names(alice_client.get("/members/?advisory_panel=on")) == {"Dr Members Only"}
    assert alice_client.get("/members/?region=atlantis").status_code == 200


def test_inactive_accounts_never_show(alice_client, entries):
    user = entries["public"].user
    user.is_active = False
    user.save()
    assert "Dr Public Person" not in _names(alice_client.get("/members/"))


def test_entry_page_shows_the_details_and_rendered_bio(alice_client, db):
    entry = DirectoryEntryFactory(
        user=MemberFactory(username="priya", display_name="Dr Priya Shah"),
        bio="I lead **EPR** work.",
        years_in_practice=22,
        contracted_days="2.0",
        actual_days="3.0",
        links="https://example.org/priya",
        interests="EPR, clinical safety",
    )
    body = alice_client.get(entry.get_absolute_url()).content.decode()
    assert "<strong>EPR</strong>" in body
    assert "22" in body and "2.0 contracted, 3.0 in practice" in body
    assert 'href="https://example.org/priya"' in body
    assert "EPR, clinical safety" in body


def test_directory_is_paginated(alice_client, db):
    for _ in range(30):
        DirectoryEntryFactory()
    body = alice_client.get("/members/").content.decode()
    assert "Page 1 of 2" in body and "30 members found" in body


@pytest.mark.parametrize("n", [3, 40])
def test_directory_query_budget_does_not_grow(n, alice_client, django_assert_max_num_queries, db):
    for _ in range(n):
        DirectoryEntryFactory()
    with django_assert_max_num_queries(8):
        assert alice_client.get("/members/?q=a&region=london").status_code == 200
    with django_assert_max_num_queries(8):
        assert alice_client.get("/members/").status_code == 200


def test_member_page_query_budget(alice_client, django_assert_max_num_queries, db):
    entry = DirectoryEntryFactory()
    with django_assert_max_num_queries(10):
        assert alice_client.get(entry.get_absolute_url()).status_code == 200


def test_erasing_an_account_erases_the_entry(db):
    from accounts.signals import account_erased
    from tests.factories import CCIOProfileFactory

    entry = DirectoryEntryFactory()
    profile = CCIOProfileFactory(member=entry.user)
    account_erased.send(sender=type(entry.user), user=entry.user)
    assert not DirectoryEntry.objects.filter(pk=entry.pk).exists()
    profile.refresh_from_db()
    assert profile.member is None


def test_the_user_model_links_to_the_directory(db):
    entry = DirectoryEntryFactory()
    assert entry.user.get_absolute_url() == f"/members/{entry.user.username}/"


def test_recent_forum_activity_shows_to_members_only(alice, bob_client, visitor_client, db):
    from tests.factories import CategoryFactory, make_topic

    DirectoryEntryFactory(user=alice, visibility="everyone")
    make_topic(author=alice, category=CategoryFactory(access="public"), title="Alice asks about EPR go-live")
    make_topic(author=alice, category=CategoryFactory(), title="Members-only question")
    body = bob_client.get("/members/alice/").content.decode()
    assert "Recent forum activity" in body
    assert "Alice asks about EPR go-live" in body and "Members-only question" in body
    # Chatham House rule: never attributed in front of visitors.
    body = visitor_client.get("/members/alice/").content.decode()
    assert "Recent forum activity" not in body and "Alice asks" not in body


def test_member_page_query_budget_with_forum_activity(alice, bob_client, django_assert_max_num_queries, settings, db):
    from tests.factories import CategoryFactory, make_topic

    settings.FORUM_NEW_MEMBER_DAYS = 0
    settings.FORUM_NEW_MEMBER_POSTS_PER_MINUTE = 100
    settings.FORUM_NEW_MEMBER_TOPICS_PER_DAY = 100
    DirectoryEntryFactory(user=alice)
    category = CategoryFactory()
    for i in range(8):
        make_topic(author=alice, category=category, title=f"Topic number {i}")
    with django_assert_max_num_queries(11):
        assert bob_client.get("/members/alice/").status_code == 200


def test_a_member_without_an_entry_has_a_page_for_members_only(alice, bob_client, visitor_client, una):
    body = bob_client.get("/members/alice/").content.decode()
    assert "Dr Alice Adams has not filled in their directory entry yet" in body
    assert visitor_client.get("/members/alice/").status_code == 404
    assert bob_client.get("/members/una/").status_code == 404  # not a member
    assert bob_client.get("/members/nobody-here/").status_code == 404


def test_a_hidden_entry_is_not_replaced_by_an_empty_page(alice, bob_client):
    DirectoryEntryFactory(user=alice, visibility="nobody")
    assert bob_client.get("/members/alice/").status_code == 404
