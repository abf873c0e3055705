"""`make bench`'s tools work (functional checks only: no timings are asserted).

- tools/synth.py generates a curriculum from the real data's shape that validates and builds
  strictly, with every generated item on its own page and the programme dates widened;
- tools/bench.py exports the rendered Markdown (no macro left) into a plain Material project
  that builds, and its report prints a table.
"""

from __future__ import annotations

from pathlib import Path

from conftest import MKDOCS, build_env

from macros.loader import load
from tools import bench
from tools.synth import generate


def test_synthetic_curriculum_validates_and_builds(tmp_path: Path) -> None:
    project = tmp_path / "synth"
    counts = generate(project, modules=3, sessions=8)
    assert counts["sessions"] == 24 and counts["modules"] == 3
    cur = load(project)
    generated = [m for m in cur.modules.values() if m.id.startswith("synth-")]
    assert len(generated) == 3
    assert all(len(m.sessions) == 8 and m.status == "published" for m in generated)
    assert all(len(cur.module_lessons(m.id)) == 5 for m in generated)
    for m in generated:  # the module's items point at its own copies
        for lid in cur.module_lessons(m.id):
            assert all(s in m.sessions for s in cur.lessons[lid].sessions)
            assert all(c.startswith(m.id) for c in cur.lessons[lid].case_studies)
    assert max(s.date for s in cur.sessions.values()) == cur.programme.last_date
    assert cur.pages["sessions"]["synth-002-session-8"].startswith("programme/sessions/")
    wall, rss = bench.run(
        [str(MKDOCS), "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        project,
        {**build_env(), "PDF_EXPORT": "0"},
    )
    assert wall > 0 and rss > 0
    assert (tmp_path / "site" / "modules" / "synth-003" / "index.html").is_file()


def test_plain_material_project_of_the_rendered_markdown(tmp_path: Path) -> None:
    project = bench.copy_project(tmp_path / "project")
    plain, pdf_pages = bench.plain_project(project, tmp_path)
    session = plain / "docs" / "programme" / "sessions" / "2020-12-01-cluster-strategy-1.md"
    text = session.read_text(encoding="utf-8")
    assert "{{" not in text and "<table" in text  # the macros ran: the agenda is there
    assert "downloads.md" not in pdf_pages and "index.md" in pdf_pages
    conf = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "macros" not in conf and "custom_dir" not in conf
    bench.mkdocs_build(plain, tmp_path / "plain-site", pdf=False, strict=False)
    assert (tmp_path / "plain-site" / "programme" / "at-a-glance" / "index.html").is_file()
    # the floor: the same pages with mkdocs-macros loaded as it comes, rendering nothing
    floor = tmp_path / "floor-site"
    bench.mkdocs_build(plain, floor, pdf=False, config=bench.MACROS_FLOOR, strict=False)
    page = "programme/sessions/2020-12-01-cluster-strategy-1/index.html"
    assert (floor / page).read_bytes() == (tmp_path / "plain-site" / page).read_bytes()
    table = bench.report(
        {
            "build_nopdf": [2.0, 2.2],
            "build_nopdf_warm": [1.55, 1.6],
            "plain": [1.0, 1.1],
            "plain_macros": [1.1, 1.2],
            "real_pages": 27,
        },
        bench.machine(),
        2,
    )
    assert "| 1. build without PDFs (27 pages)" in table and "cold" in table and "2.00×" in table
    assert "| 1. the same, warm" in table and "1.50×" in table  # 1.575 / 1.05
    assert "| 1. floor: the plain build with mkdocs-macros" in table and "1.10×" in table
