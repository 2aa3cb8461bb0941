"""Where a member starts a conversation: a directory entry, a CCIO profile of a member, a forum post's author line,
and Messages in the header."""

from tests import factories

LINK = 'href="/messages/new/?to=bob"'


def test_directory_entry(alice_client, bob_client, visitor_client, bob):
    factories.DirectoryEntryFactory(user=bob, visibility="everyone")
    assert LINK in alice_client.get("/members/bob/").content.decode()
    assert LINK not in bob_client.get("/members/bob/").content.decode()  # not to oneself
    assert LINK not in visitor_client.get("/members/bob/").content.decode()


def test_ccio_profile_of_a_member(alice_client, visitor_client, bob):
    profile = factories.CCIOProfileFactory(member=bob)
    assert LINK in alice_client.get(profile.get_absolute_url()).content.decode()
    assert LINK not in visitor_client.get(profile.get_absolute_url()).content.decode()


def test_forum_post_author_line(alice_client, bob_client, bob, members_cat):
    topic = factories.make_topic(author=bob, category=members_cat, title="Bob asks a question")
    assert LINK in alice_client.get(topic.get_absolute_url()).content.decode()
    assert LINK not in bob_client.get(topic.get_absolute_url()).content.decode()


def test_header_links_to_messages_for_everyone_signed_in(alice_client, applicant_client, visitor_client):
    assert 'data-testid="header-messages"' in alice_client.get("/").content.decode()
    assert 'data-testid="header-messages"' in applicant_client.get("/").content.decode()
    assert 'data-testid="header-messages"' not in visitor_client.get("/").content.decode()


def test_an_applicant_sees_only_the_way_to_the_moderators(applicant_client):
    page = applicant_client.get("/messages/").content.decode()
    assert 'href="/messages/moderators/new/"' in page and "New conversation</a>" not in page
