"""Editors' ordinary edits keep the checks green.

Each test makes, on a copy of the repository with the real curriculum, an edit an editor makes
through a pull request, the way CONTRIBUTING.md tells them to: a session added to a module or
outside any, a case study added and used, an organisation added as a presenter, an agenda item
renamed, a session moved or removed. Then it runs what `make test` runs on the real curriculum:
the data check, the strict build, the site's agreement with its data (tests/invariants.py) and
the check for counts typed in the pages. Every edit is derived from the data (which module,
which session, which day), never from today's literals, so these tests hold whatever the
curriculum becomes. The last test makes several edits at once and builds the PDFs too.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from conftest import EPOCH, Workspace
from invariants import site_problems
from pdf_reading import bare, read
from test_facts_once import counts

from macros.curriculum import Curriculum
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


def checked(ws: Workspace, tmp_path: Path, **env: str) -> tuple[Curriculum, Path]:
    """What `make test` checks of the real curriculum, on the edited copy."""
    cur = ws.load()  # `make check`: raises DataError with the editor's message
    result = ws.build(tmp_path / "site", SOURCE_DATE_EPOCH=EPOCH, **env)
    assert result.code == 0, str(result)
    assert site_problems(result.site_dir, cur) == []
    typed = [
        (path, line, phrase)
        for path in sorted(ws.path("docs").rglob("*.md"))
        for line, phrase in counts(path.read_text(encoding="utf-8"))
    ]
    assert typed == []
    return cur, result.site_dir


def free_day(cur: Curriculum) -> date:
    """A weekday of the programme without a session (else its last day)."""
    p, taken = cur.programme, {s.date for s in cur.sessions.values()}
    day = p.first_date
    while day <= p.last_date:
        if day.weekday() < 5 and day not in taken:
            return day
        day += timedelta(days=1)
    return p.last_date


def add_session(ws: Workspace, cur: Curriculum, sid: str, presenters="", cases="") -> str:
    """A session file and its page, as CONTRIBUTING.md's recipe writes them: 14:00-16:00."""
    day = free_day(cur)
    session_id = f"{day.isoformat()}-{sid}"
    starts = [time(14, 0), time(14, 10), time(15, 0), time(15, 45)]
    ws.write(
        f"data/sessions/{session_id}.yml",
        f"date: {day.isoformat()}\nstart: 14:00\nend: 16:00\ntitle: An added session, {sid}\n"
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
        f"docs/programme/fixture-2021/sessions/{session_id}.md",
        f"---\nsession: {session_id}\n---\n{{{{ heading() }}}}\n\n{{{{ session_facts() }}}}\n\n"
        "What happens in this session, in the editor's words.\n\n## Agenda\n\n{{ agenda() }}\n",
    )
    return session_id


def add_to_module(ws: Workspace, module_id: str, session_id: str) -> None:
    """The session's id under the module's `sessions:` in data/modules.yml."""
    text = ws.read("data/modules.yml")
    start = text.index(f"  - id: {module_id}\n")
    anchor = text.index("    sessions:\n", start) + len("    sessions:\n")
    ws.write("data/modules.yml", f"{text[:anchor]}      - {session_id}\n{text[anchor:]}")


def first_published(cur: Curriculum):
    published = cur.published_modules()
    if not published:
        pytest.skip("the curriculum publishes no module")
    return published[0]


def test_add_a_session_to_a_module(real_workspace: Workspace, curriculum: Curriculum, tmp_path):
    mod = first_published(curriculum)
    sid = add_session(real_workspace, curriculum, "added-to-module")
    add_to_module(real_workspace, mod.id, sid)
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.module_of(sid).id == mod.id
    assert len(cur.modules[mod.id].sessions) == len(mod.sessions) + 1


def test_add_a_session_outside_any_module(real_workspace, curriculum, tmp_path):
    sid = add_session(real_workspace, curriculum, "added-alone")
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.module_of(sid) is None and len(cur.sessions) == len(curriculum.sessions) + 1


