"""The conference agenda at a glance (time against track) and the month as a list of days on phones."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
from django.utils import timezone

from events.agenda import glance
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")
DAY = dt.date(2027, 11, 11)


def _session(pk, track, start, end, title=None):
    at = lambda hhmm: dt.datetime.combine(DAY, dt.time(*map(int, hhmm.split(":"))), LONDON)  # noqa: E731
    return SimpleNamespace(pk=pk, track=track, starts_at=at(start), ends_at=at(end), title=title or f"S{pk}")


def _layout(grid):
    """Each row as its start time and its cells: session pk with spans, or '.' for an empty cell."""
    return [
        (
            f"{row.starts_at:%H:%M}",
            [f"{c.session.pk}:{c.rowspan}x{c.colspan}" if c.session else "." for c in row.cells],
        )
        for row in grid.rows
    ]


def test_parallel_tracks_with_a_keynote_across_them():
    sessions = [
        _session(1, "Main hall", "09:30", "10:15"),
        _session(2, "Safety", "10:30", "11:30"),
        _session(3, "Data", "10:30", "11:30"),
        _session(4, "Workforce", "10:30", "11:30"),
        _session(5, "Data", "13:30", "14:30"),
    ]
    grid = glance(sessions)
    assert grid.tracks == ["Safety", "Data", "Workforce"]  # Main hall holds only plenary sessions
    assert _layout(grid) == [
        ("09:30", ["1:1x3"]),
        ("10:30", ["2:1x1", "3:1x1", "4:1x1"]),
        ("13:30", [".", "5:1x1", "."]),  # lunch, 11:30 to 13:30, takes no row
    ]
    assert grid.rows[0].cells[0].plenary


def test_a_long_session_spans_the_rows_beside_it():
    sessions = [
        _session(1, "Workshop room", "10:00", "12:00"),
        _session(2, "Talks", "10:00", "11:00"),
        _session(3, "Talks", "11:00", "12:00"),
    ]
    assert _layout(glance(sessions)) == [("10:00", ["1:2x1", "2:1x1"]), ("11:00", ["3:1x1"])]


def test_no_grid_for_one_track_or_for_overlaps_within_a_track():
    one_track = [_session(1, "Main hall", "09:00", "10:00"), _session(2, "Main hall", "10:00", "11:00")]
    assert glance(one_track) is None
    clash = [
        _session(1, "Data", "09:00", "10:30"),
        _session(2, "Data", "10:00", "11:00"),
        _session(3, "Safety", "09:00", "11:00"),
    ]
    assert glance(clash) is None


def test_a_session_without_length_still_gets_a_row():
    sessions = [
        _session(1, "Data", "09:00", "09:00"),
        _session(2, "Safety", "09:00", "10:00"),
    ]
    assert _layout(glance(sessions)) == [("09:00", ["1:1x1", "2:2x1"]), ("09:05", ["."])]


@pytest.fixture
def conference(db):
    year = timezone.localdate().year + 1
    event = factories.InPersonEventFactory(
        title="CCIO Summit",
        kind="conference",
        starts_at=dt.datetime(year, 11, 12, 9, tzinfo=LONDON),
        ends_at=dt.datetime(year, 11, 12, 17, tzinfo=LONDON),
    )
    start = dt.datetime(year, 11, 12, 10, tzinfo=LONDON)
    for track in ("Clinical safety", "Data"):
        factories.SessionFactory(
            event=event,
            title=f"{track} <b>talk</b>",
            track=track,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    return event


def test_the_event_page_shows_the_grid_for_wide_screens_and_keeps_the_list(visitor_client, conference):
    html = visitor_client.get(conference.get_absolute_url()).content.decode()
    grid = html[html.index('data-testid="agenda-glance"') : html.index("</table>")]
    assert 'class="agenda-glance d-none d-lg-block"' in html  # phones keep the list below
    assert '<th scope="col">Clinical safety</th><th scope="col">Data</th>' in grid
    for session in conference.sessions.all():
        assert f'<a href="#session-{session.pk}">' in grid  # each leads to its details in the list
        assert f'id="session-{session.pk}"' in html
    assert "&lt;b&gt;talk&lt;/b&gt;" in grid and "<b>talk" not in html


def test_month_grid_is_a_list_of_days_on_phones(visitor_client, db):
    event = factories.EventFactory(title="Safety huddle")
    local = timezone.localtime(event.starts_at)
    html = visitor_client.get(f"/events/calendar/{local.year}/{local.month}/").content.decode()
    phone_list = html[
        html.index('data-testid="calendar-list"') : html.index('<div class="table-responsive d-none d-md-block">')
    ]
    assert 'class="calendar-list d-md-none"' in html
    assert f"{local:%A} {local.day} {local:%B}" in phone_list
    assert f'href="{event.get_absolute_url()}">{local:%H:%M} Safety huddle</a>' in phone_list
    # Only days with events are listed: the other days of the month are in the table only.
    assert phone_list.count("<h2") == 1
    assert "1 day with events this month." in html  # counted before the grid's lookups, not after


def test_an_empty_month_says_so_on_phones(visitor_client, db):
    html = visitor_client.get("/events/calendar/2030/2/").content.decode()
    assert "No events in February 2030." in html
    assert "0 days with events this month." in html
