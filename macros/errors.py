"""Errors an editor can read: file, line, field, what is wrong, how to fix it.

Data mistakes (data/*.yml, front matter) are collected as Problems and raised together as one
DataError; a mistake in a page's `{{ … }}` is one PageError, located by macros/page_render.py.
pydantic's validation errors are reworded here (`problems_from`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place of one file."""

    file: str
    line: int
    field: str
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" field '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.what}\n    How to fix: {self.fix}"


class DataError(Exception):
    """Raised when the curriculum data cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"The curriculum data has {count} problem{'s' if count != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class FixableValueError(ValueError):
    """A validation error that knows how the editor can fix it.

    `field` names the sub-field at fault when a check spans a whole block (e.g. 'end' for an
    agenda item that ends before it starts), so the message points at that line."""

    def __init__(self, what: str, fix: str, field: str | None = None):
        super().__init__(what)
        self.what, self.fix, self.field = what, fix, field


class PageError(Exception):
    """A mistake in a page's macros or variables: what is wrong and how to fix it. Where it
    is (the page and line) is added by the page renderer (macros/page_render.py)."""

    def __init__(self, what: str, fix: str):
        super().__init__(what)
        self.what, self.fix = what, fix


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "did you mean 'x'? " for the closest known name, or ""."""
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f"did you mean '{close[0]}'? " if close else ""


# ---------------------------------------------------------------- pydantic errors, reworded


def loc_text(loc: tuple[str | int, ...]) -> str:
    """('agenda', 2, 'end') -> 'agenda[2].end'"""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


# pydantic error type -> (what the field expects, how to fix), in an editor's words
_WHOLE_NUMBER = ("a whole number", "write digits only, for example 20")
_TRUE_FALSE = ("true or false", "write true or false")
_BLOCK = ("a block of 'field: value' lines", "indent the fields under this key")
_EXPECTED = {
    "string_type": (
        "text",
        "write the text after the colon on the same line (put it in quotes if it contains ': ' "
        "or starts with [ { - or #)",
    ),
    **dict.fromkeys(("int_type", "int_parsing"), _WHOLE_NUMBER),
    "int_from_float": ("a whole number", "write digits only, without a decimal point"),
    **dict.fromkeys(("bool_type", "bool_parsing"), _TRUE_FALSE),
    "list_type": (
        "a list",
        "write the entries in brackets, e.g. [mlc, spri], or one per line starting with '- '",
    ),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), _BLOCK),
}
_SIMPLE = {  # error type -> (what is wrong, how to fix)
    "missing": ("required field '{name}' is missing", "add '{name}:' with a value"),
    "string_too_short": (
        "the field is empty",
        "write a value, or remove the field if it is optional",
    ),
    "too_short": ("the list is empty", "add at least one entry"),
    "string_pattern_mismatch": (
        "'{input}' is not a valid id",
        "use lowercase letters, digits and single hyphens, e.g. mezcal-cluster",
    ),
}


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a block of 'field: value' lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"'{value}'"


def _worded(e: dict, loc: tuple, allowed: list[str]) -> tuple[str, str]:
    """(what is wrong, how to fix) for one pydantic error."""
    kind, value = e["type"], e.get("input")
    if kind == "extra_forbidden":
        return (
            f"unknown field '{loc[-1]}'",
            did_you_mean(loc[-1], allowed) + f"allowed fields here: {', '.join(allowed)}",
        )
    if kind in _SIMPLE:
        what, fix = _SIMPLE[kind]
        return what.format(name=loc[-1], input=value), fix.format(name=loc[-1])
    if value is None:
        return "the field is empty", (
            "write a value after the colon, or remove the line if the field is optional"
        )
    if kind in ("enum", "literal_error"):
        expected = e["ctx"].get("expected", "")
        options = re.findall(r"'([^']*)'", expected)
        return f"'{value}' is not allowed", did_you_mean(value, options) + f"use one of: {expected}"
    if kind.startswith("date"):
        return f"'{value}' is not a date", "write the date as YYYY-MM-DD, e.g. 2020-12-01"
    if kind in _EXPECTED:
        expected, fix = _EXPECTED[kind]
        return f"expected {expected}, got {describe_value(value)}", fix
    got = "" if isinstance(value, (dict, list)) else f" (got {value!r})"
    return f"{e['msg'][0].lower()}{e['msg'][1:]}{got}", (
        "correct the value's type, see CONTRIBUTING.md for what each field holds"
    )


def problems_from(err, rel: str, node: Any, model, line_of) -> Iterator[Problem]:
    """The Problems of a pydantic ValidationError of `model`, read from `node` (the parsed
    YAML, for line numbers through `line_of(node, loc)`)."""
    for e in err.errors():
        loc = tuple(s for s in e["loc"] if not (isinstance(s, str) and s.startswith("function-")))
        fixable = (e.get("ctx") or {}).get("error")
        if isinstance(fixable, FixableValueError):
            loc = (*loc, fixable.field) if fixable.field else loc
            what, fix = fixable.what, fixable.fix
        else:
            what, fix = _worded(e, loc, allowed_fields(model, loc[:-1]))
        yield Problem(rel, line_of(node, loc), loc_text(loc), what, fix)


def allowed_fields(model, loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the model found at `loc` inside `model` (list indexes skipped)."""
    for step in (s for s in loc if not isinstance(s, int)):
        info = model.model_fields.get(step)
        model = model_in(info.annotation) if info else None
        if model is None:
            return []
    return list(model.model_fields)


def model_in(annotation: Any):
    """The pydantic model inside a field's annotation (list[Item], Item | None, …), or None."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        if found := model_in(arg):
            return found
    return None
