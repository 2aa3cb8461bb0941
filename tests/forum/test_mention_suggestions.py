"""The composer's @mention suggestions: members who can read the topic, for writers only, hostile
input refused or ignored, and a constant number of queries however many members there are."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/forum/mentions/"


def _names(response):
    assert response.status_code == 200, response.status_code
    assert response["Cache-Control"] == "private, no-store"
    return [person["username"] for person in response.json()["results"]]


@pytest.fixture
def topic(alice, members_cat):
    return factories.make_topic(author=alice, category=members_cat, title="Go-live lessons")


def test_suggests_members_by_username_or_name_but_not_the_writer(alice_client, alice, topic):
    factories.MemberFactory(username="alfie", display_name="Dr Alfie Moon")
    factories.MemberFactory(username="zed", display_name="Dr Zara Alston")
    assert _names(alice_client.get(URL, {"q": "al", "topic": topic.pk})) == ["alfie", "zed"]
    results = alice_client.get(URL, {"q": "alf"}).json()["results"]
    assert results == [{"username": "alfie", "name": "Dr Alfie Moon"}]


def test_only_people_who_can_read_it(alice_client, topic):
    factories.UserFactory(username="alma")  # signed up, no role: cannot read members' topics
    gone = factories.MemberFactory(username="alan")
    gone.is_active = False
    gone.save()
    assert _names(alice_client.get(URL, {"q": "al", "topic": topic.pk})) == []


def test_a_hidden_topic_suggests_only_moderators(mo_client, mo, bob, topic):
    type(topic).objects.filter(pk=topic.pk).update(hidden=True)
    other_mo = factories.ModeratorFactory(username="bobby-mod")
    names = _names(mo_client.get(URL, {"q": "bob", "topic": topic.pk}))
    assert names == [other_mo.username]  # bob is a member, not a moderator


def test_members_cannot_ask_about_a_topic_they_cannot_read(alice_client, bob, topic):
    type(topic).objects.filter(pk=topic.pk).update(hidden=True)
    assert alice_client.get(URL, {"q": "bo", "topic": topic.pk}).status_code in (403, 404)


def test_only_writers_may_ask(client, sam_client, una_client):
    assert client.get(URL, {"q": "al"}).status_code in (302, 403)
    assert sam_client.get(URL, {"q": "al"}).status_code == 403  # suspended
    assert una_client.get(URL, {"q": "al"}).status_code == 403  # not a member yet
    assert client.post(URL, {"q": "al"}).status_code == 405


@pytest.mark.parametrize(
    "params",
    [{"q": ""}, {"q": "\x00al"}, {"q": "a" * 5000}, {"q": "<script>"}, {"q": "@@"}, {"q": "é"}],
)
def test_hostile_or_empty_text_gives_nothing_not_an_error(alice_client, bob, params):
    assert _names(alice_client.get(URL, params)) == []


@pytest.mark.parametrize("topic_value", ["abc", "-1", "1" * 40, "1\x00"])
def test_a_nonsense_topic_is_a_clear_400(alice_client, topic_value):
    assert alice_client.get(URL, {"q": "al", "topic": topic_value}).status_code == 400


def test_an_unknown_topic_is_404(alice_client):
    assert alice_client.get(URL, {"q": "al", "topic": "999999"}).status_code == 404


@pytest.mark.parametrize("count", [3, 40])
def test_queries_do_not_grow_with_members(alice_client, topic, django_assert_max_num_queries, count):
    for n in range(count):
        factories.MemberFactory(username=f"alpha{n:02d}")
    assert Group.objects.get(name=roles.MEMBERS).user_set.filter(username__startswith="alpha").count() == count
    with django_assert_max_num_queries(8):
        assert len(_names(alice_client.get(URL, {"q": "alpha", "topic": topic.pk}))) == min(count, 8)
