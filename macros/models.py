"""Typed models of the curriculum data (data/*.yml): the one form of the data the build uses.

Each model is frozen and forbids unknown keys, so a typo in a field name is an error and not
silently ignored. Validators raise FixableValueError so the editor is told how to repair the file.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from .errors import FixableValueError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ids, and the names of session files


def hm(t: time) -> str:
    """A clock time as editors write it in data/ (9:30, not 09:30)."""
    return f"{t.hour}:{t.minute:02d}"


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class Kind(StrEnum):
    """What happens in an agenda item. Labels are shown on the pages."""

    welcome = "welcome", "Welcome"
    presentation = "presentation", "Presentation"
    training = "training", "Training"
    case_study = "case-study", "Case study"
    roundtable = "roundtable", "Roundtable"
    break_ = "break", "Break"
    open_mic = "open-mic", "Open mic"
    wrap_up = "wrap-up", "Wrap-up"

    def __new__(cls, value: str, label: str) -> Kind:
        kind = str.__new__(cls, value)
        kind._value_, kind.label = value, label
        return kind


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_NEAR_TIME = re.compile(r"^(\d{1,2})\s*[.hH,]\s*(\d{2})$")  # 9.30, 9h30, 9,30


def _number_text(value: int | float) -> str:
    """The number as it was typed: YAML reads 9.30 as 9.3, ruamel remembers the width."""
    width, prec = getattr(value, "_width", None), getattr(value, "_prec", None)
    if isinstance(value, float) and isinstance(width, int) and isinstance(prec, int):
        return f"{value:.{max(width - prec - 1, 0)}f}"
    return str(value)


_AM_PM = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])\.?\s*m\.?$", re.I)  # 4:00 pm, 9am
_HOW = (
    "write the time on the 24-hour clock, hours:minutes between 0:00 and 23:59, "
    "for example 9:30 or 14:05"
)


def _suggest(text: str) -> str:
    """How to write a time the editor typed another way: 'write 9:30', or the general rule."""
    text = text.strip()
    if (near := _NEAR_TIME.match(text)) and int(near[1]) < 24 and int(near[2]) < 60:
        return f"write {int(near[1])}:{near[2]} (hours and minutes separated by a colon)"
    if (ampm := _AM_PM.match(text)) and 1 <= int(ampm[1]) <= 12 and int(ampm[2] or 0) < 60:
        hour = int(ampm[1]) % 12 + (12 if ampm[3].lower() == "p" else 0)
        return f"write {hour}:{ampm[2] or '00'} (the 24-hour clock, without am/pm)"
    return _HOW


_DURATION = re.compile(r"^(?P<circa>circa )?(?P<minutes>\d{1,3}) ?min$")


def _parse_time(value: object) -> object:
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FixableValueError(
            f"expected a clock time such as 9:30, got {type(value).__name__}", _HOW
        )
    if isinstance(value, (int, float)):
        typed = _number_text(value)
        raise FixableValueError(f"'{typed}' is read as a number, not a clock time", _suggest(typed))
    match = _TIME.match(value.strip())
    if not match:
        raise FixableValueError(f"'{value}' is not a valid clock time", _suggest(value))
    return time(int(match.group(1)), int(match.group(2)))


ClockTime = Annotated[time, BeforeValidator(_parse_time)]


class Duration(Model):
    minutes: int
    approximate: bool = False

    def __str__(self) -> str:
        return f"{'circa ' if self.approximate else ''}{self.minutes} min"


def _parse_duration(value: object) -> object:
    if isinstance(value, Duration):
        return value
    match = _DURATION.match(str(value).strip()) if isinstance(value, str) else None
    if not match or int(match.group("minutes")) == 0:
        raise FixableValueError(
            f"'{value}' is not a duration",
            'write the length in minutes, for example "20 min" or "circa 10 min"',
        )
    return Duration(minutes=int(match.group("minutes")), approximate=bool(match.group("circa")))


DurationField = Annotated[Duration, BeforeValidator(_parse_duration)]


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        zones = {z.lower(): z for z in available_timezones()}
        near = difflib.get_close_matches(value.lower(), list(zones), n=1, cutoff=0.75)
        hint = f" (did you mean {zones[near[0]]}?)" if near else ""
        raise FixableValueError(
            f"'{value}' is not an IANA time zone name{hint}",
            "use a name from the IANA time zone database, for example Europe/Rome or Europe/Kyiv",
        ) from None
    return value


TimeZoneName = Annotated[str, AfterValidator(_check_zone)]


# --------------------------------------------------------------------------- programme


class BuildingBlock(Model):
    name: Text
    summary: Text


class Project(Model):
    name: Text
    full_name: Text
    funding: Text
    duration_months: int = Field(gt=0)
    website: Text
    email: Text
    cofunding_line: Text
    task: Text
    deliverable: Text
    aims: Text
    building_blocks: list[BuildingBlock] = Field(min_length=1)
    exchange_scheme: Text


class Participants(Model):
    clusters_approx: int = Field(gt=0)
    countries: list[Text] = Field(min_length=1)


class SourceNote(Model):
    """Something the source does not settle, shown on the pages that depend on it. A note
    `about` dates or times is shown wherever dates or times are: session and module pages,
    the overview, the PDFs and the calendars' descriptions."""

    id: Id
    title: Text
    text: Text
    about: list[Literal["dates", "times"]] = []


