"""Editors' ordinary edits keep the checks green.

Each test makes, on a copy of the repository with the real curriculum, an edit an editor makes
through a pull request, the way CONTRIBUTING.md tells them to: a session added to a module or
outside any, a case study added and used, an organisation added as a presenter, an agenda item
renamed, a session moved or removed, an edition added. Then it runs what `make test` runs on the
real curriculum: the data check, the strict build, the site's agreement with its data
(tests/invariants.py) and the check for counts typed in the pages. Every edit is derived from the
data (which edition, which module, which session, which day), never from today's literals, so
these tests hold whatever the curriculum becomes. The last test makes several edits at once and
builds the PDFs too.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path, PurePosixPath

import lxml.html
import pytest
from conftest import EPOCH, Workspace
from invariants import pdf_problems, site_problems
from pdf_reading import bare, read
from test_facts_once import counts

from macros.curriculum import EDITIONS_DOCS, Curriculum
from macros.models import hm

ITEMS = """agenda:
  - start: {start}
    duration: 10 min
    title: Welcome
    kind: welcome
  - start: {s2}
    title: A talk of the new session
    kind: presentation{presenters}
  - start: {s3}
    title: Questions and answers
    kind: roundtable{cases}
  - start: {s4}
    title: Wrap up
    kind: wrap-up
