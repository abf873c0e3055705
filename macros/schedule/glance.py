"""The programme at a glance: the calendar weeks from the first to the last session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..curriculum import Curriculum

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class GlanceDay:
    day: date
    sessions: tuple[str, ...]
    in_programme: bool


@dataclass(frozen=True)
class GlanceWeek:
    monday: date
    days: tuple[GlanceDay, ...]


def glance_weeks(cur: Curriculum, edition_id: str) -> tuple[list[str], list[GlanceWeek]]:
    """Weekday names shown (Monday to Friday, plus the weekend if a session falls on it) and
    the calendar weeks from the edition's first to its last day."""
    by_day: dict[date, list[str]] = {}
    for sid in cur.edition_sessions(edition_id):
        by_day.setdefault(cur.sessions[sid].date, []).append(sid)
    p = cur.editions[edition_id]
    first, last = min([p.first_date, *by_day]), max([p.last_date, *by_day])
    width = 7 if any(d.weekday() >= 5 for d in by_day) else 5
    weeks = []
    monday = first - timedelta(days=first.weekday())
    while monday <= last:
        days = tuple(
            GlanceDay(day, tuple(by_day.get(day, ())), p.first_date <= day <= p.last_date)
            for day in (monday + timedelta(days=offset) for offset in range(width))
        )
        weeks.append(GlanceWeek(monday, days))
        monday += timedelta(days=7)
    return list(WEEKDAYS[:width]), weeks