class Edition(Model):
    """One run of the training programme (data/editions/<id>/edition.yml): its dates, time
    zone, participants and notes; its sessions are the files of its sessions/ folder."""

    title: Text
    mode: Literal["online"]
    timezone: TimeZoneName
    first_date: date
    last_date: date
    participants: Participants | None = None
    notes: list[SourceNote] = []
    module_labels: dict[Id, Text] = {}  # how this edition's agenda names a thematic module

    @model_validator(mode="after")
    def _dates_in_order(self) -> Edition:
        if self.last_date < self.first_date:
            raise FixableValueError(
                f"last_date {self.last_date} is before first_date {self.first_date}",
                "swap the two dates or correct the one that is wrong",
                field="last_date",
            )
        return self

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def notes_about(self, *topics: str) -> list[SourceNote]:
        return [n for n in self.notes if set(n.about) & set(topics)]


# --------------------------------------------------------------------------- sessions


class AgendaItem(Model):
    start: ClockTime
    end: ClockTime | None = None
    duration: DurationField | None = None
    title: Text | None = None
    topics: list[Text] = []
    kind: Kind
    presenters: list[Id] = []
    case_studies: list[Id] = []
    note: Text | None = None

    @model_validator(mode="after")
    def _shape(self) -> AgendaItem:
        if self.end is not None and self.duration is not None:
            raise FixableValueError(
                "the item has both 'end' and 'duration'",
                "keep one of them: an end time or a duration, not both",
                field="duration",
            )
        if self.title is None and not self.topics:
            raise FixableValueError(
                "the item has neither a 'title' nor 'topics'",
                "add a title, or a list of topics when the item covers several subjects",
            )
        if self.end is not None and self.end <= self.start:
            raise FixableValueError(
                f"the item ends at {hm(self.end)}, not after it starts at {hm(self.start)}",
                "make 'end' later than 'start'",
                field="end",
            )
        return self

    @property
    def label(self) -> str:
        """The item's name: its title, or its topics joined as the source joins them."""
        return self.title if self.title is not None else " | ".join(self.topics)


class Issue(NamedTuple):
    """An agenda item that does not fit its session's timeline, found after validation."""

    item: int  # its index in the agenda
    field: str
    what: str
    fix: str


