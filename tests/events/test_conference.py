"""The annual conference: agenda by day and track, speaker pages, my agenda."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events.models import Registration, Speaker
from tests import factories

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (0, 94, 184)).save(buffer, format="JPEG")
    return SimpleUploadedFile("speaker.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def conference(db):
    year = timezone.localdate().year + 1
    event = factories.InPersonEventFactory(
        title="CCIO Summit",
        kind="conference",
        venue_name="ICC Birmingham",
        starts_at=dt.datetime(year, 11, 12, 9, tzinfo=LONDON),
        ends_at=dt.datetime(year, 11, 13, 17, tzinfo=LONDON),
    )
    day1, day2 = dt.date(year, 11, 12), dt.date(year, 11, 13)
    keynote = factories.SessionFactory(
        event=event,
        title="Opening keynote",
        format="keynote",
        track="Main hall",
        starts_at=dt.datetime.combine(day1, dt.time(9), LONDON),
    )
    minister = factories.SpeakerFactory(name="Rt Hon Alex Minister", job_title="Minister of State for Health")
    keynote.speakers.add(minister)
    for track in ("Clinical safety", "Data", "Workforce"):
        factories.SessionFactory(
            event=event,
            title=f"{track} workshop",
            track=track,
            starts_at=dt.datetime.combine(day2, dt.time(11), LONDON),
        )
    return event, keynote, minister


def test_agenda_by_day_and_track(visitor_client, conference):
    event, keynote, minister = conference
    page = visitor_client.get(event.get_absolute_url()).content.decode()
    year = event.starts_at.year
    for day in (dt.date(year, 11, 12), dt.date(year, 11, 13)):
        assert f'<h3 class="mt-4">{day:%A} {day.day} November {year}</h3>' in page
    for heading in ("Main hall", "Clinical safety", "Data", "Workforce"):
        assert heading in page
    assert page.index("Opening keynote") < page.index("Clinical safety workshop")
    assert f"/events/{event.slug}/speakers/{minister.pk}/" in page
    assert f"/events/{event.slug}/sessions/{keynote.pk}.ics" in page
    assert "09:00–09:45 GMT" in page


def test_speaker_page(visitor_client, conference):
    event, keynote, minister = conference
    minister.photo = _photo()
    minister.photo_alt = "Alex Minister at a podium"
    minister.save()
    page = visitor_client.get(f"/events/{event.slug}/speakers/{minister.pk}/").content.decode()
    assert "<h1>Rt Hon Alex Minister</h1>" in page
    assert 'alt="Alex Minister at a podium"' in page
    assert "Opening keynote" in page


def test_a_speaker_of_another_event_is_not_found_here(visitor_client, conference):
    event, _, _ = conference
    stranger = factories.SessionFactory().speakers.create(name="Elsewhere")
    assert visitor_client.get(f"/events/{event.slug}/speakers/{stranger.pk}/").status_code == 404


def test_a_speaker_photo_needs_alt_text():
    speaker = Speaker(name="No alt", photo=_photo())
    with pytest.raises(ValidationError) as error:
        speaker.full_clean()
    assert "photo_alt" in error.value.message_dict


def test_my_agenda(alice_client, alice, conference):
    event, keynote, _ = conference
    Registration.objects.create(event=event, member=alice, status="confirmed")
    response = alice_client.post(f"/events/{event.slug}/sessions/{keynote.pk}/star/")
    assert response.status_code == 302 and response["Location"].endswith(f"#session-{keynote.pk}")
    page = alice_client.get(event.get_absolute_url()).content.decode()
    assert "My agenda" in page
    assert "In my agenda" in page


@pytest.mark.parametrize("count", [3, 24])
def test_agenda_query_budget(visitor_client, count, django_assert_max_num_queries):
    event = factories.EventFactory(kind="conference")
    for n in range(count):
        session = factories.SessionFactory(event=event, track=f"Track {n % 3}")
        session.speakers.add(factories.SpeakerFactory(), factories.SpeakerFactory())
    with django_assert_max_num_queries(8):
        assert visitor_client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", ["visitor", "una", "alice", "sam"])
def test_only_editors_edit_the_agenda_and_speakers(request, conference, persona):
    event, _, minister = conference
    client = request.getfixturevalue("client" if persona == "visitor" else f"{persona}_client")
    for url in (
        f"/events/{event.slug}/agenda/edit/",
        f"/events/{event.slug}/speakers/new/",
        f"/events/{event.slug}/speakers/{minister.pk}/edit/",
    ):
        response = client.post(url, {"name": "Intruder"})
        assert response.status_code in (302, 403)
        if persona == "visitor":
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
    assert not Speaker.objects.filter(name="Intruder").exists()


def test_an_editor_adds_a_speaker_with_a_photo_and_alt_text(ed_client, conference, settings):
    event, _, _ = conference
    url = f"/events/{event.slug}/speakers/new/"
    data = {"name": "Dr New Speaker", "job_title": "CCIO", "organisation": "NHS Trust", "bio": "Hello."}
    refused = ed_client.post(url, {**data, "photo": _photo(), "photo_alt": ""})
    assert refused.status_code == 400
    assert "Describe the photo" in refused.content.decode()
    assert "Dr New Speaker" in refused.content.decode()
    response = ed_client.post(url, {**data, "photo": _photo(), "photo_alt": "Smiling in a ward corridor"})
    assert response.status_code == 302
    speaker = Speaker.objects.get(name="Dr New Speaker")
    assert (settings.MEDIA_ROOT / speaker.photo.name).exists()


def test_an_editor_adds_a_session_to_the_agenda(ed_client, conference):
    event, keynote, minister = conference
    sessions = list(event.sessions.all())
    data = {"sessions-TOTAL_FORMS": str(len(sessions) + 1), "sessions-INITIAL_FORMS": str(len(sessions))}
    for n, session in enumerate(sessions):
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        data |= {
            f"sessions-{n}-id": str(session.pk),
            f"sessions-{n}-title": session.title,
            f"sessions-{n}-format": session.format,
            f"sessions-{n}-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            f"sessions-{n}-ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            f"sessions-{n}-track": session.track,
        }
    n = len(sessions)
    day = timezone.localtime(keynote.starts_at).date()
    data |= {
        f"sessions-{n}-title": "Closing remarks",
        f"sessions-{n}-format": "talk",
        f"sessions-{n}-starts_at": f"{day:%Y-%m-%d}T16:00",
        f"sessions-{n}-ends_at": f"{day:%Y-%m-%d}T16:15",
        f"sessions-{n}-track": "Main hall",
        f"sessions-{n}-speakers": [str(minister.pk)],
    }
    response = ed_client.post(f"/events/{event.slug}/agenda/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    closing = event.sessions.get(title="Closing remarks")
    assert timezone.localtime(closing.starts_at).hour == 16
    assert list(closing.speakers.all()) == [minister]
    assert ed_client.get(f"/events/{event.slug}/agenda/edit/").status_code == 200


def test_starring_with_htmx_returns_the_entry_and_my_agenda(alice_client, alice, conference):
    event, keynote, _ = conference
    Registration.objects.create(event=event, member=alice, status="confirmed")
    response = alice_client.post(f"/events/{event.slug}/sessions/{keynote.pk}/star/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="session-{keynote.pk}"' in html and "In my agenda" in html
    assert 'id="my-agenda" hx-swap-oob="true"' in html and "Opening keynote" in html
    assert "<html" not in html


@pytest.mark.parametrize("count", [1, 10])
def test_speaker_page_query_budget(visitor_client, count, django_assert_max_num_queries):
    event = factories.EventFactory(kind="conference")
    speaker = factories.SpeakerFactory()
    for _ in range(count):
        factories.SessionFactory(event=event).speakers.add(speaker)
    with django_assert_max_num_queries(4):
        assert visitor_client.get(f"/events/{event.slug}/speakers/{speaker.pk}/").status_code == 200
