"""Every fact lives once, in data/: the pages of docs/ never type a clock time, nor a count that
the data determines ("six sessions", "three case studies", "eight hours"). Typed, they drift from
the data the first time an editor adds or removes a session; written from the data
({{ curriculum.sessions | length }}) or without a number, they cannot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"

# 9:30, 13.30, 9h30, 09:30 ... but not 1:2 ratios, 3.5, 1.11.2 versions, 12.500 figures or
# amounts (12.50 pesos, $ 1.25, 1.25 million).
AMOUNT = r"(?!\s?(?:million|billion|thousand|%|pesos|dollars|euros|USD|EUR|MXN)\b)"
CLOCK = re.compile(
    r"(?<![\w.:/,$€£-])(?<![$€£] )([01]?\d|2[0-3])\s?[:.h]\s?([0-5]\d)(?![\w:%/-]|[.,:]\d)" + AMOUNT
)
URL = re.compile(r"\b(?:https?://|www\.)\S+|\]\([^)]*\)")

# "three half-day sessions", "6 sessions", "eight hours", "four case studies": a number (not
# "one", and not the 4 of "Module 4") before a word the data counts.
NUMBER = r"(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|\d+)"
WORDS = r"(?:[\s-]+(?:half-day|full-day|online|thematic|expert|more|other|short|published|main|separate|different|new|training|glossary))*"  # noqa: E501
COUNTED = (
    r"(sessions?|modules?|case[\s-]stud(?:y|ies)|lessons?|hours?|organi[sz]ations?|countries|"
    r"clusters|presenters|experts|agenda items|terms|days|weeks)"
)
COUNT = re.compile(
    r"(?<![Mm]odule )(?<![Pp]art )(?<![Ss]ession )\b" + NUMBER + WORDS + r"\s+" + COUNTED + r"\b",
    re.I,
)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def clock_times(markdown: str) -> list[str]:
    without_urls = URL.sub(" ", markdown)
    return [m.group(0) for m in CLOCK.finditer(without_urls)]


def counts(markdown: str) -> list[tuple[int, str]]:
    """(line, phrase) of each count typed in the text; what Jinja computes is not typed."""
    blanked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    return [
        (blanked.count("\n", 0, m.start()) + 1, " ".join(m.group(0).split()))
        for m in COUNT.finditer(blanked)
    ]


@pytest.mark.parametrize(
    ("sample", "found"),
    [
        ("The session starts at 9:30 and ends at 13:30.", ["9:30", "13:30"]),
        ("Coffee at 11.40, lunch 12h30", ["11.40", "12h30"]),
        ("until 09:30.", ["09:30"]),
        ("a 1:2 ratio, version 1.11.2, 3.5 million, 12.500 pesos, 1.25 million", []),
        ("$ 12.50 or 12.50 pesos or €1.20", []),
        ("see https://example.org/9:30 and [x](../12:15.md)", []),
        ("Part 1/2, 24 months, 2020-12-10", []),
    ],
)
def test_the_clock_detector_itself(sample, found):
    assert clock_times(sample) == found


@pytest.mark.parametrize(
    ("sample", "found"),
    [
        ("## The three sessions", [(1, "three sessions")]),
        ("The module took three half-day\nsessions.", [(1, "three half-day sessions")]),
        ("All six sessions; 8 hours with the expert", [(1, "six sessions"), (1, "8 hours")]),
        (
            "four case studies and two thematic modules",
            [(1, "four case studies"), (1, "two thematic modules")],
        ),
        ("The {{ curriculum.sessions | length }} sessions", []),
        ("This Module 4 session; Part 1 lessons; one session", []),
        ("the nine steps of strategic analysis; 24 months; 2020", []),
    ],
)
def test_the_count_detector_itself(sample, found):
    assert counts(sample) == found


def pages() -> list[Path]:
    found = sorted(DOCS.rglob("*.md"))
    assert found, f"no pages in {DOCS}"
    return found


def test_no_clock_time_is_typed_in_docs():
    offenders = [
        f"{path.relative_to(DOCS.parent)}:{number}: {found}"
        for path in pages()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for found in clock_times(line)
    ]
    assert not offenders, (
        "Clock times belong in data/editions/<edition>/sessions/*.yml and reach pages through "
        "macros such as {{ agenda() }}; typed here they drift from the data:\n"
        + "\n".join(offenders)
    )


def test_no_count_is_typed_in_docs():
    offenders = [
        f"{path.relative_to(DOCS.parent)}:{line}: '{phrase}'"
        for path in pages()
        for line, phrase in counts(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, (
        "A count typed in a page goes stale when sessions, modules or case studies are added or "
        "removed:\n  "
        + "\n  ".join(offenders)
        + "\nHow to fix: write the number from the data, e.g. {{ curriculum.sessions | length }} "
        "sessions or {{ curriculum.modules['module-4'].sessions | length }} sessions, or write "
        "the sentence without the number (see 'Counts' in CONTRIBUTING.md)."
    )
