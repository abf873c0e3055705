"""What a change to data/ means for participants, in plain words.

    python -m tools.diff BASE [HEAD] [--markdown]

BASE and HEAD are git refs (a branch, a tag, a commit); without HEAD the working tree is compared.
Each side's data/ and docs/ are read with the loader the build uses, and the two curricula are
compared: editions added, removed, renamed or with new dates or a new time zone; sessions
added, removed or moved (to another day or edition); agenda items whose times, titles, kinds or
presenters change; modules, case studies, organisations, lessons and glossary terms added,
removed or renamed. `--markdown` prints a section for a GitHub job summary, the sessions'
changes edition by edition.

Exit status: 0 when both sides could be compared (with or without changes), 2 when a side cannot
be read (its problems are printed).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from macros.curriculum import Curriculum
from macros.errors import DataError
from macros.loader import load
from macros.models import hm

if TYPE_CHECKING:
    from macros.models import AgendaItem, Session

READ = ("data", "docs")  # what the loader reads: the data and the pages' front matter

SECTIONS = (
    "Editions",
    "Sessions",
    "Modules",
    "Lessons",
    "Case studies",
    "Organisations",
    "Glossary",
)


class CompareError(Exception):
    pass


@dataclass(frozen=True)
class Change:
    section: str
    text: str
    edition: str = ""  # the title of the edition a session change belongs to


# ------------------------------------------------------------------------------ reading a ref


def load_ref(ref: str | None, repo: Path) -> Curriculum:
    """The curriculum at a git ref (None: the working tree)."""
    if ref is None:
        return _load(repo, "the working tree")
    proc = subprocess.run(
        ["git", "-C", str(repo), "archive", "--format=tar", ref, "--", *READ],
        capture_output=True,
        check=False,
    )
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip()
        raise CompareError(f"cannot read data/ and docs/ at '{ref}': {reason}")
    with tempfile.TemporaryDirectory(prefix="curriculum-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        return _load(Path(tmp), f"'{ref}'")


def _load(root: Path, name: str) -> Curriculum:
    try:
        return load(root)
    except DataError as err:
        raise CompareError(f"the data at {name} is not valid:\n{err.report()}") from None


# ------------------------------------------------------------------------------ plain words


def day(d: date) -> str:
    return f"{d.day} {d:%b}"


def span(start: time, end: time | None) -> str:
    return f"{hm(start)}–{hm(end)}" if end else hm(start)


def _at(t: time | None) -> str:
    return hm(t) if t else "the end of the session"


def names(ids: list[str], cur: Curriculum) -> str:
    """Organisations or case studies by their names, for people who don't read ids."""
    out = []
    for i in ids:
        if i in cur.organisations:
            out.append(cur.organisations[i].name)
        elif i in cur.case_studies:
            out.append(cur.case_studies[i].title)
        else:
            out.append(i)
    return ", ".join(out) if out else "none"


