"""Visitors never see who wrote what, in public categories too (the Chatham House rule); members do.

On every page a visitor can reach (topic pages, topic lists, edit history,
forum and site search, feeds, the home page) an author is "A member", with
no organisation, role badge or profile link, and an @mention reads "@member".
"""

import pytest

from forum import moderation, services
from profiles.models import DirectoryEntry, Organisation
from tests import factories

NAMES = ["Dr Alice Adams", "Dr Bob Brown", "Mo Moderator", "@alice", "/members/alice/", "/members/bob/"]
BADGES_AND_PLACES = [">Moderator</span>", "Northshire Hospitals"]


@pytest.fixture
def public_discussion(alice, bob, mo, public_cat, settings):
    settings.FORUM_NEW_MEMBER_DAYS = 0
    organisation = Organisation.objects.create(name="Northshire Hospitals NHS Trust", type="acute", region="london")
    DirectoryEntry.objects.update_or_create(
        user=bob, defaults={"organisation": organisation, "visibility": "everyone"}
    )
    DirectoryEntry.objects.update_or_create(user=alice, defaults={"visibility": "nobody"})
    topic = factories.make_topic(author=alice, category=public_cat, title="Interoperability", body="FHIR or HL7v2?")
    answer = factories.make_reply(topic=topic, author=bob, body="FHIR R4, @alice: interoperability wins.")
    factories.make_reply(topic=topic, author=mo, body="Interoperability is on topic here.")
    services.accept_toggle(post=answer, user=alice)
    services.post_edit(post=answer, editor=mo, body="FHIR R4, @alice: interoperability wins (tidied).")
    moderation.topic_moderate(topic=topic, moderator=mo, action="pin", reason="Useful")
    return topic, answer


def _visitor_pages(topic, answer, public_cat):
    return [
        topic.get_absolute_url(),
        public_cat.get_absolute_url(),
        "/forum/",
        "/forum/latest/",
        f"/forum/p/{answer.pk}/history/",
        "/forum/search/?q=interoperability",
        "/search/?q=interoperability",
        "/forum/feed/",
        f"{public_cat.get_absolute_url()}feed/",
        "/",
    ]


@pytest.mark.parametrize("cached", [False, True])
def test_visitors_see_a_member_never_a_name(public_discussion, public_cat, visitor_client, settings, cached):
    settings.CONTENT_CACHE = cached
    topic, answer = public_discussion
    for _ in range(2 if cached else 1):  # the second time from the content cache
        for url in _visitor_pages(topic, answer, public_cat):
            content = visitor_client.get(url).content.decode()
            assert [n for n in NAMES + BADGES_AND_PLACES if n in content] == [], url
    page = visitor_client.get(topic.get_absolute_url()).content.decode()
    assert page.count(">A member</h2>") == 3 and "From A member" in page
    assert '<span class="mention">@member</span>' in page
    assert "A member" in visitor_client.get("/forum/search/?q=interoperability").content.decode()
    assert "edited by a moderator" in visitor_client.get(f"/forum/p/{answer.pk}/history/").content.decode()


def test_accounts_that_are_not_members_see_no_names_either(public_discussion, public_cat, una_client):
    topic, answer = public_discussion
    for url in _visitor_pages(topic, answer, public_cat):
        content = una_client.get(url).content.decode()
        assert [n for n in NAMES if n in content] == [], url


def test_members_see_names_badges_and_mentions(public_discussion, alice_client):
    topic, answer = public_discussion
    page = alice_client.get(topic.get_absolute_url()).content.decode()
    assert "Dr Bob Brown" in page and "Mo Moderator" in page and ">Moderator</span>" in page
    assert '<a class="mention" href="/members/alice/">@alice</a>' in page
    assert "Northshire Hospitals NHS Trust" in page
    results = alice_client.get("/forum/search/?q=interoperability").content.decode()
    assert "Dr Bob Brown" in results
    assert "Mo Moderator" in alice_client.get(f"/forum/p/{answer.pk}/history/").content.decode()


def test_the_sign_up_form_says_usernames_are_public(client, db):
    """Usernames are public handles: the form says so, since the site must say when one is taken."""
    page = client.get("/accounts/signup/").content.decode()
    assert "anyone can find out that a username is taken" in page
    assert "It need not be your name" in page
