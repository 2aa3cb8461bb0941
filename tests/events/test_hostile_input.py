"""Hostile text in every field never comes back as live HTML."""

import pytest

from events import services
from events.models import Event
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"]


def _assert_inert(html):
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror=alert(1)>" not in html
    assert 'href="javascript:' not in html


@pytest.mark.parametrize("payload", HOSTILE)
def test_event_fields(visitor_client, ed_client, payload):
    event = factories.InPersonEventFactory(
        title=f"Title {payload}",
        summary=f"Summary {payload}",
        description=f"Description {payload}",
        venue_name=f"Venue {payload}",
        venue_address=f"Address {payload}",
        venue_postcode="B1 1BB",
        cancellation_reason=payload,
    )
    event.questions.create(text=f"Question {payload}", help_text=payload)
    event.materials.create(title=f"Material {payload}", url="https://example.org/a")
    for url in [event.get_absolute_url(), "/events/", "/", f"/events/{event.slug}/attendees/"]:
        client = ed_client if "attendees" in url else visitor_client
        _assert_inert(client.get(url).content.decode())
    services.event_cancel(event=event, reason=payload)
    _assert_inert(visitor_client.get(event.get_absolute_url()).content.decode())


@pytest.mark.parametrize("payload", HOSTILE)
def test_registration_answers(alice_client, alice, ed_client, event, payload):
    question = event.questions.create(text="Dietary needs")
    response = alice_client.post(f"/events/{event.slug}/register/", {f"q_{question.pk}": payload})
    assert response.status_code == 302
    _assert_inert(ed_client.get(f"/events/{event.slug}/attendees/").content.decode())


def test_a_too_long_answer_is_refused_and_kept(alice_client, event):
    question = event.questions.create(text="Dietary needs", required=True)
    long_answer = "Vegetarian " * 100
    response = alice_client.post(f"/events/{event.slug}/register/", {f"q_{question.pk}": long_answer})
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 500 characters" in page
    assert long_answer.strip() in page
    empty = alice_client.post(f"/events/{event.slug}/register/", {f"q_{question.pk}": ""})
    assert empty.status_code == 400 and "This field is required" in empty.content.decode()


@pytest.mark.parametrize("payload", HOSTILE)
def test_speakers_and_sessions(visitor_client, payload):
    session = factories.SessionFactory(title=f"Session {payload}", abstract=payload, track=payload)
    speaker = factories.SpeakerFactory(name=f"Dr {payload}", bio=payload, organisation=payload, job_title=payload)
    session.speakers.add(speaker)
    _assert_inert(visitor_client.get(session.event.get_absolute_url()).content.decode())
    _assert_inert(visitor_client.get(f"/events/{session.event.slug}/speakers/{speaker.pk}/").content.decode())


@pytest.mark.parametrize("payload", HOSTILE)
def test_organiser_forms_keep_hostile_text_inert(ed_client, payload):
    response = ed_client.post("/events/new/", {"title": payload, "summary": payload, "description": payload})
    assert response.status_code == 400
    _assert_inert(response.content.decode())
    assert not Event.objects.exists()


def test_markdown_description_is_sanitised(event):
    event.description = "Hello [x](javascript:alert(1)) <script>alert(1)</script> **bold**"
    event.save()
    assert 'href="javascript:' not in event.description_html
    assert "<script>" not in event.description_html
    assert "<strong>bold</strong>" in event.description_html
