"""Every fact lives once: clock times live in data/, never typed into the pages of docs/."""

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


def clock_times(markdown: str) -> list[str]:
    without_urls = URL.sub(" ", markdown)
    return [m.group(0) for m in CLOCK.finditer(without_urls)]


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
def test_the_detector_itself(sample, found):
    assert clock_times(sample) == found


def test_no_clock_time_is_typed_in_docs():
    offenders = []
    pages = sorted(DOCS.rglob("*.md"))
    assert len(pages) >= 20
    for path in pages:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for found in clock_times(line):
                offenders.append(f"{path.relative_to(DOCS.parent)}:{number}: {found}")
    assert not offenders, (
        "Clock times belong in data/sessions/*.yml and reach pages through macros such as "
        "{{ agenda() }}; typed here they drift from the data:\n" + "\n".join(offenders)
    )