class Session(Model):
    date: date
    start: ClockTime
    end: ClockTime
    title: Text
    module: Id | None = None  # the thematic module the session delivers
    programme_label: Text | None = None
    expert: Id | None = None
    agenda: list[AgendaItem] = Field(min_length=1)
    # the edition whose sessions/ folder holds the file: set by the loader (macros/loader.py)
    _edition_id: str = PrivateAttr(default="")
    _edition: Edition | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _session_times(self) -> Session:
        if self.end <= self.start:
            raise FixableValueError(
                f"the session ends at {hm(self.end)}, not after it starts at {hm(self.start)}",
                "make the session's 'end' later than its 'start'",
                field="end",
            )
        return self

    def item_end(self, index: int) -> time | None:
        """When an item ends: its end, its start plus duration, else the next item's start,
        else the end of the session. None for an open item that starts when the session ends."""
        item = self.agenda[index]
        if item.end is not None:
            return item.end
        if item.duration is not None:
            return time(*divmod(minutes(item.start) + item.duration.minutes, 60))
        if index + 1 < len(self.agenda):
            return self.agenda[index + 1].start
        return self.end if item.start < self.end else None

    def held_in(self, edition_id: str, edition: Edition) -> None:
        """Which edition holds the session (its folder): its time zone is the edition's."""
        self._edition_id, self._edition = edition_id, edition

    @property
    def edition_id(self) -> str:
        return self._edition_id

    @property
    def edition(self) -> Edition:
        return self._edition

    def starts_at(self, t: time | None = None) -> datetime:
        """The session's start (or the clock time `t` on its day), in its edition's zone."""
        return datetime.combine(self.date, t or self.start, tzinfo=self._edition.zone())

    def ends_at(self) -> datetime:
        return datetime.combine(self.date, self.end, tzinfo=self._edition.zone())

    @property
    def hours(self) -> float:
        return (minutes(self.end) - minutes(self.start)) / 60

    @property
    def heading(self) -> str:
        """The title as the source's agenda prints it, programme label included."""
        return f"{self.programme_label}: {self.title}" if self.programme_label else self.title

    def timeline_issues(self) -> list[Issue]:
        """Items that don't fit the session or overlap the next one. Checked after validation,
        where each item's line is known."""
        issues: list[Issue] = []
        for i, item in enumerate(self.agenda):
            if self.start <= item.start <= self.end:
                issues += filter(None, (self._end_issue(i), self._next_issue(i)))
                continue
            span = f"({hm(self.start)}-{hm(self.end)})"
            what = f"the item starts at {hm(item.start)}, outside the session {span}"
            fix = "correct the item's start or the session's start/end"
            issues.append(Issue(i, "start", what, fix))
        return issues

    def _end_issue(self, i: int) -> Issue | None:
        item, end = self.agenda[i], self.item_end(i)
        length_field = "end" if item.end else "duration"
        if item.start == self.end and (item.end or item.duration):
            what = f"the item starts when the session ends ({hm(self.end)}) and still has a length"
            fix = "remove its end/duration, or move its start inside the session"
            return Issue(i, length_field, what, fix)
        if end is not None and end > self.end:
            what = f"the item ends at {hm(end)}, after the session ends at {hm(self.end)}"
            return Issue(i, length_field, what, "shorten the item or correct the session's end")
        return None

    def _next_issue(self, i: int) -> Issue | None:
        if i + 1 == len(self.agenda):
            return None
        item, nxt, end = self.agenda[i], self.agenda[i + 1], self.item_end(i)
        if nxt.start <= item.start:
            what = (
                f"the item '{nxt.label}' starts at {hm(nxt.start)}, not after the item "
                f"before it, '{item.label}' ({hm(item.start)})"
            )
            fix = "list agenda items in time order, each starting after the previous one"
            return Issue(i + 1, "start", what, fix)
        if end is not None and end > nxt.start:
            what = (
                f"the item '{item.label}' runs until {hm(end)} and overlaps the next item, "
                f"'{nxt.label}', which starts at {hm(nxt.start)}"
            )
            fix = (
                "end this item before the next one starts, or move the next item "
                "(if you inserted an item, check the times of both)"
            )
            return Issue(i, "end" if item.end else "duration", what, fix)
        return None


# --------------------------------------------------------------------------- the rest


class Module(Model):
    id: Id
    number: int = Field(gt=0)
    title: Text
    status: Literal["published", "planned"]
    summary: Text


class Organisation(Model):
    id: Id
    name: Text
    short_name: Text | None = None
    description: Text
    website: Text | None = None


class CaseStudy(Model):
    id: Id
    title: Text
    summary: Text


class Lesson(Model):
    id: Id
    title: Text
    summary: Text
    module: Id
    sessions: list[Id] = []
    case_studies: list[Id] = []


class Term(Model):
    term: Text
    expansion: Text | None = None
    definition: Text
    general: bool = False  # a general definition, not taken from the source


class ModulesFile(Model):
    modules: list[Module] = Field(min_length=1)


class OrganisationsFile(Model):
    organisations: list[Organisation] = Field(min_length=1)


class CaseStudiesFile(Model):
    case_studies: list[CaseStudy] = []


class LessonsFile(Model):
    lessons: list[Lesson] = []


class GlossaryFile(Model):
    terms: list[Term] = []
