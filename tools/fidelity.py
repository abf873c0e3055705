"""How faithful data/ is to the source deliverable: a report, never a failure.

    .venv/bin/python -m tools.fidelity [--source source/D2.5-….txt]     (make fidelity)

Reads Annex I of the source (the timed agenda of every session) and compares it with the
sessions in data/: each session's day and times, and each agenda item's start time and title
(the source's words, whitespace and dashes aside), for the editions the source describes (those
whose title it prints). Also each edition's title and participants, and the organisations'
names. Prints Markdown for CI's job summary. Editors' changes (a session added, an item renamed,
an edition added) show up here as differences from the source, for reviewers to judge;
`make test` does not depend on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from macros.curriculum import Curriculum
from macros.loader import load
from macros.models import hm

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "D2.5-training-material-module-4.txt"
MONTHS = "January February March April May June July August September October November December"
SESSION = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th) (" + MONTHS.replace(" ", "|") + r") (\d{1,2}:\d\d)-(\d{1,2}:\d\d)$"
)
ITEM = re.compile(r"^\s*\|?\s*(\d{1,2}:\d\d) (.*)$")


@dataclass
class SourceSession:
    day: int
    month: str
    start: str
    end: str
    text: list[str] = field(default_factory=list)  # lines before the first item
    items: dict[str, str] = field(default_factory=dict)  # start -> text


def norm(text: str) -> str:
    """Text compared as words: dashes, quotes, bars and whitespace aside, case ignored."""
    text = re.sub(r"[‐‑–—-]", "-", text.replace("’", "'").replace("“", '"').replace("”", '"'))
    return " ".join(re.sub(r"[|\s]+", " ", text).lower().split())


def annex_one(text: str) -> list[SourceSession]:
    """The sessions of Annex I, with the text of each timed item (lines joined)."""
    body = text.split("ANNEX I\n", 1)[1].split("ANNEX II", 1)[0]
    sessions: list[SourceSession] = []
    current: str | None = None
    for line in body.splitlines():
        line = line.strip()
        if (head := SESSION.match(line)) is not None:
            sessions.append(SourceSession(int(head[1]), head[2], head[3], head[4]))
            current = None
        elif sessions and (item := ITEM.match(line)):
            current = item[1]
            sessions[-1].items[current] = item[2]
        elif sessions and line and "COSME programme" not in line:
            if current is None:
                sessions[-1].text.append(line)
            else:
                sessions[-1].items[current] += " " + line
    return sessions


def described(cur: Curriculum, text: str) -> list[str]:
    """The editions the source describes: those whose title it prints."""
    flat = norm(text)
    return [eid for eid, e in cur.editions.items() if norm(e.title) in flat]


def compare(cur: Curriculum, source: list[SourceSession], text: str) -> list[tuple[str, bool, str]]:
    """(what, as in the source?, detail) for every fact of Annex I the data holds, in the
    sessions of the editions the source describes. An item's title may also come from the
    deliverable's own account of the sessions (its section 3)."""
    flat = norm(text)
    rows = []
    by_day = {(s.day, s.month): s for s in source}
    sessions = [
        cur.sessions[sid] for eid in described(cur, text) for sid in cur.edition_sessions(eid)
    ]
    for s in sorted(sessions, key=lambda s: (s.date, s.start)):
        src = by_day.pop((s.date.day, f"{s.date:%B}"), None)
        where = f"{s.date.day} {s.date:%b}"
        if src is None:
            rows.append((where, False, f"'{s.title}': no session on this day in Annex I"))
            continue
        rows.append((where, (hm(s.start), hm(s.end)) == (src.start, src.end), "session times"))
        head = norm(" ".join(src.text))
        rows.append((where, norm(s.title) in head, f"title '{s.title}'"))
        for item in s.agenda:
            at = norm(src.items.get(hm(item.start), ""))
            found = hm(item.start) in src.items and all(
                norm(part) in at or norm(part) in flat for part in _parts(item)
            )
            rows.append((where, found, f"{hm(item.start)} '{item.label}'"))
        for start in sorted(set(src.items) - {hm(i.start) for i in s.agenda}):
            rows.append((where, False, f"the source's item at {start} is not in the data"))
    for s in by_day.values():
        rows.append((f"{s.day} {s.month[:3]}", False, "a session of Annex I is not in the data"))
    return rows


def _parts(item) -> list[str]:
    return list(item.topics) if item.title is None else [item.title]


def overall(cur: Curriculum, text: str) -> list[tuple[str, bool, str]]:
    """Each edition's title (an edition the source does not print is not compared further) and
    participants; the organisations' names."""
    flat, rows = norm(text), []
    for eid, e in cur.editions.items():
        where = f"edition {eid}"
        if norm(e.title) not in flat:
            n = len(cur.edition_sessions(eid))
            what = f"'{e.title}' is not in the source ({n} session{'s' if n != 1 else ''})"
            rows.append((where, False, what))
            continue
        rows.append((where, True, f"title '{e.title}'"))
        if e.participants is not None:
            countries = norm(", ".join(e.participants.countries[:-1]))
            clusters = f"around {e.participants.clusters_approx} clusters"
            rows.append((where, countries in flat, "countries"))
            rows.append((where, clusters in flat, "clusters"))
    for o in cur.organisations.values():
        rows.append(("organisations", norm(o.name) in flat, f"'{o.name}'"))
    return rows


def report(rows: list[tuple[str, bool, str]]) -> str:
    differ = [r for r in rows if not r[1]]
    lines = [
        "### Fidelity to the source deliverable",
        "",
        f"{len(rows) - len(differ)} of {len(rows)} facts of the data read as in the source "
        "(Annex I's agenda, the editions, the organisations).",
        "",
    ]
    if differ:
        lines += ["Differences (an edit may be intended: check it against the source):", ""]
        lines += ["| where | what |", "| --- | --- |"]
        lines += [f"| {where} | {detail.replace('|', '/')} |" for where, _, detail in differ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    text = args.source.read_text(encoding="utf-8")
    cur = load(args.root)
    sys.stdout.write(report(overall(cur, text) + compare(cur, annex_one(text), text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
