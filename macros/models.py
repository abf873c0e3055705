"""Typed models of the curriculum data (data/*.yml).

Each model forbids unknown keys, so a typo in a field name is an error and not silently ignored.
Validators raise FixableValueError so the editor is told how to repair the file.
"""

from __future__ import annotations

import difflib
import re
from datetime import date, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .errors import FixableValueError
from .records import ID_PATTERN, AgendaItemMethods, DurationMethods, Kind, SessionMethods, hm


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


def _suggest(text: str) -> str:
    match = _NEAR_TIME.match(text.strip())
    if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
        return f"write {int(match.group(1))}:{match.group(2)}"
    return "write hours:minutes, for example 9:30 or 14:05"


_DURATION = re.compile(r"^(?P<circa>circa )?(?P<minutes>\d{1,3}) ?min$")


def _parse_time(value: object) -> object:
    if isinstance(value, time):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FixableValueError(
            f"expected a clock time such as 9:30, got {type(value).__name__}",
            "write the time as hours:minutes, for example 9:30 or 14:05",
        )
    if isinstance(value, (int, float)):
        typed = _number_text(value)
        raise FixableValueError(
            f"'{typed}' is read as a number, not a clock time",
            f"{_suggest(typed)}: hours and minutes separated by a colon",
        )
    match = _TIME.match(value.strip())
    if not match:
        raise FixableValueError(
            f"'{value}' is not a valid clock time",
            f"{_suggest(value)}: 24-hour hours:minutes between 0:00 and 23:59, "
            "for example 9:30 or 13:15",
        )
    return time(int(match.group(1)), int(match.group(2)))


ClockTime = Annotated[time, BeforeValidator(_parse_time)]


class Duration(DurationMethods, Model):
    minutes: int
    approximate: bool = False


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
    """Something the source does not settle, shown on the pages that depend on it."""

    id: Id
    title: Text
    text: Text


class Programme(Model):
    title: Text
    mode: Literal["online"]
    timezone: TimeZoneName
    first_date: date
    last_date: date
    participants: Participants
    project: Project
    notes: list[SourceNote] = Field(min_length=1)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Programme:
        if self.last_date < self.first_date:
            raise FixableValueError(
                f"last_date {self.last_date} is before first_date {self.first_date}",
                "swap the two dates or correct the one that is wrong",
                field="last_date",
            )
        return self


# --------------------------------------------------------------------------- sessions


class AgendaItem(AgendaItemMethods, Model):
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


class Session(SessionMethods, Model):
    date: date
    start: ClockTime
    end: ClockTime
    title: Text
    programme_label: Text | None = None
    expert: Id | None = None
    agenda: list[AgendaItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _session_times(self) -> Session:
        if self.end <= self.start:
            raise FixableValueError(
                f"the session ends at {hm(self.end)}, not after it starts at {hm(self.start)}",
                "make the session's 'end' later than its 'start'",
                field="end",
            )
        return self


# --------------------------------------------------------------------------- the rest


class Module(Model):
    id: Id
    number: int = Field(gt=0)
    title: Text
    status: Literal["published", "planned"]
    summary: Text
    sessions: list[Id] = []
    programme_label: Text | None = None

    @model_validator(mode="after")
    def _published_has_sessions(self) -> Module:
        if self.status == "published" and not self.sessions:
            raise FixableValueError(
                "a published module lists no sessions",
                "add the ids of its sessions under 'sessions', or set status: planned",
                field="sessions",
            )
        return self


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
