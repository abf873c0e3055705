"""`make bench`'s tools work (no timing is asserted), on the FIXTURE: editors' edits of the real
curriculum never break these tests.

- tools/synth.py copies the fixture's template module (the published module with the most
  sessions, the first on a tie: module-first) into new modules whose data and pages point at
  their own items, with dates past the programme; the result validates and builds strict; with
  `sessions=N` each copy goes round the template's sessions, every session with its own page;
- tools/bench.py exports that build's rendered Markdown (no macro left) into a plain Material
  project that builds, and its report turns numbers into the table with the targets' verdicts.
"""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE

from macros.loader import load
from tools import bench
from tools.synth import generate


def test_synth_on_the_fixture_builds_and_exports_to_plain_material(tmp_path: Path) -> None:
    project = tmp_path / "synth"
    counts = generate(project, modules=2, content=FIXTURE)
    fixture, cur = load(FIXTURE), load(project)
    template = fixture.modules["module-first"]
    copies = [m for m in cur.modules.values() if m.id.startswith("synth-")]
    assert [m.id for m in copies] == ["synth-001", "synth-002"]
    assert counts["modules"] == len(fixture.pages["modules"]) + 2
    assert counts["total"] == sum(1 for _ in (project / "docs").rglob("*.md"))
    for m in copies:
        assert m.status == "published" and len(m.sessions) == len(template.sessions)
        assert len(cur.module_lessons(m.id)) == len(fixture.module_lessons(template.id))
        # the copy's lessons and case studies are its own, and each has its page
        assert all(cur.lessons[lid].module == m.id for lid in cur.module_lessons(m.id))
        assert all(c.startswith(f"{m.id}-") for c in cur.module_case_studies(m.id))
        assert len(cur.module_pages(m.id)) == len(fixture.module_pages(template.id))
        for sid, old in zip(m.sessions, template.sessions, strict=True):
            moved = cur.sessions[sid].date - fixture.sessions[old].date
            assert moved.days > 0 and moved.days % 7 == 0  # later, on the same weekday
    assert cur.programme.last_date == max(s.date for s in cur.sessions.values())
    # a strict build (with the export hook), then plain Material on its rendered Markdown
    pdf_pages = bench.plain_project(project, tmp_path / "plain")
    module = (tmp_path / "plain" / "docs" / "modules" / "synth-002-module-first.md").read_text()
    assert "{{" not in module and 'href="../../programme/sessions/synth-002-' in module
    assert "downloads.md" not in pdf_pages and "modules/synth-001-module-first.md" in pdf_pages
    conf = (tmp_path / "plain" / bench.PLAIN).read_text(encoding="utf-8")
    assert "macros" not in conf and "custom_dir" not in conf and "hooks" not in conf
    wall, rss = bench.build(tmp_path / "plain", tmp_path / "plain-site", config=bench.PLAIN)
    assert wall > 0 and rss > 0
    assert (tmp_path / "plain-site" / "modules" / "synth-001-module-first" / "index.html").is_file()


def test_synth_sessions_per_copy_go_round_the_template(tmp_path: Path) -> None:
    """`sessions=5` from a template of 2: three rounds, each session with its own id, page and
    date, in date order, within the programme (load() checks that every session has a page)."""
    generate(tmp_path / "synth", modules=1, content=FIXTURE, sessions=5)
    cur = load(tmp_path / "synth")
    copy = cur.modules["synth-001"]
    assert len(copy.sessions) == len(set(copy.sessions)) == 5
    dates = [cur.sessions[sid].date for sid in copy.sessions]
    assert dates == sorted(set(dates)) and dates[-1] <= cur.programme.last_date
    assert all(sid in cur.pages["sessions"] for sid in copy.sessions)


def test_report_table_from_numbers() -> None:
    res = {
        "serve": {
            "ours": [1.2, 1.3, 1.25],
            "plain": [1.0, 1.0, 1.1],
            "ours_rebuild": [1.0],
            "plain_rebuild": [0.8],
        },
        "real": {"pages": 27, "ours": [2.0, 2.2], "plain": [1.0, 1.1]},
        "synth": {
            "ref": 50,
            "sizes": {
                10: {"pages": 100, "ours": [2.0], "rss": [100_000]},
                50: {"pages": 500, "ours": [7.0], "rss": [150_000]},
                100: {"pages": 1000, "ours": [13.0], "rss": [200_000]},
            },
            "plain": [5.0],
        },
        "synth_pdf": {"modules": 50, "pages": 500, "build": 300, "rss": 3 * 2**20},
    }
    res["synth_pdf"] |= {"pdfs": 51, "bytes": 2**20}
    table = bench.report(res, bench.machine(3))
    assert "| 1 | `mkdocs serve`" in table
    assert "| 1.25 s (1.20–1.30) | 1.00 s (1.00–1.10) |" in table
    assert "| 1.20× | ≤ 1.6× | met |" in table  # paired: median of 1.2, 1.3, 1.14
    assert "| 2 | `mkdocs build` without PDFs, real site (27 pages) |" in table
    assert "| 2.00× | ≤ 1.6× | **missed** (+25%) |" in table  # 2.1 / 1.05
    assert "| 1.40× | ≤ 1.5× | met |" in table  # 50 modules: 7 / 5
    assert "| 0.65× | ≤ 1.2× | met |" in table  # 13 ms a page at 100, 20 at 10
    assert "| 3072 MiB | | | ≤ 2048 MiB | **missed** (+50%) |" in table
    assert "of which PDFs about 293 s" in table