def test_add_a_case_study_and_an_organisation_and_use_them(real_workspace, curriculum, tmp_path):
    ws = real_workspace
    ws.write(
        "data/case-studies.yml",
        ws.read("data/case-studies.yml")
        + "  - id: added-case\n    title: An added case study\n    summary: Added by an editor.\n",
    )
    ws.write(
        "docs/case-studies/added-case.md",
        "---\ncase_study: added-case\n---\n{{ heading() }}\n\n{{ case_study_uses() }}\n",
    )
    ws.write(
        "data/organisations.yml",
        ws.read("data/organisations.yml")
        + "  - id: added-org\n    name: Łódź Added Cluster\n    description: Added by an editor.\n",
    )
    sid = add_session(ws, curriculum, "with-case", presenters="added-org", cases="added-case")
    add_to_module(ws, first_published(curriculum).id, sid)
    cur, _ = checked(ws, tmp_path)
    assert cur.items_with_case_study("added-case") and cur.presented_by("added-org")


def test_rename_an_agenda_item(real_workspace, curriculum, tmp_path):
    sid, session = next(
        (sid, s) for sid, s in curriculum.sessions.items() if any(i.title for i in s.agenda)
    )
    old = next(i.title for i in session.agenda if i.title)
    path = f"data/sessions/{sid}.yml"
    text = real_workspace.read(path)
    real_workspace.write(path, text.replace(f"title: {old}\n", f"title: {old}, renamed\n", 1))
    cur, _ = checked(real_workspace, tmp_path)
    assert f"{old}, renamed" in [i.title for i in cur.sessions[sid].agenda]


def test_move_a_session_to_another_day(real_workspace, curriculum, tmp_path):
    sid, session = next(iter(curriculum.sessions.items()))
    day = free_day(curriculum)
    path = f"data/sessions/{sid}.yml"
    real_workspace.replace(path, f"date: {session.date.isoformat()}", f"date: {day.isoformat()}")
    cur, _ = checked(real_workspace, tmp_path)
    assert cur.sessions[sid].date == day


def test_remove_a_session(real_workspace, curriculum, tmp_path):
    """The recipe: delete its file and its page, and its id where modules and lessons list it."""
    ws = real_workspace
    sid = list(curriculum.sessions)[-1]
    ws.path(f"data/sessions/{sid}.yml").unlink()
    ws.path(f"docs/{curriculum.pages['sessions'][sid]}").unlink()
    for rel in ("data/modules.yml", "data/lessons.yml"):
        text = ws.read(rel).replace(f"      - {sid}\n", "")
        ws.write(
            rel, text.replace(f", {sid}]", "]").replace(f"[{sid}, ", "[").replace(f"[{sid}]", "[]")
        )
    cur, _ = checked(ws, tmp_path)
    assert sid not in cur.sessions


@pytest.mark.pdf
def test_several_edits_at_once_with_the_pdfs(real_workspace, curriculum, tmp_path):
    """The trial of the issue that asked for these tests: a session added to a module, a case
    study added and used, an item renamed; every session is then in the calendars and PDFs."""
    ws = real_workspace
    mod = first_published(curriculum)
    ws.write(
        "data/case-studies.yml",
        ws.read("data/case-studies.yml")
        + "  - id: added-case\n    title: An added case study\n    summary: Added by an editor.\n",
    )
    ws.write(
        "docs/case-studies/added-case.md",
        "---\ncase_study: added-case\n---\n{{ heading() }}\n\n{{ case_study_uses() }}\n",
    )
    sid = add_session(ws, curriculum, "added", cases="added-case")
    add_to_module(ws, mod.id, sid)
    cur, site = checked(ws, tmp_path, PDF_EXPORT="1")
    for key in [m.id for m in cur.published_modules()] + ["handbook"]:
        pdf = read(site / "pdf" / f"{key}.pdf")
        sessions = list(cur.sessions) if key == "handbook" else cur.modules[key].sessions
        for s in sessions:
            title = cur.sessions[s].title
            assert any(bare(b.title) == bare(title) for b in pdf.bookmarks), (key, title)
    for s in cur.sessions:
        assert (site / "calendar" / f"{s}.ics").is_file(), s
    assert sid.encode() in (site / "calendar" / f"{mod.id}.ics").read_bytes()
