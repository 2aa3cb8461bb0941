"""Destructive actions ask first: the button on the page opens a confirmation page (plain HTML, no
JavaScript), and only its own button does the deed. Leaving a waiting list, cancelling a place,
withdrawing an article, deleting a post and leaving a conversation, for each role."""

import pytest
from django.urls import reverse

from events import services
from messaging.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db


def _is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- a place at an event and the waiting list --------------------------------------------


@pytest.fixture
def event(db):
    return factories.EventFactory(title="EPR optimisation roundtable", slug="epr-optimisation", capacity=1)


def _register(event, member, status):
    registration = services.registration_create(event=event, member=member)
    assert registration.status == status
    return registration


@pytest.mark.parametrize(
    ("status", "button", "confirm", "done"),
    [
        ("confirmed", "Cancel my place", "Yes, cancel my place", "cancelled"),
        ("waitlisted", "Leave the waiting list", "Yes, leave the waiting list", "left"),
    ],
)
def test_the_event_page_asks_before_a_place_goes(alice_client, alice, bob, event, status, button, confirm, done):
    if status == "waitlisted":
        _register(event, bob, "confirmed")
    registration = _register(event, alice, status)
    confirm_url = reverse("events:cancel_registration_confirm", args=[event.slug])
    page = alice_client.get(event.get_absolute_url()).content.decode()
    # The event page has a link to the question, not a form that acts at once.
    assert f'href="{confirm_url}"' in page
    assert f'action="{reverse("events:cancel_registration", args=[event.slug])}"' not in page
    assert button in page

    question = alice_client.get(confirm_url)
    html = question.content.decode()
    assert question.status_code == 200
    assert confirm in html and f'name="seen" value="{status}"' in html
    registration.refresh_from_db()
    assert registration.status == status  # asking changed nothing

    alice_client.post(reverse("events:cancel_registration", args=[event.slug]), {"seen": status})
    registration.refresh_from_db()
    assert registration.status not in ("confirmed", "waitlisted")


def test_my_events_page_asks_too_and_comes_back_there(alice_client, alice, event):
    _register(event, alice, "confirmed")
    confirm_url = reverse("events:cancel_registration_confirm", args=[event.slug])
    page = alice_client.get(reverse("events:my_events")).content.decode()
    assert f'href="{confirm_url}?next=my"' in page
    html = alice_client.get(f"{confirm_url}?next=my").content.decode()
    assert 'name="next" value="my"' in html
    assert f'href="{reverse("events:my_events")}"' in html


def test_the_question_is_only_for_someone_with_a_place(client, alice_client, event):
    confirm_url = reverse("events:cancel_registration_confirm", args=[event.slug])
    assert _is_login_redirect(client.get(confirm_url))
    response = alice_client.get(confirm_url)  # not registered: nothing to give up
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()


def test_a_refused_member_or_suspended_person_gets_no_question(sam_client, una_client, event):
    confirm_url = reverse("events:cancel_registration_confirm", args=[event.slug])
    for client in (sam_client, una_client):
        response = client.get(confirm_url)
        assert response.status_code in (302, 403)
        assert b"Yes, cancel my place" not in response.content


# --- withdrawing an article ---------------------------------------------------------------


def test_withdrawing_an_article_is_asked_first(ed_client):
    article = factories.ArticleFactory()
    label = "articles.article"
    confirm_url = reverse("editorial:withdraw_confirm", args=[label, article.pk])
    page = ed_client.get(reverse("editorial:item", args=[label, article.pk])).content.decode()
    assert f'href="{confirm_url}"' in page
    assert f'action="{reverse("editorial:transition", args=[label, article.pk, "withdraw"])}"' not in page
    question = ed_client.get(confirm_url)
    assert question.status_code == 200 and b"Yes, withdraw it" in question.content
    article.refresh_from_db()
    assert article.status == "published"
    ed_client.post(reverse("editorial:transition", args=[label, article.pk, "withdraw"]))
    article.refresh_from_db()
    assert article.status == "withdrawn"


def test_only_editors_are_asked_and_only_about_what_can_be_withdrawn(client, alice_client, mo_client, ed_client):
    article = factories.ArticleFactory()
    confirm_url = reverse("editorial:withdraw_confirm", args=["articles.article", article.pk])
    assert _is_login_redirect(client.get(confirm_url))
    assert alice_client.get(confirm_url).status_code == 403
    assert mo_client.get(confirm_url).status_code == 403
    draft = factories.ArticleFactory(status="draft")
    response = ed_client.get(reverse("editorial:withdraw_confirm", args=["articles.article", draft.pk]))
    assert response.status_code == 302
    assert ed_client.get(reverse("editorial:withdraw_confirm", args=["nope.model", 1])).status_code == 404


# --- deleting a post ---------------------------------------------------------------------


def test_deleting_a_post_is_asked_first(alice_client, alice, bob_client, client):
    topic = factories.make_topic(author=alice)
    post = topic.posts.get(number=1) if hasattr(topic, "posts") else topic.first_post
    reply = factories.make_reply(topic=topic, author=alice)
    delete_url = reverse("forum:delete", args=[reply.pk])
    page = alice_client.get(topic.get_absolute_url()).content.decode()
    assert f'href="{delete_url}"' in page  # a link to the question, not a form that deletes
    question = alice_client.get(delete_url)
    assert question.status_code == 200 and b"Delete your post?" in question.content
    reply.refresh_from_db()
    assert not reply.deleted
    assert bob_client.get(delete_url).status_code == 403  # not hers to delete
    assert _is_login_redirect(client.get(delete_url))
    alice_client.post(delete_url)
    reply.refresh_from_db()
    assert reply.deleted
    assert post.pk != reply.pk


# --- leaving a conversation --------------------------------------------------------------


def test_leaving_a_conversation_is_asked_first(alice_client, alice, bob, client, mo_client):
    conversation = factories.make_conversation(starter=alice, recipients=[bob])
    leave_url = reverse("messaging:leave", args=[conversation.pk])
    page = alice_client.get(conversation.get_absolute_url()).content.decode()
    assert f'href="{leave_url}"' in page
    question = alice_client.get(leave_url)
    assert question.status_code == 200 and b"Leave the conversation" in question.content
    assert Participant.objects.get(conversation=conversation, user=alice).left_at is None
    assert _is_login_redirect(client.get(leave_url))
    assert mo_client.get(leave_url).status_code in (403, 404)  # not a participant
    alice_client.post(leave_url)
    assert Participant.objects.get(conversation=conversation, user=alice).left_at is not None


@pytest.mark.parametrize("others", [0, 30])
def test_the_questions_cost_the_same_however_busy(
    alice_client, alice, ed_client, event, others, django_assert_max_num_queries
):
    type(event).objects.filter(pk=event.pk).update(capacity=100)
    for _ in range(others):
        services.registration_create(event=event, member=factories.MemberFactory())
    services.registration_create(event=event, member=alice)
    with django_assert_max_num_queries(12):
        assert alice_client.get(reverse("events:cancel_registration_confirm", args=[event.slug])).status_code == 200
    article = factories.ArticleFactory()
    with django_assert_max_num_queries(12):
        url = reverse("editorial:withdraw_confirm", args=["articles.article", article.pk])
        assert ed_client.get(url).status_code == 200
