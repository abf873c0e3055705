"""The participants' schedule: calendars (.ics), programme.json, schema.org JSON-LD, the grid.

Data shaping only. Everything derives from the validated Curriculum (data/); markup lives in
the templates schedule_*.html. Every instant is built with zoneinfo from the one time zone the
programme stores (data/programme.yml), never from a fixed offset.

Files written into the built site (stable paths, see CALENDAR_DIR and PROGRAMME_JSON):
  calendar/<session-id>.ics   one event
  calendar/<module-id>.ics    the sessions of a published module
  calendar/programme.ics      all sessions of the programme
  programme.json              the whole programme, described by programme/programme.schema.json
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup
from mkdocs.exceptions import PluginError

from . import background
from .loader import Curriculum
from .render import clock, doc_url

CALENDAR_DIR = "calendar"
PROGRAMME_KEY = "programme"
PROGRAMME_JSON = "programme.json"
SCHEMA_DOC = "programme/programme.schema.json"  # a static file in docs/, published as is
PROGRAMME_PAGE = "programme/index.md"  # the programme overview: its JSON-LD is the EventSeries
SCHEMA_VERSION = "1.0"
PRODID = "-//SmartCTClusters//Training Curriculum//EN"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

if TYPE_CHECKING:  # icalendar is imported where calendars are made (in the background)
    from icalendar import Calendar, Event

    from .models import Session


def build_stamp(fallback: date) -> datetime:
    """DTSTAMP of every event: SOURCE_DATE_EPOCH when the build sets it (reproducible builds),
    else midnight UTC of a date taken from the data. Never the current time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.combine(fallback, time(0), tzinfo=UTC)


@dataclass(frozen=True)
class GlanceDay:
    day: date
    sessions: tuple[str, ...]
    in_programme: bool


@dataclass(frozen=True)
class GlanceWeek:
    monday: date
    days: tuple[GlanceDay, ...]


