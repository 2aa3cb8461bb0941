"""Polls in forum topics: create with a new topic, vote once, change the vote, close, results without JavaScript."""

import datetime as dt

import pytest
from django.utils import timezone

from forum.models import Topic
from surveys import services
from surveys.models import Answer, Ballot, Poll
from tests import factories


def _new_topic(client, category, **poll):
    data = {"category": category.pk, "title": "Which EPR do you use?", "body": "Tell us which and why.", **poll}
    return client.post("/forum/new-topic/", data)


@pytest.fixture
def poll(alice, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="Best EPR")
    return services.poll_create(topic=topic, text="Which EPR?", kind="single", labels=["Epic", "Cerner", "Other"])


def _vote_url(poll):
    return f"/forum/t/{poll.topic_id}/poll/vote/"


def _options(poll):
    return list(poll.question.options.all())


def test_a_member_starts_a_topic_with_a_poll(alice_client, members_cat):
    response = _new_topic(
        alice_client,
        members_cat,
        poll_question="Which EPR?",
        poll_kind="multiple",
        poll_options="Epic\nCerner\n\nEpic\nSystem C",
    )
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert poll.question.kind == "multiple"
    assert [o.label for o in _options(poll)] == ["Epic", "Cerner", "System C"]
    assert "Poll: Which EPR?" in alice_client.get(response["Location"]).content.decode()


def test_a_topic_without_a_poll_has_none(alice_client, members_cat):
    assert _new_topic(alice_client, members_cat).status_code == 302
    assert Topic.objects.count() == 1 and not Poll.objects.exists()


@pytest.mark.parametrize(
    "poll_fields",
    [
        {"poll_question": "Which?", "poll_options": "Only one"},
        {"poll_question": "Which?", "poll_options": "\n".join(f"Option {n}" for n in range(21))},
        {"poll_question": "", "poll_options": "A\nB"},
        {"poll_question": "Which?", "poll_options": "A\nB", "poll_closes_at": "2001-01-01T10:00"},
        {"poll_question": "x" * 400, "poll_options": "A\nB"},
        {"poll_question": "Which?", "poll_options": "A\nB", "poll_kind": "scale"},
    ],
)
def test_bad_polls_are_refused_and_nothing_is_posted(alice_client, members_cat, poll_fields):
    response = _new_topic(alice_client, members_cat, **poll_fields)
    assert response.status_code == 200
    assert "Tell us which and why." in response.content.decode()
    assert not Topic.objects.exists() and not Poll.objects.exists()


def test_vote_once_change_until_closed(alice_client, alice, bob_client, poll):
    epic, cerner, _ = _options(poll)
    assert alice_client.post(_vote_url(poll), {"option": epic.pk}).status_code == 302
    assert alice_client.post(_vote_url(poll), {"option": cerner.pk}).status_code == 302
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert list(Answer.objects.filter(ballot__poll=poll).values_list("option__label", flat=True)) == ["Cerner"]
    bob_client.post(_vote_url(poll), {"option": cerner.pk})
    html = alice_client.get(poll.topic.get_absolute_url()).content.decode()
    assert "Cerner" in html and "2 votes (100%)" in html and "Epic: 0 votes (0%)" in html
    assert '<progress class="w-100" max="100" value="100"' in html


def test_results_hidden_before_voting_unless_set(bob_client, poll):
    html = bob_client.get(poll.topic.get_absolute_url()).content.decode()
    assert "Results show once you have voted." in html
    poll.results_before_voting = True
    poll.save()
    assert "Results show once you have voted." not in bob_client.get(poll.topic.get_absolute_url()).content.decode()


def test_options_of_another_poll_and_junk_are_refused(alice_client, alice, members_cat, poll):
    other_topic = factories.make_topic(author=alice, category=members_cat, title="Other")
    other = services.poll_create(topic=other_topic, text="Other?", kind="single", labels=["A", "B"])
    for bad in [{"option": _options(other)[0].pk}, {}, {"option": "x"}, {"option": "9" * 40}, {"option": "1\x00"}]:
        response = alice_client.post(_vote_url(poll), bad)
        assert response.status_code in (302, 400)
    assert not Ballot.objects.exists()
    epic, cerner, _ = _options(poll)
    alice_client.post(_vote_url(poll), {"option": [epic.pk, cerner.pk]})  # single choice: two refused
    assert not Ballot.objects.exists()


def test_htmx_vote_updates_the_poll_in_place(alice_client, poll):
    epic = _options(poll)[0]
    response = alice_client.post(_vote_url(poll), {"option": epic.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="forum-poll') and "1 vote (100%)" in html


def test_visitor_non_member_and_suspended_cannot_vote(visitor_client, una_client, sam_client, poll):
    epic = _options(poll)[0]
    assert visitor_client.post(_vote_url(poll), {"option": epic.pk}).status_code == 302
    assert una_client.post(_vote_url(poll), {"option": epic.pk}).status_code in (302, 403)
    assert sam_client.post(_vote_url(poll), {"option": epic.pk}).status_code in (302, 403)
    assert not Ballot.objects.exists()


def test_a_moderator_closes_the_poll_and_nobody_votes_after(alice_client, ed_client, mo_client, poll):
    epic = _options(poll)[0]
    assert alice_client.post(f"/forum/t/{poll.topic_id}/poll/close/").status_code == 403
    assert ed_client.post(f"/forum/t/{poll.topic_id}/poll/close/").status_code == 403
    assert mo_client.post(f"/forum/t/{poll.topic_id}/poll/close/").status_code == 302
    poll.refresh_from_db()
    assert poll.is_closed
    alice_client.post(_vote_url(poll), {"option": epic.pk})
    assert not Ballot.objects.exists()


def test_a_poll_closes_by_its_time(alice_client, poll):
    poll.closes_at = timezone.now() - dt.timedelta(minutes=1)
    poll.save()
    alice_client.post(_vote_url(poll), {"option": _options(poll)[0].pk})
    assert not Ballot.objects.exists()


def test_a_topic_without_a_poll_answers_404_to_votes(alice_client, alice, members_cat):
    topic = factories.make_topic(author=alice, category=members_cat, title="No poll")
    assert alice_client.post(f"/forum/t/{topic.pk}/poll/vote/", {"option": 1}).status_code == 404


def test_topic_page_budget_is_the_same_with_and_without_a_poll(
    alice_client, alice, members_cat, poll, django_assert_max_num_queries
):
    plain = factories.make_topic(author=alice, category=members_cat, title="Plain")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as without:
        alice_client.get(plain.get_absolute_url())
    for member in [factories.MemberFactory() for _ in range(5)]:
        services.poll_vote(poll=poll, member=member, option_ids=[_options(poll)[0].pk])
    with CaptureQueriesContext(connection) as with_poll:
        alice_client.get(poll.topic.get_absolute_url())
    assert len(with_poll) <= len(without) + 3
