"""Errors an editor can read: file, line, field, what is wrong, how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


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

    def __init__(self, problems: list[Problem]):
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
        self.what = what
        self.fix = fix
        self.field = field