def _pair_items(old: Session, new: Session) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Match agenda items: same label first, then same start time. Returns matches, removed
    (old indexes) and added (new indexes)."""
    pairs: list[tuple[int, int]] = []
    free_old = list(range(len(old.agenda)))
    free_new = list(range(len(new.agenda)))
    for same in (
        lambda a, b: a.label == b.label,
        lambda a, b: a.start == b.start,
    ):
        for j in list(free_new):
            match = next((i for i in free_old if same(old.agenda[i], new.agenda[j])), None)
            if match is not None:
                pairs.append((match, j))
                free_old.remove(match)
                free_new.remove(j)
    return sorted(pairs, key=lambda p: p[1]), free_old, free_new


def _item_changes(
    old: Session, i: int, new: Session, j: int, old_cur: Curriculum, new_cur: Curriculum
) -> list[str]:
    a, b = old.agenda[i], new.agenda[j]
    out = []
    name = f"'{b.label}'"
    if a.label != b.label:
        out.append(f"'{a.label}' renamed {name}")
    a_end, b_end = old.item_end(i), new.item_end(j)
    if a.start != b.start and a_end == b_end:
        out.append(f"{name} now starts at {hm(b.start)} (was {hm(a.start)})")
    elif a.start == b.start and a_end != b_end:
        out.append(f"{name} now ends at {_at(b_end)} (was {_at(a_end)})")
    elif a.start != b.start and (
        a_end is None or b_end is None or _len(a, a_end) == _len(b, b_end)
    ):
        out.append(f"{name} moves {hm(a.start)} → {hm(b.start)}")
    elif a.start != b.start:
        out.append(f"{name} now {span(b.start, b_end)} (was {span(a.start, a_end)})")
    if a.kind != b.kind:
        out.append(f"{name} is now {b.kind.label.lower()} (was {a.kind.label.lower()})")
    if a.presenters != b.presenters:
        out.append(
            f"{name}: presented by {names(b.presenters, new_cur)} "
            f"(was {names(a.presenters, old_cur)})"
        )
    if a.case_studies != b.case_studies:
        out.append(
            f"{name}: case studies {names(b.case_studies, new_cur)} "
            f"(was {names(a.case_studies, old_cur)})"
        )
    if a.title is not None and a.topics != b.topics:
        out.append(f"{name}: topics changed")
    if a.note != b.note:
        out.append(f"{name}: note changed")
    return out


def _len(item: AgendaItem, end: time) -> int:
    return (end.hour * 60 + end.minute) - (item.start.hour * 60 + item.start.minute)


def session_changes(old_cur: Curriculum, new_cur: Curriculum) -> list[Change]:
    out: list[Change] = []
    old_s, new_s = old_cur.sessions, new_cur.sessions

    for sid, b in new_s.items():

        def add(text: str, edition: str = b.edition.title) -> None:
            out.append(Change("Sessions", text, edition))

        if sid not in old_s:
            add(f"new session {day(b.date)}: '{b.title}' ({span(b.start, b.end)})")
            continue
        a = old_s[sid]
        if a.edition_id != b.edition_id:  # its file moved to another edition's folder
            add(f"'{b.title}' moves to the {b.edition.title} (was in the {a.edition.title})")
        if a.module != b.module:
            add(
                f"{day(b.date)}: '{b.title}' now delivers {module_name(b.module, new_cur)} (was "
                f"{module_name(a.module, old_cur)})"
            )
        when = day(b.date)
        if a.date != b.date:
            was, now = day(a.date), day(b.date)
            if a.date.year != b.date.year:  # to another year (another edition): say which
                was, now = f"{was} {a.date.year}", f"{now} {b.date.year}"
            add(f"'{b.title}' moves from {was} to {now}")
        if (a.start, a.end) != (b.start, b.end):
            add(f"{when}: the session now runs {span(b.start, b.end)} (was {span(a.start, a.end)})")
        if a.title != b.title:
            add(f"{when}: session renamed '{a.title}' → '{b.title}'")
        if a.programme_label != b.programme_label:
            add(f"{when}: programme label '{a.programme_label}' → '{b.programme_label}'")
        if a.expert != b.expert:
            was = names([a.expert] if a.expert else [], old_cur)
            add(f"{when}: expert {names([b.expert] if b.expert else [], new_cur)} (was {was})")
        pairs, removed, added = _pair_items(a, b)
        for i, j in pairs:
            for text in _item_changes(a, i, b, j, old_cur, new_cur):
                add(f"{when}: {text}")
        for i in removed:
            add(f"{when}: item '{a.agenda[i].label}' ({hm(a.agenda[i].start)}) removed")
        for j in added:
            item = b.agenda[j]
            add(f"{when}: new item '{item.label}' at {span(item.start, b.item_end(j))}")
    for sid, a in old_s.items():
        if sid not in new_s:
            out.append(
                Change("Sessions", f"session removed: {day(a.date)} '{a.title}'", a.edition.title)
            )
    return out


def module_name(mid: str | None, cur: Curriculum) -> str:
    m = cur.modules.get(mid or "")
    return f"Module {m.number}" if m else "no module"


def _named_changes(
    section: str, what: str, old: dict, new: dict, title: str, extra: tuple[str, ...] = ()
) -> list[Change]:
    """Added, removed and renamed entries of one list of data, plus changed fields."""
    out = []
    for key, b in new.items():
        if key not in old:
            out.append(Change(section, f"new {what} '{getattr(b, title)}'"))
            continue
        a = old[key]
        if getattr(a, title) != getattr(b, title):
            out.append(
                Change(section, f"{what} '{getattr(a, title)}' renamed '{getattr(b, title)}'")
            )
        for field in extra:
            if getattr(a, field) != getattr(b, field):
                label = field.replace("_", " ")
                out.append(Change(section, f"{what} '{getattr(b, title)}': {label} changed"))
    for key, a in old.items():
        if key not in new:
            out.append(Change(section, f"{what} '{getattr(a, title)}' removed"))
    return out


def _members(
    section: str, owner: str, what: str, old: list[str], new: list[str], label
) -> list[Change]:
    out = [Change(section, f"{what} {label(i)} added to {owner}") for i in new if i not in old]
    out += [Change(section, f"{what} {label(i)} removed from {owner}") for i in old if i not in new]
    return out


def edition_changes(old: Curriculum, new: Curriculum) -> list[Change]:
    """Editions added or removed; an edition's title, time zone or dates changed."""
    out = []
    for eid, b in new.editions.items():
        a = old.editions.get(eid)
        if a is None:
            out.append(
                Change(
                    "Editions",
                    f"new edition '{b.title}', {day(b.first_date)} to {day(b.last_date)} "
                    f"{b.last_date.year}",
                )
            )
            continue
        if a.timezone != b.timezone:
            out.append(
                Change(
                    "Editions", f"'{b.title}': all times are now in {b.timezone} (was {a.timezone})"
                )
            )
        if (a.first_date, a.last_date) != (b.first_date, b.last_date):
            out.append(
                Change(
                    "Editions",
                    f"'{b.title}' now runs {day(b.first_date)} to {day(b.last_date)} "
                    f"(was {day(a.first_date)} to {day(a.last_date)})",
                )
            )
        if a.title != b.title:
            out.append(Change("Editions", f"edition renamed '{a.title}' → '{b.title}'"))
    out += [
        Change("Editions", f"edition '{a.title}' removed")
        for eid, a in old.editions.items()
        if eid not in new.editions
    ]
    return out


