"""tests/invariants.py itself: it holds on the fixture's site (two modules, grouped navigation),
and it reports, in an editor's words, a site that no longer follows its data: data edited after
the build, a page left stale, a count in the prose that the data contradicts."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Workspace, page_file
from invariants import CHECKS, site_problems

from macros.curriculum import Curriculum

BETWEEN = "data/editions/fixture-2021/sessions/2021-04-01-between.yml"


@pytest.mark.parametrize("check", CHECKS)
def test_the_fixture_site_agrees_with_its_data(
    fixture_site: Path, fixture_cur: Curriculum, check: str
):
    assert site_problems(fixture_site, fixture_cur, {check: CHECKS[check]}) == []


@pytest.fixture
def site_copy(fixture_site: Path, tmp_path: Path) -> Path:
    """A copy of the fixture's site, to make stale by hand."""
    return shutil.copytree(fixture_site, tmp_path / "site")


def edit_page(site: Path, docs_path: str, old: str, new: str) -> None:
    path = page_file(site, docs_path)
    html = path.read_text(encoding="utf-8")
    assert html.count(old) >= 1, f"{docs_path}: {old!r} not found"
    path.write_text(html.replace(old, new, 1), encoding="utf-8")


def test_data_moved_after_the_build_is_reported(fixture_site: Path, workspace: Workspace):
    workspace.replace(BETWEEN, "date: 2021-04-01", "date: 2021-04-02")
    workspace.replace(BETWEEN, "end: 12:00\ntitle", "end: 12:30\ntitle")
    problems = site_problems(fixture_site, workspace.load())
    page = "docs/programme/fixture-2021/sessions/2021-04-01-between.md"
    assert f"{page} does not show the date of {BETWEEN}: Friday 2 April 2021" in problems
    assert f"{page} shows the time 10:00–12:00; {BETWEEN} says 10:00–12:30" in problems
    assert (
        f"the programme overview shows session 2021-04-01-between on Thu 1 Apr; {BETWEEN} "
        "says Friday 2 April 2021"
    ) in problems
    assert any(
        p.startswith("docs/programme/at-a-glance.md shows session 2021-04") for p in problems
    )
    assert len(problems) == 4, problems


def test_a_session_added_after_the_build_is_reported(fixture_site: Path, workspace: Workspace):
    workspace.write(
        "data/editions/fixture-2021/sessions/2021-04-06-added.yml",
        workspace.read(BETWEEN).replace("2021-04-01", "2021-04-06"),
    )
    workspace.write(
        "docs/programme/fixture-2021/sessions/2021-04-06-added.md",
        workspace.read("docs/programme/fixture-2021/sessions/2021-04-01-between.md").replace(
            "2021-04-01-between", "2021-04-06-added"
        ),
    )
    problems = site_problems(fixture_site, workspace.load())
    page = "docs/programme/fixture-2021/sessions/2021-04-06-added.md"
    assert f"session '2021-04-06-added': its page {page} was not built" in problems
    assert any("the programme overview" in p and "2021-04-06-added" in p for p in problems)
    assert (
        "docs/programme/at-a-glance.md shows session 2021-04-06-added 0 times, not once" in problems
    )
    assert f"{page} is not in the navigation (of its own page)" in problems
    stale = 'docs/programme/index.md says "6 sessions", but the programme has 7 (sessions)'
    assert stale in problems


def test_stale_counts_in_the_prose_are_reported(site_copy: Path, fixture_cur: Curriculum):
    edit_page(
        site_copy,
        "about.md",
        "</article>",
        "<p>Seven sessions in 2 thematic modules, three lessons, 3 case studies.</p></article>",
    )
    edit_page(
        site_copy,
        "modules/module-first.md",
        "</article>",
        "<p>The module's two sessions, of the programme's six sessions; "
        "its five lessons.</p></article>",
    )
    problems = site_problems(site_copy, fixture_cur, {"counts": CHECKS["counts"]})
    assert problems == [
        'docs/about.md says "Seven sessions", but the programme has 6 (sessions)',
        'docs/modules/module-first.md says "five lessons", but data/lessons.yml has 3; '
        "Module 1 has 2 (lessons)",
    ]


def test_numbers_that_are_not_counts_are_left_alone(site_copy: Path, fixture_cur: Curriculum):
    edit_page(
        site_copy,
        "about.md",
        "</article>",
        "<p>The Module 4 sessions, the 2021 sessions, module-9 lessons and "
        "<code>9 sessions</code> count nothing.</p></article>",
    )
    assert site_problems(site_copy, fixture_cur, {"counts": CHECKS["counts"]}) == []


def test_a_lost_agenda_row_is_reported(site_copy: Path, fixture_cur: Curriculum):
    path = page_file(site_copy, "programme/fixture-2021/sessions/2021-04-01-between.md")
    html = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'<tr class="ct-kind-roundtable">.*?</tr>', "", html, flags=re.S))
    assert site_problems(site_copy, fixture_cur, {"sessions": CHECKS["sessions"]}) == [
        "docs/programme/fixture-2021/sessions/2021-04-01-between.md shows 1 agenda rows; "
        f"{BETWEEN} has 2 agenda items"
    ]


def test_a_page_twice_in_the_navigation_is_reported(site_copy: Path, fixture_cur: Curriculum):
    path = page_file(site_copy, "programme/fixture-2021/sessions/2021-03-22-opening.md")
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    nav = page.select_one("nav.md-nav--primary")
    entry = nav.find("a", href="../2021-04-01-between/").find_parent("li")
    entry.insert_after(copy.copy(entry))
    path.write_text(str(page), encoding="utf-8")
    assert site_problems(site_copy, fixture_cur, {"navigation": CHECKS["navigation"]}) == [
        "the navigation of docs/programme/fixture-2021/sessions/2021-03-22-opening.md lists "
        "docs/programme/fixture-2021/sessions/2021-04-01-between.md 2 times"
    ]


def test_counts_in_the_names_the_data_gives_are_not_statements(workspace: Workspace):
    """A session may be called "Wrap-up of the 3 modules": its name is shown on many pages
    but says nothing of the curriculum's size. A summary is prose, and is checked."""
    title = "title: Between the modules, from Łódź to Київ"
    workspace.replace(BETWEEN, title, "title: Wrap-up of the 3 modules")
    summary = "summary: Second lesson of the first module."
    workspace.replace("data/lessons.yml", summary, "summary: Second of four lessons.")
    result = workspace.build()
    assert result.code == 0, str(result)
    assert site_problems(result.site_dir, workspace.load()) == [
        'docs/material/index.md says "four lessons", but data/lessons.yml has 3 (lessons)',
        'docs/modules/module-first.md says "four lessons", but data/lessons.yml has 3; '
        "Module 1 has 2 (lessons)",
    ]