"""
# A session page as CONTRIBUTING.md's recipe writes it.
SESSION_PAGE = (
    "---\nsession: {sid}\n---\n{{{{ heading() }}}}\n\n{{{{ session_facts() }}}}\n\n"
    "What happens in this session, in the editor's words.\n\n## Agenda\n\n{{{{ agenda() }}}}\n"
)
ADDED_EDITION = "added-edition"  # the id of the edition test_add_an_edition adds


def checked(ws: Workspace, tmp_path: Path, **env: str) -> tuple[Curriculum, Path]:
    """What `make test` checks of the real curriculum, on the edited copy."""
    cur = ws.load()  # `make check`: raises DataError with the editor's message
    result = ws.build(tmp_path / "site", SOURCE_DATE_EPOCH=EPOCH, **env)
    assert result.code == 0, str(result)
    assert site_problems(result.site_dir, cur) == []
    if env.get("PDF_EXPORT") == "1":
        assert pdf_problems(result.site_dir, cur) == []
    typed = [
        (path, line, phrase)
        for path in sorted(ws.path("docs").rglob("*.md"))
        for line, phrase in counts(path.read_text(encoding="utf-8"))
    ]
    assert typed == []
    return cur, result.site_dir


def edition_folder(cur: Curriculum, eid: str) -> PurePosixPath:
    """docs/… folder of an edition's pages (its overview's folder)."""
    return PurePosixPath("docs", cur.pages["editions"][eid]).parent


def free_day(cur: Curriculum, eid: str) -> date:
    """A weekday of the edition (first_date to last_date) without a session, else its last day."""
    edition = cur.editions[eid]
    taken = {cur.sessions[sid].date for sid in cur.edition_sessions(eid)}
    day = edition.first_date
    while day <= edition.last_date:
        if day.weekday() < 5 and day not in taken:
            return day
        day += timedelta(days=1)
    return edition.last_date


def add_session(
    ws: Workspace, cur: Curriculum, sid: str, module="", presenters="", cases=""
) -> str:
    """A session of the current edition (file and page), as CONTRIBUTING.md's recipe writes
    them: 14:00-16:00 on a free day of the edition, `module:` when it delivers one."""
    eid = cur.current_edition()
    day = free_day(cur, eid)
    session_id = f"{day.isoformat()}-{sid}"
    starts = [time(14, 0), time(14, 10), time(15, 0), time(15, 45)]
    ws.write(
        f"data/editions/{eid}/sessions/{session_id}.yml",
        f"date: {day.isoformat()}\nstart: 14:00\nend: 16:00\n"
        + (f"module: {module}\n" if module else "")
        + f"title: An added session, {sid}\n"
        + ITEMS.format(
            start=hm(starts[0]),
            s2=hm(starts[1]),
            s3=hm(starts[2]),
            s4=hm(starts[3]),
            presenters=f"\n    presenters: [{presenters}]" if presenters else "",
            cases=f"\n    case_studies: [{cases}]" if cases else "",
        ),
    )
    ws.write(
        f"{edition_folder(cur, eid)}/sessions/{session_id}.md", SESSION_PAGE.format(sid=session_id)
    )
    return session_id


def first_published(cur: Curriculum):
    """The first published module that the current edition delivers."""
    eid = cur.current_edition()
    held = [m for m in cur.published_modules() if cur.module_sessions(m.id, eid)]
    if not held:
        pytest.skip("the current edition delivers no published module")
    return held[0]


def add_case_study(ws: Workspace) -> None:
    ws.write(
        "data/case-studies.yml",
        ws.read("data/case-studies.yml")
        + "  - id: added-case\n    title: An added case study\n    summary: Added by an editor.\n",
    )
    ws.write(
        "docs/case-studies/added-case.md",
        "---\ncase_study: added-case\n---\n{{ heading() }}\n\n{{ case_study_uses() }}\n",
    )


def add_edition(ws: Workspace, cur: Curriculum, module_id: str) -> tuple[str, list[str]]:
    """CONTRIBUTING.md's "Add an edition": the current edition's folder copied, two years (104
    weeks: the same weekdays) later and in another time zone, holding the sessions that deliver
    a module, renamed after their new dates; its pages: an overview, an at-a-glance page and a
    page per session. Returns the edition's id and its sessions' ids."""
    eid = cur.current_edition()
    old, shift = cur.editions[eid], timedelta(weeks=104)
    zone = "America/New_York" if old.timezone != "America/New_York" else "Europe/Rome"
    edition = ws.read(f"data/editions/{eid}/edition.yml")
    for key, value in (
        ("title", f"Added edition of the {old.title}"),
        ("timezone", zone),
        ("first_date", (old.first_date + shift).isoformat()),
        ("last_date", (old.last_date + shift).isoformat()),
    ):
        edition, found = re.subn(rf"^{key}: .*$", f"{key}: {value}", edition, count=1, flags=re.M)
        assert found == 1, key
    # its notes keep their ids (as a copied folder does) and say they are the new edition's
    edition = re.sub(r"^(  (?:- |  )title: .*)$", r"\1 (added edition)", edition, flags=re.M)
    ws.write(f"data/editions/{ADDED_EDITION}/edition.yml", edition)
    folder = f"docs/{EDITIONS_DOCS}/{ADDED_EDITION}"
    ws.write(f"{folder}/index.md", "# {{ edition.title }}\n\n{{ programme_overview() }}\n")
    ws.write(f"{folder}/at-a-glance.md", "# At a glance\n\n{{ programme_at_a_glance() }}\n")
    added = []
    for sid in cur.module_sessions(module_id, eid):
        s = cur.sessions[sid]
        day = s.date + shift
        same = sid.startswith(s.date.isoformat())
        new_id = day.isoformat() + (sid.removeprefix(s.date.isoformat()) if same else f"-{sid}")
        text = ws.read(cur.source_file("sessions", sid))
        text = text.replace(f"date: {s.date.isoformat()}", f"date: {day.isoformat()}", 1)
        ws.write(f"data/editions/{ADDED_EDITION}/sessions/{new_id}.yml", text)
        ws.write(f"{folder}/sessions/{new_id}.md", SESSION_PAGE.format(sid=new_id))
        added.append(new_id)
    return ADDED_EDITION, added


def test_add_a_session_to_a_module(real_workspace: Workspace, curriculum: Curriculum, tmp_path):
    mod = first_published(curriculum)
    sid = add_session(real_workspace, curriculum, "added-to-module", module=mod.id)
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.module_of(sid).id == mod.id
    assert len(cur.module_sessions(mod.id)) == len(curriculum.module_sessions(mod.id)) + 1
    assert cur.sessions[sid].edition_id == curriculum.current_edition()


def test_add_a_session_outside_any_module(real_workspace, curriculum, tmp_path):
    sid = add_session(real_workspace, curriculum, "added-alone")
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.module_of(sid) is None and len(cur.sessions) == len(curriculum.sessions) + 1


def test_add_a_case_study_and_an_organisation_and_use_them(real_workspace, curriculum, tmp_path):
    ws = real_workspace
    add_case_study(ws)
    ws.write(
        "data/organisations.yml",
        ws.read("data/organisations.yml")
        + "  - id: added-org\n    name: Łódź Added Cluster\n    description: Added by an editor.\n",
    )
    mod = first_published(curriculum)
    add_session(ws, curriculum, "with-case", mod.id, presenters="added-org", cases="added-case")
    cur, _ = checked(ws, tmp_path)
    assert cur.items_with_case_study("added-case") and cur.presented_by("added-org")


def test_rename_an_agenda_item(real_workspace, curriculum, tmp_path):
    sid, session = next(
        (sid, s) for sid, s in curriculum.sessions.items() if any(i.title for i in s.agenda)
    )
    old = next(i.title for i in session.agenda if i.title)
    path = curriculum.source_file("sessions", sid)
    text = real_workspace.read(path)
    real_workspace.write(path, text.replace(f"title: {old}\n", f"title: {old}, renamed\n", 1))
    cur, _ = checked(real_workspace, tmp_path)
    assert f"{old}, renamed" in [i.title for i in cur.sessions[sid].agenda]


def test_move_a_session_to_another_day(real_workspace, curriculum, tmp_path):
    """To a free day of its edition (a date outside the edition is an error: test_bad_inputs)."""
    sid, session = next(iter(curriculum.sessions.items()))
    day = free_day(curriculum, session.edition_id)
    path = curriculum.source_file("sessions", sid)
    real_workspace.replace(path, f"date: {session.date.isoformat()}", f"date: {day.isoformat()}")
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.sessions[sid].date == day


def test_remove_a_session(real_workspace, curriculum, tmp_path):
    """The recipe: delete its file and its page, and its id where lessons list it. The last
    session whose module keeps another session (a published module needs one)."""
    ws = real_workspace
    removable = [
        sid
        for sid, s in curriculum.sessions.items()
        if s.module is None or len(curriculum.module_sessions(s.module)) > 1
    ]
    if not removable:
        pytest.skip("every session is the only one of its module")
    sid = removable[-1]
    ws.path(curriculum.source_file("sessions", sid)).unlink()
    ws.path(f"docs/{curriculum.pages['sessions'][sid]}").unlink()
    text = ws.read("data/lessons.yml").replace(f"      - {sid}\n", "")
    ws.write(
        "data/lessons.yml",
        text.replace(f", {sid}]", "]").replace(f"[{sid}, ", "[").replace(f"[{sid}]", "[]"),
    )
    cur, _ = checked(ws, tmp_path)
    assert sid not in cur.sessions


def test_add_an_edition(real_workspace, curriculum, tmp_path):
    """A second run of a module, in another time zone: every check holds edition by edition
    (each overview and at-a-glance page lists its own sessions, times in its own zone), the
    new edition is the current one, the module was held in both, each has its calendars."""
    mod = first_published(curriculum)
    before = curriculum.current_edition()
    eid, added = add_edition(real_workspace, curriculum, mod.id)
    cur, site = checked(real_workspace, tmp_path)
    assert cur.current_edition() == eid
    assert cur.module_editions(mod.id) == [*curriculum.module_editions(mod.id), eid]
    assert cur.edition_sessions(eid) == added
    assert cur.edition_sessions(before) == curriculum.edition_sessions(before)
    for key in (f"{eid}/programme", f"{eid}/{mod.id}", "programme", mod.id):
        ics = (site / "calendar" / f"{key}.ics").read_text(encoding="utf-8")
        assert all(sid in ics for sid in added), key
    for sid in added:
        assert sid in (site / "calendar" / f"{sid}.ics").read_text(encoding="utf-8"), sid
    # pages showing both editions show both editions' notes, whose ids are the same in data/
    for page in site.rglob("*.html"):
        ids = Counter(lxml.html.fromstring(page.read_bytes()).xpath("//@id"))
        assert [i for i, n in ids.items() if n > 1] == [], page.relative_to(site)
    for key in (f"{before}/programme", f"{before}/{mod.id}"):
        ics = (site / "calendar" / f"{key}.ics").read_text(encoding="utf-8")
        assert not any(sid in ics for sid in added), key


@pytest.mark.pdf
def test_several_edits_at_once_with_the_pdfs(real_workspace, curriculum, tmp_path):
    """The trial of the issue that asked for these tests: a session added to a module, a case
    study added and used, an item renamed, and a second edition of the module; every session is
    then in the calendars and PDFs, and each PDF's cover names the editions it holds."""
    ws = real_workspace
    mod = first_published(curriculum)
    add_case_study(ws)
    sid = add_session(ws, curriculum, "added", mod.id, cases="added-case")
    eid, added = add_edition(ws, curriculum, mod.id)
    cur, site = checked(ws, tmp_path, PDF_EXPORT="1")
    for key in [m.id for m in cur.published_modules()] + ["handbook"]:
        pdf = read(site / "pdf" / f"{key}.pdf")
        sessions = list(cur.sessions) if key == "handbook" else cur.module_sessions(key)
        for s in sessions:
            title = cur.sessions[s].title
            assert any(bare(b.title) == bare(title) for b in pdf.bookmarks), (key, title)
        editions = list(cur.editions) if key == "handbook" else cur.module_editions(key)
        cover = bare(pdf.sheets[0].text)
        assert all(bare(cur.editions[e].title) in cover for e in editions), key
    assert cur.module_editions(mod.id)[-1] == eid
    for s in cur.sessions:
        assert (site / "calendar" / f"{s}.ics").is_file(), s
    edition = curriculum.current_edition()
    for key in (mod.id, f"{edition}/{mod.id}", f"{edition}/programme", "programme"):
        assert sid.encode() in (site / "calendar" / f"{key}.ics").read_bytes(), key
    assert all(
        s.encode() in (site / "calendar" / f"{eid}/{mod.id}.ics").read_bytes() for s in added
    )