@dataclass
class Schedule:
    cur: Curriculum = field(repr=False)
    site_url: str  # absolute, ends with "/"
    docs_dir: str
    use_directory_urls: bool = True
    stamp: datetime | None = None

    def __post_init__(self) -> None:
        if not self.site_url.endswith("/"):
            self.site_url += "/"
        self.tz = ZoneInfo(self.cur.programme.timezone)
        if self.stamp is None:
            self.stamp = build_stamp(self.cur.programme.first_date)
        self._pending: Callable[[], dict[str, bytes]] | None = None  # see start_outputs()

    @classmethod
    def from_config(cls, cur: Curriculum, config) -> Schedule:
        site_url = config.site_url or "http://127.0.0.1:8000/"
        return cls(cur, site_url, config.docs_dir, bool(config.use_directory_urls))

    # ------------------------------------------------------------------------- addresses
    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"

    def page_path(self, kind: str, item_id: str) -> str:
        """Site-relative URL of the page presenting a session/module (e.g. programme/…/)."""
        return self.doc_path(self.cur.pages[kind][item_id])

    def doc_path(self, src_path: str) -> str:
        return doc_url(src_path, self.use_directory_urls)

    def absolute(self, path: str) -> str:
        return urljoin(self.site_url, path)

    def page_url(self, kind: str, item_id: str) -> str:
        return self.absolute(self.page_path(kind, item_id))

    @staticmethod
    def calendar_path(key: str) -> str:
        """calendar/<session-id>.ics, calendar/<module-id>.ics or calendar/programme.ics."""
        return f"{CALENDAR_DIR}/{key}.ics"

    def uid(self, session_id: str) -> str:
        return f"{session_id}@{self.host}"

    # ----------------------------------------------------------------------------- times
    def start(self, sid: str) -> datetime:
        return self.cur.sessions[sid].starts_at(self.tz)

    def end(self, sid: str) -> datetime:
        return self.cur.sessions[sid].ends_at(self.tz)

    def zone_label(self, sid: str) -> str:
        return self.start(sid).tzname() or self.cur.programme.timezone

    def published_modules(self) -> list[str]:
        return [mid for mid, m in self.cur.modules.items() if m.status == "published"]

    # ------------------------------------------------------------------------ plain text
    def _item_line(self, s: Session, index: int) -> str:
        item = s.agenda[index]
        end = s.item_end(index)
        when = f"{clock(item.start)}–{clock(end)}" if end else clock(item.start)
        if item.duration:
            when += f" ({item.duration})"
        line = f"{when}  {item.label} [{item.kind.label}]"
        if item.presenters:
            names = ", ".join(self.cur.organisations[o].name for o in item.presenters)
            line += f", presented by {names}"
        return line

    def description(self, sid: str) -> str:
        """DESCRIPTION of a session's event: what it is, then its agenda in plain text."""
        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        lines = [s.heading]
        lines.append(
            f"Session {self.cur.session_number(sid)} of {len(self.cur.sessions)} of the "
            f"{self.cur.programme.title}."
        )
        if module:
            lines.append(f"Thematic module {module.number}: {module.title}.")
        if s.expert:
            lines.append(f"Expert: {self.cur.organisations[s.expert].name}.")
        lines += ["", f"Agenda (times in {self.zone_label(sid)}, {self.cur.programme.timezone}):"]
        lines += [self._item_line(s, i) for i in range(len(s.agenda))]
        lines += [
            "",
            "The source gives no year and no time zone: 2020 and "
            f"{self.cur.programme.timezone} are inferred (see the session page).",
            f"Session page: {self.page_url('sessions', sid)}",
        ]
        return "\n".join(lines)

    # -------------------------------------------------------------------------- calendar
    def event(self, sid: str) -> Event:
        from icalendar import Event

        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        categories = [f"Module {module.number}"] if module else []
        return Event.new(
            uid=self.uid(sid),
            stamp=self.stamp,
            start=self.start(sid),
            end=self.end(sid),
            summary=f"{self.cur.programme.project.name}: {s.title}",
            description=self.description(sid),
            location="Online",
            url=self.page_url("sessions", sid),
            categories=categories,
        )

    def calendar_sessions(self, key: str) -> tuple[str, list[str]]:
        """(calendar name, session ids) for a calendar key: programme, module id or session id."""
        project = self.cur.programme.project.name
        if key == PROGRAMME_KEY:
            return f"{project}: {self.cur.programme.title}", list(self.cur.sessions)
        if key in self.cur.modules:
            m = self.cur.modules[key]
            return f"{project}: Module {m.number}, {m.title}", list(m.sessions)
        s = self.cur.sessions[key]
        return f"{project}: {s.title}", [key]

    def calendar_keys(self) -> list[str]:
        return [PROGRAMME_KEY, *self.published_modules(), *self.cur.sessions]

    def _calendar_head(self, key: str) -> Calendar:
        from icalendar import Calendar

        name, _ = self.calendar_sessions(key)
        return Calendar.new(
            prodid=PRODID,
            name=name,
            uid=f"{CALENDAR_DIR}-{key}@{self.host}",
            method="PUBLISH",
            url=self.absolute(self.calendar_path(key)),
        )

    def _years(self, sids: list[str]) -> tuple[date, date]:
        """The span a calendar's VTIMEZONE covers: the years of its events."""
        first = min(self.cur.sessions[sid].date for sid in sids)
        last = max(self.cur.sessions[sid].date for sid in sids)
        return date(first.year, 1, 1), date(last.year + 1, 1, 1)

    def calendar(self, key: str) -> Calendar:
        _, sids = self.calendar_sessions(key)
        cal = self._calendar_head(key)
        for sid in sids:
            cal.add_component(self.event(sid))
        # a VTIMEZONE from zoneinfo covering the years of the events
        first, last = self._years(sids)
        cal.add_missing_timezones(first_date=first, last_date=last)
        return cal

    def calendars(self) -> dict[str, bytes]:
        """Site path -> .ics content (CRLF line ends and folding by icalendar).

        The bytes of `calendar(key).to_ical()`, made faster: a session is in three calendars
        (its own, its module's, the programme's), so each event and each VTIMEZONE is
        serialized once and placed between a calendar's properties and its END line, where
        icalendar writes subcomponents (tests/test_calendar.py compares the two)."""
        from icalendar import Calendar

        end = b"END:VCALENDAR\r\n"
        events = {sid: self.event(sid).to_ical() for sid in self.cur.sessions}
        zones: dict[tuple[date, date], bytes] = {}
        files = {}
        for key in self.calendar_keys():
            _, sids = self.calendar_sessions(key)
            years = self._years(sids)
            if years not in zones:  # the VTIMEZONE that add_missing_timezones() would add
                probe = Calendar()
                probe.add_component(self.event(sids[0]))
                probe.add_missing_timezones(first_date=years[0], last_date=years[1])
                zones[years] = b"".join(tz.to_ical() for tz in probe.timezones)
            head = self._calendar_head(key).to_ical().removesuffix(end)
            body = b"".join(events[sid] for sid in sids)
            files[self.calendar_path(key)] = head + zones[years] + body + end
        return files

    # ---------------------------------------------------------------------- programme.json
    def _agenda_json(self, s: Session) -> list[dict]:
        items = []
        for i, item in enumerate(s.agenda):
            end = s.item_end(i)
            items.append(
                {
                    "start": s.starts_at(self.tz, item.start).isoformat(),
                    "end": s.starts_at(self.tz, end).isoformat() if end else None,
                    "end_source": (
                        "end" if item.end else "duration" if item.duration else "next-item"
                    )
                    if end
                    else None,
                    "duration_minutes": item.duration.minutes if item.duration else None,
                    "duration_approximate": item.duration.approximate if item.duration else None,
                    "title": item.title,
                    "topics": list(item.topics),
                    "label": item.label,
                    "kind": item.kind.value,
                    "kind_label": item.kind.label,
                    "presenters": list(item.presenters),
                    "case_studies": list(item.case_studies),
                    "note": item.note,
                }
            )
        return items

    def _session_json(self, sid: str) -> dict:
        s = self.cur.sessions[sid]
        module = self.cur.module_of(sid)
        return {
            "id": sid,
            "number": self.cur.session_number(sid),
            "date": s.date.isoformat(),
            "start": self.start(sid).isoformat(),
            "end": self.end(sid).isoformat(),
            "start_utc": self.start(sid).astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "end_utc": self.end(sid).astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "timezone": self.cur.programme.timezone,
            "timezone_abbreviation": self.zone_label(sid),
            "title": s.title,
            "programme_label": s.programme_label,
            "heading": s.heading,
            "module": module.id if module else None,
            "expert": s.expert,
            "url": self.page_url("sessions", sid),
            "calendar": self.absolute(self.calendar_path(sid)),
            "agenda": self._agenda_json(s),
        }

    def programme_json(self) -> dict:
        p = self.cur.programme
        return {
            "$schema": self.absolute(SCHEMA_DOC),
            "schema_version": SCHEMA_VERSION,
            "title": p.title,
            "mode": p.mode,
            "timezone": p.timezone,
            "first_date": p.first_date.isoformat(),
            "last_date": p.last_date.isoformat(),
            "url": self.absolute(self.doc_path(PROGRAMME_PAGE)),
            "calendar": self.absolute(self.calendar_path(PROGRAMME_KEY)),
            "project": {
                "name": p.project.name,
                "full_name": p.project.full_name,
                "website": p.project.website,
                "email": p.project.email,
                "funding": p.project.funding,
            },
            "participants": {
                "clusters_approx": p.participants.clusters_approx,
                "countries": list(p.participants.countries),
            },
            "notes": [{"id": n.id, "title": n.title, "text": n.text} for n in p.notes],
            "modules": [
                {
                    "id": mid,
                    "number": m.number,
                    "title": m.title,
                    "status": m.status,
                    "programme_label": m.programme_label,
                    "sessions": list(m.sessions),
                    "url": self.page_url("modules", mid) if m.status == "published" else None,
                    "calendar": (
                        self.absolute(self.calendar_path(mid)) if m.status == "published" else None
                    ),
                }
                for mid, m in self.cur.modules.items()
            ],
            "organisations": [
                {"id": oid, "name": o.name, "short_name": o.short_name}
                for oid, o in self.cur.organisations.items()
            ],
            "sessions": [self._session_json(sid) for sid in self.cur.sessions],
        }

    # ------------------------------------------------------------------------- JSON-LD
    def _organizer(self) -> dict:
        project = self.cur.programme.project
        return {
            "@type": "Organization",
            "name": project.name,
            "alternateName": project.full_name,
            "email": project.email,
        }

    def _programme_ref(self) -> dict:
        p = self.cur.programme
        return {
            "@type": "EventSeries",
            "@id": self.absolute(self.doc_path(PROGRAMME_PAGE)) + "#programme",
            "name": p.title,
            "url": self.absolute(self.doc_path(PROGRAMME_PAGE)),
            "startDate": p.first_date.isoformat(),
            "endDate": p.last_date.isoformat(),
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "organizer": self._organizer(),
        }

    def _module_instance_id(self, mid: str) -> str:
        return self.page_url("modules", mid) + "#course-instance"

    def _module_ref(self, mid: str) -> dict:
        m = self.cur.modules[mid]
        return {
            "@type": "CourseInstance",
            "@id": self._module_instance_id(mid),
            "name": f"Module {m.number}: {m.title}",
            "url": self.page_url("modules", mid),
        }

    def _session_event(self, sid: str, full: bool) -> dict:
        s = self.cur.sessions[sid]
        url = self.page_url("sessions", sid)
        event: dict = {
            "@type": "EducationEvent",
            "@id": url + "#event",
            "name": s.title,
            "url": url,
            "startDate": self.start(sid).isoformat(),
            "endDate": self.end(sid).isoformat(),
        }
        if not full:
            return event
        module = self.cur.module_of(sid)
        event |= {
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": {"@type": "VirtualLocation", "url": url},
            "organizer": self._organizer(),
            "inLanguage": "en",
        }
        if s.programme_label:
            event["alternateName"] = s.heading
        if s.expert:
            event["performer"] = {
                "@type": "Organization",
                "name": self.cur.organisations[s.expert].name,
            }
        supers = [self._programme_ref()]
        if module:
            supers.insert(0, self._module_ref(module.id))
        event["superEvent"] = supers if len(supers) > 1 else supers[0]
        event["subEvent"] = [
            {
                "@type": "Event",
                "name": item.label,
                "startDate": s.starts_at(self.tz, item.start).isoformat(),
                **(
                    {"endDate": s.starts_at(self.tz, end).isoformat()}
                    if (end := s.item_end(i))
                    else {}
                ),
            }
            for i, item in enumerate(s.agenda)
        ]
        return {"@context": "https://schema.org", **event}

    def session_jsonld(self, sid: str, description: str | None = None) -> dict:
        data = self._session_event(sid, full=True)
        if description:
            data["description"] = description
        return data

    def module_jsonld(self, mid: str, description: str | None = None) -> dict:
        m = self.cur.modules[mid]
        url = self.page_url("modules", mid)
        sids = list(m.sessions)
        instance: dict = {
            "@type": "CourseInstance",
            "@id": self._module_instance_id(mid),
            "name": f"{self.cur.programme.title}: Module {m.number}",
            "courseMode": "online",
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
            "location": {"@type": "VirtualLocation", "url": url},
            "organizer": self._organizer(),
            "superEvent": self._programme_ref(),
            "subEvent": [self._session_event(sid, full=False) for sid in sids],
        }
        if sids:
            instance["startDate"] = min(self.start(sid) for sid in sids).isoformat()
            instance["endDate"] = max(self.end(sid) for sid in sids).isoformat()
        return {
            "@context": "https://schema.org",
            "@type": "Course",
            "@id": url + "#course",
            "name": f"Module {m.number}: {m.title}",
            "description": description or m.summary,
            "url": url,
            "provider": self._organizer(),
            "hasCourseInstance": instance,
        }

    def programme_jsonld(self, description: str | None = None) -> dict:
        """The programme overview's EventSeries, its sessions as sub-events."""
        url = self.absolute(self.doc_path(PROGRAMME_PAGE))
        data = {
            "@context": "https://schema.org",
            **self._programme_ref(),
            "location": {"@type": "VirtualLocation", "url": url},
            "inLanguage": "en",
            "subEvent": [self._session_event(sid, full=False) for sid in self.cur.sessions],
        }
        if description:
            data["description"] = description
        return data

    def jsonld_for(self, meta: dict, src_path: str = "") -> dict | None:
        """The JSON-LD of a page, from its front matter (session: or module:); the programme
        overview's from its path."""
        description = meta.get("description")
        if src_path == PROGRAMME_PAGE:
            return self.programme_jsonld(description)
        if "session" in meta and str(meta["session"]) in self.cur.sessions:
            return self.session_jsonld(str(meta["session"]), description)
        if "module" in meta and str(meta["module"]) in self.cur.modules:
            return self.module_jsonld(str(meta["module"]), description)
        return None

    # ------------------------------------------------------------------- at a glance
    def glance_weeks(self) -> tuple[list[str], list[GlanceWeek]]:
        """Weekday names shown (Monday to Friday, plus the weekend if a session falls on it)
        and the calendar weeks from the first to the last session."""
        by_day: dict[date, list[str]] = {}
        for sid, s in self.cur.sessions.items():
            by_day.setdefault(s.date, []).append(sid)
        p = self.cur.programme
        first = min([p.first_date, *by_day])
        last = max([p.last_date, *by_day])
        width = 7 if any(d.weekday() >= 5 for d in by_day) else 5
        weeks = []
        monday = first - timedelta(days=first.weekday())
        while monday <= last:
            days = []
            for offset in range(width):
                day = monday + timedelta(days=offset)
                days.append(
                    GlanceDay(day, tuple(by_day.get(day, ())), p.first_date <= day <= p.last_date)
                )
            weeks.append(GlanceWeek(monday, tuple(days)))
            monday += timedelta(days=7)
        return list(WEEKDAYS[:width]), weeks

    # ------------------------------------------------------------------------ writing
    def outputs(self) -> dict[str, bytes]:
        files = self.calendars()
        files[PROGRAMME_JSON] = (
            json.dumps(self.programme_json(), ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8")
        return files

    def start_outputs(self) -> None:
        """Make the outputs in the background (macros/background.py) while the pages build;
        write() collects them."""
        self._pending = background.start("schedule outputs", self.outputs)

    def write(self, site_dir: str | Path) -> list[Path]:
        pending, self._pending = self._pending or self.outputs, None
        written = []
        for rel, content in pending().items():
            target = Path(site_dir) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
        return written


def script_json(data: dict) -> str:
    """JSON safe to place inside <script type="application/ld+json"> (no '</' or '<!--')."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------- programme.json field docs
@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    description: str


def _type_text(spec: dict) -> str:
    if "const" in spec:
        return f"always {json.dumps(spec['const'])}"
    if "enum" in spec:
        return "one of " + ", ".join(json.dumps(v) for v in spec["enum"])
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return {"datetime": "date-time with offset", "utc": "date-time in UTC"}.get(name, name)
    if "anyOf" in spec:
        return " or ".join(_type_text(s) for s in spec["anyOf"])
    kinds = spec.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    text = " or ".join(kinds)
    if spec.get("format") and "string" in kinds:
        text = text.replace("string", f"string ({spec['format']})")
    if "array" in kinds and "items" in spec:
        text = f"array of {_type_text(spec['items'])}"
    return text


def schema_fields(schema: dict) -> list[tuple[str, list[FieldDoc]]]:
    """The fields of programme.json, grouped as the schema defines them, for the docs."""

    def rows(spec: dict, prefix: str = "") -> list[FieldDoc]:
        out = []
        for name, sub in spec.get("properties", {}).items():
            if name == "$schema":
                continue
            out.append(FieldDoc(prefix + name, _type_text(sub), sub.get("description", "")))
            if sub.get("type") == "object":
                out += rows(sub, f"{prefix}{name}.")
            elif sub.get("type") == "array" and sub.get("items", {}).get("type") == "object":
                out += rows(sub["items"], f"{prefix}{name}[].")
        return out

    defs = schema.get("$defs", {})
    groups = [("programme", rows(schema))]
    groups += [(name, rows(defs[name])) for name in ("session", "item", "module") if name in defs]
    return groups


# ------------------------------------------------------------------ mkdocs-macros wiring
def define_schedule_macros(env, render) -> None:
    """Register the schedule macros; `render(template, **context)` is the package's renderer.
    The Schedule is the `schedule` variable (set once the curriculum is loaded)."""
    schema_file = Path(env.conf.docs_dir) / SCHEMA_DOC

    @env.macro
    def programme_at_a_glance() -> Markup:
        weekdays, weeks = env.variables["schedule"].glance_weeks()
        return render("schedule_glance.html", weekdays=weekdays, weeks=weeks)

    @env.macro
    def schedule_downloads() -> Markup:
        return render("schedule_downloads.html", json_path=PROGRAMME_JSON, schema_path=SCHEMA_DOC)

    @env.macro
    def programme_json_fields() -> Markup:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        return render("schedule_fields.html", groups=schema_fields(schema))


JSONLD_META = "ct_jsonld"  # page.meta key read by overrides/main.html


def schedule_post_page(env) -> None:
    sched = env.variables.get("schedule")
    if sched is None:
        return
    data = sched.jsonld_for(env.page.meta, env.page.file.src_path)
    if data is not None:
        env.page.meta[JSONLD_META] = script_json(data)


def schedule_post_build(env) -> None:
    sched = env.variables.get("schedule")
    if sched is not None:
        try:
            sched.write(env.conf.site_dir)
        except background.BackgroundError as err:
            raise PluginError(f"writing the calendars and programme.json failed: {err}") from None
