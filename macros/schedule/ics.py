"""The calendars (iCalendar, .ics): one per session, per published module, and the programme.

Every instant is built with zoneinfo from the one time zone the programme stores; each calendar
carries the VTIMEZONE of the years its events fall in.
"""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar, Event

from ..curriculum import Curriculum
from ..models import hm
from .urls import CALENDAR_DIR, PROGRAMME_KEY, SiteUrls

PRODID = "-//SmartCTClusters//Training Curriculum//EN"


class Calendars:
    def __init__(self, cur: Curriculum, urls: SiteUrls, tz, stamp: datetime):
        self.cur, self.urls, self.tz, self.stamp = cur, urls, tz, stamp

    def keys(self) -> list[str]:
        """Which calendars exist: the programme's, each published module's, each session's."""
        return [PROGRAMME_KEY, *(m.id for m in self.cur.published_modules()), *self.cur.sessions]

    def sessions_of(self, key: str) -> tuple[str, list[str]]:
        """(calendar name, session ids) of a calendar."""
        project = self.cur.programme.project.name
        if key == PROGRAMME_KEY:
            return f"{project}: {self.cur.programme.title}", list(self.cur.sessions)
        if key in self.cur.modules:
            m = self.cur.modules[key]
            return f"{project}: Module {m.number}, {m.title}", list(m.sessions)
        return f"{project}: {self.cur.sessions[key].title}", [key]

    def files(self) -> dict[str, bytes]:
        """Site path -> .ics content (CRLF line ends and folding by icalendar)."""
        return {self.urls.calendar_path(key): self.calendar(key).to_ical() for key in self.keys()}

    def calendar(self, key: str) -> Calendar:
        name, sids = self.sessions_of(key)
        cal = Calendar.new(
            prodid=PRODID,
            name=name,
            uid=f"{CALENDAR_DIR}-{key}@{self.urls.host}",
            method="PUBLISH",
            url=self.urls.calendar_url(key),
        )
        for sid in sids:
            cal.add_component(self.event(sid))
        dates = [self.cur.sessions[sid].date for sid in sids]
        cal.add_missing_timezones(
            first_date=date(min(dates).year, 1, 1), last_date=date(max(dates).year + 1, 1, 1)
        )
        return cal

    def event(self, sid: str) -> Event:
        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        return Event.new(
            uid=f"{sid}@{self.urls.host}",
            stamp=self.stamp,
            start=s.starts_at(self.tz),
            end=s.ends_at(self.tz),
            summary=f"{self.cur.programme.project.name}: {s.title}",
            description=self.description(sid),
            location="Online",
            url=self.urls.page_url("sessions", sid),
            categories=[f"Module {module.number}"] if module else [],
        )

    def description(self, sid: str) -> str:
        """DESCRIPTION of a session's event: what it is, then its agenda in plain text."""
        s, cur = self.cur.sessions[sid], self.cur
        module = cur.module_of(sid)
        zone = s.starts_at(self.tz).tzname() or cur.programme.timezone
        lines = [
            s.heading,
            f"Session {cur.session_number(sid)} of {len(cur.sessions)} of the "
            f"{cur.programme.title}.",
        ]
        if module:
            lines.append(f"Thematic module {module.number}: {module.title}.")
        if s.expert:
            lines.append(f"Expert: {cur.organisations[s.expert].name}.")
        lines += ["", f"Agenda (times in {zone}, {cur.programme.timezone}):"]
        lines += [self.item_line(sid, i) for i in range(len(s.agenda))]
        lines += [
            "",
            "The source gives no year and no time zone: 2020 and "
            f"{cur.programme.timezone} are inferred (see the session page).",
            f"Session page: {self.urls.page_url('sessions', sid)}",
        ]
        return "\n".join(lines)

    def item_line(self, sid: str, index: int) -> str:
        s = self.cur.sessions[sid]
        item, end = s.agenda[index], s.item_end(index)
        when = f"{hm(item.start)}–{hm(end)}" if end else hm(item.start)
        if item.duration:
            when += f" ({item.duration})"
        line = f"{when}  {item.label} [{item.kind.label}]"
        if item.presenters:
            line += ", presented by " + ", ".join(
                self.cur.organisations[o].name for o in item.presenters
            )
        return line