def session_label(old: Curriculum, new: Curriculum, sid: str) -> str:
    """A session by its day and title, from whichever side still has it."""
    s = new.sessions.get(sid) or old.sessions.get(sid)
    return f"{day(s.date)} '{s.title}'" if s else f"'{sid}'"


def module_changes(old: Curriculum, new: Curriculum) -> list[Change]:
    out = _named_changes("Modules", "module", old.modules, new.modules, "title", ("summary",))
    for mid, b in new.modules.items():
        a = old.modules.get(mid)
        if a is None:
            continue
        if a.status != b.status:
            out.append(Change("Modules", f"module '{b.title}' is now {b.status} (was {a.status})"))
        if a.number != b.number:
            out.append(Change("Modules", f"module '{b.title}' is now number {b.number}"))
        out += _members(
            "Modules",
            f"module '{b.title}'",
            "session",
            old.module_sessions(mid),
            new.module_sessions(mid),
            lambda sid: session_label(old, new, sid),
        )
    return out


def lesson_changes(old: Curriculum, new: Curriculum) -> list[Change]:
    out = _named_changes("Lessons", "lesson", old.lessons, new.lessons, "title", ("summary",))
    for lid, b in new.lessons.items():
        a = old.lessons.get(lid)
        if a is None:
            continue
        owner = f"lesson '{b.title}'"
        out += _members(
            "Lessons",
            owner,
            "session",
            a.sessions,
            b.sessions,
            lambda sid: session_label(old, new, sid),
        )
        out += _members(
            "Lessons",
            owner,
            "case study",
            a.case_studies,
            b.case_studies,
            lambda cid: f"'{names([cid], new if cid in new.case_studies else old)}'",
        )
    return out


def reference_changes(old: Curriculum, new: Curriculum) -> list[Change]:
    """Case studies, organisations and glossary terms added, removed or renamed."""
    out = _named_changes(
        "Case studies", "case study", old.case_studies, new.case_studies, "title", ("summary",)
    )
    out += _named_changes(
        "Organisations",
        "organisation",
        old.organisations,
        new.organisations,
        "name",
        ("short_name", "description", "website"),
    )
    old_terms = {t.term: t for t in old.terms}
    new_terms = {t.term: t for t in new.terms}
    out += _named_changes(
        "Glossary", "term", old_terms, new_terms, "term", ("expansion", "definition")
    )
    return out


def changes(old: Curriculum, new: Curriculum) -> list[Change]:
    """Everything that changes for participants between two versions of the curriculum."""
    return [
        *edition_changes(old, new),
        *session_changes(old, new),
        *module_changes(old, new),
        *lesson_changes(old, new),
        *reference_changes(old, new),
    ]


# ---------------------------------------------------------------------------------- output


def report(found: list[Change], markdown: bool, base: str, head: str) -> str:
    """Markdown: a section per kind of change, the sessions' per edition ("Sessions of the 1st
    Online Training Programme…"); plain text: a line per change, a session's change after its
    edition's title when several editions changed."""
    if markdown:
        lines = [f"### What changes for participants ({base} → {head})", ""]
        if not found:
            return "\n".join([*lines, "No change to dates, times, titles or presenters.", ""])
        groups = dict.fromkeys((c.section, c.edition) for c in found)
        for section in SECTIONS:
            for key in [k for k in groups if k[0] == section]:
                items = [c.text for c in found if (c.section, c.edition) == key]
                title = f"{section} of the {key[1]}" if key[1] else section
                lines += [f"**{_md(title)}**", "", *(f"- {_md(t)}" for t in items), ""]
        return "\n".join(lines)
    if not found:
        return f"No changes for participants between {base} and {head}.\n"
    named = len({c.edition for c in found if c.edition}) > 1
    return "".join(f"{c.edition + ', ' if named and c.edition else ''}{c.text}\n" for c in found)


def _md(text: str) -> str:
    """Text as Markdown shows it literally (titles may hold *, _, < or backquotes)."""
    return re.sub(r"([\\`*_<>\[\]#|])", r"\\\1", text)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    markdown = "--markdown" in args
    refs = [a for a in args if a != "--markdown"]
    if not 1 <= len(refs) <= 2 or any(r.startswith("-") for r in refs):
        print(__doc__, file=sys.stderr)
        return 2
    base, head = refs[0], (refs[1] if len(refs) == 2 else None)
    try:
        old, new = load_ref(base, Path.cwd()), load_ref(head, Path.cwd())
    except CompareError as err:
        print(f"Cannot compare the schedules: {err}", file=sys.stderr)
        return 2
    shown = [r[:7] if re.fullmatch(r"[0-9a-f]{40}", r) else r for r in (base, head or "")]
    sys.stdout.write(report(changes(old, new), markdown, shown[0], shown[1] or "working tree"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
