"""`make bench`'s tools work (no timing is asserted), on the FIXTURE: editors' edits of the real
curriculum never break these tests.

- tools/synth.py copies the fixture's template module (the published module with the most
  sessions, the first on a tie: module-first) into new modules whose data and pages point at
  their own items, delivered across new editions: each edition its own folder of data (its
  edition.yml with its own dates and time zone, its sessions) and of pages (overview, at a
  glance, its sessions'), after the fixture's edition; the result validates and builds strict;
  with `sessions=N` each copy goes round the template's sessions, every session with its page;
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
    """3 modules over 2 editions: 1 + 2, each edition after the last, in its own zone."""
    project = tmp_path / "synth"
    counts = generate(project, modules=3, content=FIXTURE, editions=2)
    fixture, cur = load(FIXTURE), load(project)
    template = "module-first"
    old_sessions = fixture.module_sessions(template)
    copies = [m for m in cur.modules.values() if m.id.startswith("synth-")]
    assert [m.id for m in copies] == ["synth-001", "synth-002", "synth-003"]
    assert counts["modules"] == len(fixture.pages["modules"]) + 3
    assert counts["editions"] == len(fixture.editions) + 2
    assert counts["total"] == sum(1 for _ in (project / "docs").rglob("*.md"))
    new = [eid for eid in cur.editions if eid not in fixture.editions]
    assert new == ["synth-edition-01", "synth-edition-02"]  # in date order
    assert [cur.editions[e].timezone for e in new] == ["Europe/Rome", "Europe/Dublin"]
    held = {m.id: cur.module_editions(m.id) for m in copies}
    assert held == {"synth-001": new[:1], "synth-002": new[1:], "synth-003": new[1:]}
    previous = max(e.last_date for e in fixture.editions.values())
    for eid in new:
        edition, sessions = cur.editions[eid], cur.edition_sessions(eid)
        assert (project / "data" / "editions" / eid / "edition.yml").is_file()
        assert cur.pages["editions"][eid] == f"programme/{eid}/index.md"
        assert (project / "docs" / "programme" / eid / "at-a-glance.md").is_file()
        assert edition.first_date > previous  # editions follow each other
        dates = [cur.sessions[sid].date for sid in sessions]
        assert (edition.first_date, edition.last_date) == (min(dates), max(dates))
        assert set(edition.module_labels) == {m for m, e in held.items() if e == [eid]}
        assert all(
            cur.pages["sessions"][s].startswith(f"programme/{eid}/sessions/") for s in sessions
        )
        previous = edition.last_date
    for m in copies:
        assert m.status == "published"
        assert len(cur.module_sessions(m.id)) == len(old_sessions)
        assert len(cur.module_lessons(m.id)) == len(fixture.module_lessons(template))
        # the copy's lessons and case studies are its own, and each has its page
        assert all(cur.lessons[lid].module == m.id for lid in cur.module_lessons(m.id))
        assert all(c.startswith(f"{m.id}-") for c in cur.module_case_studies(m.id))
        assert len(cur.module_pages(m.id)) == len(fixture.module_pages(template))
        for sid, old in zip(cur.module_sessions(m.id), old_sessions, strict=True):
            moved = cur.sessions[sid].date - fixture.sessions[old].date
            assert moved.days > 0 and moved.days % 7 == 0  # later, on the same weekday
    # a strict build (with the export hook), then plain Material on its rendered Markdown
    pdf_pages = bench.plain_project(project, tmp_path / "plain")
    docs = tmp_path / "plain" / "docs"
    module = (docs / "modules" / "synth-002-module-first.md").read_text()
    assert (
        "{{" not in module
        and 'href="../../programme/synth-edition-02/sessions/synth-002-' in module
    )
    overview = (docs / "programme" / "synth-edition-02" / "index.md").read_text()
    assert "{{" not in overview and "synth-002-2021-" in overview
    assert "downloads.md" not in pdf_pages and "modules/synth-001-module-first.md" in pdf_pages
    conf = (tmp_path / "plain" / bench.PLAIN).read_text(encoding="utf-8")
    assert "macros" not in conf and "custom_dir" not in conf and "hooks" not in conf
    built = bench.build(tmp_path / "plain", tmp_path / "plain-site", config=bench.PLAIN)
    assert built.wall > 0 and built.rss >= built.largest > 0 and built.cpu > 0
    assert (tmp_path / "plain-site" / "modules" / "synth-001-module-first" / "index.html").is_file()


def test_synth_sessions_per_copy_go_round_the_template(tmp_path: Path) -> None:
    """`sessions=5` from a template of 2: three rounds, each session with its own id, page and
    date, in date order, within its edition (load() checks that every session has a page and
    lies within its edition's dates); one module makes one edition by default."""
    counts = generate(tmp_path / "synth", modules=1, content=FIXTURE, sessions=5)
    cur = load(tmp_path / "synth")
    assert counts["editions"] == len(load(FIXTURE).editions) + 1
    sessions = cur.module_sessions("synth-001")
    assert len(sessions) == len(set(sessions)) == 5
    assert cur.module_editions("synth-001") == ["synth-edition-01"]
    dates = [cur.sessions[sid].date for sid in sessions]
    assert dates == sorted(set(dates))
    assert all(sid in cur.pages["sessions"] for sid in sessions)


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
                10: {"pages": 100, "editions": 2, "ours": [2.0], "rss": [100_000]},
                50: {"pages": 500, "editions": 10, "ours": [7.0], "rss": [150_000]},
                100: {"pages": 1000, "editions": 20, "ours": [13.0], "rss": [200_000]},
            },
            "plain": [5.0],
        },
        "pdf": {
            "ours": [6.0],
            "ref": [5.0],
            "cpu": [9.0],
            "ref_cpu": [5.0],
            "renders": [4.0],
            "rss": [200_000],
            "pages": 25,
            "layouts": 25,
            "documents": 2,
            "pdf_pages": 80,
            "ref_pdf_pages": 70,
            "sizes": {},
        },
        "synth_pdf": {"modules": 50, "editions": 10, "pages": 500, "build": 300},
    }
    res["synth_pdf"] |= {"rss": 3 * 2**20, "largest": 2**20, "cpu": 500, "pdfs": 51, "bytes": 2**20}
    table = bench.report(res, bench.machine(3))
    assert "| 1 | `mkdocs serve`" in table
    assert "| 1.25 s (1.20–1.30) | 1.00 s (1.00–1.10) |" in table
    assert "| 1.20× | ≤ 1.6× | met |" in table  # paired: median of 1.2, 1.3, 1.14
    assert "| 2 | `mkdocs build` without PDFs, real site (27 pages) |" in table
    assert "| 2.00× | ≤ 1.6× | **missed** (+25%) |" in table  # 2.1 / 1.05
    assert "synthetic 50 modules in 10 editions (500 pages)" in table
    assert "| 1.40× | ≤ 1.5× | met |" in table  # 50 modules: 7 / 5
    assert "| 0.65× | ≤ 1.2× | met |" in table  # 13 ms a page at 100, 20 at 10
    assert "ours lays out 25 in 2 documents" in table and "80 PDF pages, the reference 70" in table
    assert "| 1.20× | ≤ 1.3× | met |" in table  # 6 / 5
    assert "| 9.00 s | 5.00 s | 1.80× |" in table  # CPU time, no target
    assert "| 3072 MiB | | | ≤ 2048 MiB | **missed** (+50%) |" in table
    assert "| the largest single process of that build; its CPU time 500 s | 1024 MiB |" in table
    assert "of which PDFs about 293 s" in table
