import io

import pytest

from accounts import demo as accounts_demo
from events import demo
from events.models import Event, Registration, Session, Speaker

pytestmark = pytest.mark.django_db


def test_demo_seed_is_complete_and_idempotent():
    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (Event.objects.count(), Registration.objects.count(), Session.objects.count(), Speaker.objects.count())
    demo.seed(io.StringIO())
    assert (Event.objects.count(), Registration.objects.count(), Session.objects.count(), Speaker.objects.count()) == (
        counts
    )
    assert set(Event.objects.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert set(Event.objects.values_list("format", flat=True)) == set(Event.Format.values)
    assert Event.objects.published().upcoming().exists() and Event.objects.published().past().exists()
    assert Event.objects.filter(waitlist_count__gt=0).exists()
    for event in Event.objects.all():
        assert event.capacity is None or event.confirmed_count <= event.capacity
        assert event.confirmed_count == event.registrations.filter(status="confirmed").count()
    conference = Event.objects.get(slug=demo.CONFERENCE_SLUG)
    assert conference.venue_name == "ICC Birmingham"
    sessions = conference.sessions.all()
    assert sessions.count() == 12
    assert {s.track for s in sessions} >= {"Clinical safety", "Data", "Workforce"}
    assert len({s.starts_at.date() for s in sessions}) == 2
    assert sessions.filter(format="keynote", speakers__job_title__icontains="Minister").exists()
    assert Speaker.objects.count() >= 12


def test_demo_pages_render(client):
    from django.utils import timezone

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    client.force_login(accounts_demo.person("priya"))
    today = timezone.localdate()
    conference = Event.objects.get(slug=demo.CONFERENCE_SLUG)
    local = timezone.localtime(conference.starts_at)
    paths = ["/events/", "/events/past/", "/events/my/", f"/events/calendar/{today.year}/{today.month}/"]
    paths += [f"/events/calendar/{local.year}/{local.month}/", "/events/feed.ics", "/"]
    paths += [event.get_absolute_url() for event in Event.objects.visible()]
    for path in paths:
        assert client.get(path).status_code == 200, path
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Opening keynote" in page and "Rt Hon Jo Whitmore MP" in page
