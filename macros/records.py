"""The validated data as the build uses it: read-only records, without pydantic.

pydantic validates data/ (macros/models.py) and its models are turned into records
(`loader.freeze`): objects with the same fields, read-only, and the same methods, which live
here once, in `…Methods` classes that the model and the record of the same name both inherit.
A record carries no validation machinery, so the validated curriculum can be kept between
builds (macros/data_cache.py) and read back without importing pydantic, whose import and
model construction are a large part of a build's fixed cost.
"""

from __future__ import annotations

from datetime import datetime, time
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # ids, and the names of session files


def hm(t: time) -> str:
    """A clock time as editors write it in data/ (9:30, not 09:30)."""
    return f"{t.hour}:{t.minute:02d}"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _at(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


class Kind(StrEnum):
    """What happens in an agenda item. Labels are shown on the pages."""

    welcome = "welcome"
    presentation = "presentation"
    training = "training"
    case_study = "case-study"
    roundtable = "roundtable"
    break_ = "break"
    open_mic = "open-mic"
    wrap_up = "wrap-up"

    @property
    def label(self) -> str:
        return {
            "welcome": "Welcome",
            "presentation": "Presentation",
            "training": "Training",
            "case-study": "Case study",
            "roundtable": "Roundtable",
            "break": "Break",
            "open-mic": "Open mic",
            "wrap-up": "Wrap-up",
        }[self.value]


# ------------------------------------------------------------------- behaviour of the data


class Methods:
    """Methods of the model (and record) whose name is this class's name without "Methods".
    They only read fields; the fields themselves are declared on the model (no annotations
    here: pydantic would read them as fields)."""

    __slots__ = ()


class DurationMethods(Methods):
    __slots__ = ()

    def __str__(self) -> str:
        return f"{'circa ' if self.approximate else ''}{self.minutes} min"


class AgendaItemMethods(Methods):
    __slots__ = ()

    @property
    def label(self) -> str:
        """The item's name: its title, or its topics joined as the source joins them."""
        return self.title if self.title is not None else " | ".join(self.topics)


class SessionMethods(Methods):
    __slots__ = ()

    def item_end(self, index: int) -> time | None:
        """When an item ends: its end, its start plus duration, else the next item's start,
        else the end of the session. None for an open item that starts when the session ends."""
        item = self.agenda[index]
        if item.end is not None:
            return item.end
        if item.duration is not None:
            return _at(_minutes(item.start) + item.duration.minutes)
        if index + 1 < len(self.agenda):
            return self.agenda[index + 1].start
        return self.end if item.start < self.end else None

    def starts_at(self, tz: ZoneInfo, t: time | None = None) -> datetime:
        return datetime.combine(self.date, t or self.start, tzinfo=tz)

    def ends_at(self, tz: ZoneInfo) -> datetime:
        return datetime.combine(self.date, self.end, tzinfo=tz)

    @property
    def hours(self) -> float:
        return (_minutes(self.end) - _minutes(self.start)) / 60

    @property
    def heading(self) -> str:
        """The title as the source's agenda prints it, programme label included."""
        return f"{self.programme_label}: {self.title}" if self.programme_label else self.title

    def timeline_issues(self) -> list[tuple[int, str, str, str]]:
        """(item index, field, what is wrong, how to fix) for items that don't fit the session."""
        issues: list[tuple[int, str, str, str]] = []
        for i, item in enumerate(self.agenda):
            if item.start < self.start or item.start > self.end:
                issues.append(
                    (
                        i,
                        "start",
                        f"the item starts at {hm(item.start)}, outside the session "
                        f"({hm(self.start)}-{hm(self.end)})",
                        "correct the item's start or the session's start/end",
                    )
                )
                continue
            end = self.item_end(i)
            if item.start == self.end and (item.end or item.duration):
                issues.append(
                    (
                        i,
                        "end" if item.end else "duration",
                        f"the item starts when the session ends ({hm(self.end)}) and still "
                        "has a length",
                        "remove its end/duration, or move its start inside the session",
                    )
                )
            elif end is not None and end > self.end:
                issues.append(
                    (
                        i,
                        "end" if item.end else "duration",
                        f"the item ends at {hm(end)}, after the session ends at {hm(self.end)}",
                        "shorten the item or correct the session's end",
                    )
                )
            if i + 1 < len(self.agenda):
                nxt = self.agenda[i + 1]
                if nxt.start <= item.start:
                    issues.append(
                        (
                            i + 1,
                            "start",
                            f"the item starts at {hm(nxt.start)}, not after the item before it "
                            f"({hm(item.start)})",
                            "list agenda items in time order, each starting after the previous one",
                        )
                    )
                elif end is not None and end > nxt.start:
                    issues.append(
                        (
                            i,
                            "end" if item.end else "duration",
                            f"the item runs until {hm(end)} and overlaps the next item, which "
                            f"starts at {hm(nxt.start)}",
                            "end this item before the next one starts, or move the next item",
                        )
                    )
        return issues


# ------------------------------------------------------------------------------- records

METHODS: dict[str, type[Methods]] = {
    cls.__name__.removesuffix("Methods"): cls for cls in Methods.__subclasses__()
}


class Record:
    """A validated data item: the fields of the model it was made from, read-only."""

    __slots__ = ("__dict__",)

    def __init__(self, fields: dict[str, Any]) -> None:
        object.__setattr__(self, "__dict__", fields)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (validated data)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (validated data)")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:  # as a frozen pydantic model: fails on a list field
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def replace(self, **changes: Any) -> Record:
        """A copy with some fields changed (not validated again: tests and what-ifs only)."""
        unknown = set(changes) - set(self.__dict__)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return type(self)({**self.__dict__, **changes})

    def __reduce__(self):
        return record, (type(self).__name__, self.__dict__)


_TYPES: dict[str, type[Record]] = {}


def record(name: str, fields: dict[str, Any]) -> Record:
    """A record of the model called `name` (and with that model's methods)."""
    cls = _TYPES.get(name)
    if cls is None:
        bases = (METHODS[name], Record) if name in METHODS else (Record,)
        cls = _TYPES[name] = type(name, bases, {"__slots__": (), "__module__": __name__})
    return cls(fields)
