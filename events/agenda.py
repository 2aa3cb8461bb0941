"""The conference agenda laid out for reading: by day and track, and as a time × track grid.

Pure functions over sessions already fetched (no queries), used by the event page.
"""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone

ALL_DELEGATES = "All delegates"
# A session with no length still takes a row of the grid.
SHORTEST = dt.timedelta(minutes=5)


def track_name(session):
    return session.track or ALL_DELEGATES


def by_day_and_track(sessions):
    """[(date, [(track, [sessions])], grid or None)] in time order, tracks in order of first appearance."""
    days = OrderedDict()
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    agenda = []
    for day, day_sessions in days.items():
        tracks = OrderedDict()
        for session in day_sessions:
            tracks.setdefault(track_name(session), []).append(session)
        agenda.append((day, list(tracks.items()), glance(day_sessions)))
    return agenda


@dataclass
class Cell:
    session: object = None
    rowspan: int = 1
    colspan: int = 1
    plenary: bool = False


@dataclass
class Row:
    starts_at: dt.datetime
    ends_at: dt.datetime
    cells: list = field(default_factory=list)


@dataclass
class Grid:
    tracks: list
    rows: list


def _end(session):
    return max(session.ends_at, session.starts_at + SHORTEST)


def _overlap(a, b):
    return a.starts_at < _end(b) and b.starts_at < _end(a)


def glance(sessions):
    """One day's sessions as a grid: a row per stretch of time, a column per track that runs beside another.

    A session that nothing overlaps, in a track of its own (a keynote in the main
    hall, a break), spans every column. Returns None when a grid would not help
    (fewer than two tracks side by side) or cannot be drawn (two sessions of one
    track overlap): the list below it says it all.
    """
    overlapping = [s for s in sessions if any(o is not s and _overlap(s, o) for o in sessions)]
    # The columns: tracks that run side by side, in the agenda's own order.
    tracks = list(OrderedDict.fromkeys(track_name(s) for s in overlapping))
    if len(tracks) < 2:
        return None
    side_by_side = {id(s) for s in overlapping}
    plenary = {id(s) for s in sessions if id(s) not in side_by_side and track_name(s) not in tracks}
    sessions = sorted(sessions, key=lambda s: (s.starts_at, _end(s)))
    edges = sorted({s.starts_at for s in sessions} | {_end(s) for s in sessions})
    spans = [
        (start, end)
        for start, end in zip(edges, edges[1:], strict=False)
        if any(s.starts_at <= start and _end(s) >= end for s in sessions)
    ]
    row_of_start = {start: i for i, (start, _) in enumerate(spans)}
    row_of_end = {end: i for i, (_, end) in enumerate(spans)}
    taken = {}  # (row, column) -> the Cell drawn there, or True where a cell above reaches down
    for session in sessions:
        first, last = row_of_start[session.starts_at], row_of_end[_end(session)]
        columns = range(len(tracks)) if id(session) in plenary else [tracks.index(track_name(session))]
        places = [(row, column) for row in range(first, last + 1) for column in columns]
        if any(place in taken for place in places):
            return None
        for place in places:
            taken[place] = True
        taken[(first, columns[0])] = Cell(
            session=session, rowspan=last - first + 1, colspan=len(columns), plenary=id(session) in plenary
        )
    rows = []
    for index, (start, end) in enumerate(spans):
        row = Row(starts_at=start, ends_at=end)
        for column in range(len(tracks)):
            here = taken.get((index, column))
            if here is None:
                row.cells.append(Cell())
            elif isinstance(here, Cell):
                row.cells.append(here)
        rows.append(row)
    return Grid(tracks=tracks, rows=rows)
