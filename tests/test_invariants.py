"""tests/invariants.py itself: it holds on the fixture's site (two modules, grouped navigation),
and it reports, in an editor's words, a site that no longer follows its data: data edited after
the build, a page left stale, a count in the prose that the data contradicts, dates or times
shown without the edition's notes about them."""

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

EDITION = "fixture-2021"
BETWEEN = f"data/editions/{EDITION}/sessions/2021-04-01-between.yml"
OVERVIEW = f"programme/{EDITION}/index.md"
GLANCE = f"programme/{EDITION}/at-a-glance.md"


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
        f"the overview of edition {EDITION} shows session 2021-04-01-between on Thu 1 Apr; "
        f"{BETWEEN} says Friday 2 April 2021"
    ) in problems
    assert any(p.startswith(f"docs/{GLANCE} shows session 2021-04") for p in problems)
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
    assert any(
        p.startswith(f"the overview of edition {EDITION} (docs/{OVERVIEW})") and "-added" in p
        for p in problems
    )
    assert f"docs/{GLANCE} shows session 2021-04-06-added 0 times, not once" in problems
    assert f"{page} is not in the navigation (of its own page)" in problems
    stale = (
        f'docs/{OVERVIEW} says "6 sessions", but the editions have 7; edition {EDITION} has 7 '
        "(sessions)"
    )
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
        'docs/about.md says "Seven sessions", but the editions have 6; edition fixture-2021 has 6 '
        "(sessions)",
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


# ------------------------------------------------------------------ notes on dates and times


def notes_check(site: Path, cur: Curriculum) -> list[str]:
    return site_problems(site, cur, {"notes": CHECKS["notes"]})


def missing(page: str, topic: str, note: str) -> str:
    return (
        f"docs/{page} shows the {topic} of edition {EDITION} without its note '{note}' "
        f"(data/editions/{EDITION}/edition.yml, about: [{topic}])"
    )


def test_a_page_without_its_notes_on_dates_and_times_is_reported(
    site_copy: Path, fixture_cur: Curriculum
):
    """A session page shows its date and times: without the notes, each one is missing."""
    page = "programme/fixture-2021/sessions/2021-03-24-first-topic-1.md"
    path = page_file(site_copy, page)
    html = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    notes = html.select("article .ct-source-note")
    assert notes
    for note in notes:
        note.decompose()
    path.write_text(str(html), encoding="utf-8")
    edition = fixture_cur.editions[EDITION]
    assert notes_check(site_copy, fixture_cur) == [
        *(missing(page, "dates", n.title) for n in edition.notes_about("dates")),
        *(missing(page, "times", n.title) for n in edition.notes_about("times")),
    ]
    assert [n.id for n in edition.notes_about("dates", "times")] == ["year", "timezone"]


def test_dates_written_in_the_text_or_clock_times_need_the_notes(
    site_copy: Path, fixture_cur: Curriculum
):
    """Pages that show no date need no note. A day of the edition written in the text (with or
    without its year) needs the notes about dates; a clock time (a <time> on a session's day),
    those about times. A day outside every edition, or in code, needs none."""
    assert notes_check(site_copy, fixture_cur) == []
    edit_page(
        site_copy,
        "glossary.md",
        "</article>",
        "<p>Not a day of the programme: 24 December; <code>24 March</code>.</p></article>",
    )
    assert notes_check(site_copy, fixture_cur) == []
    edit_page(site_copy, "glossary.md", "</article>", "<p>We met on 24 March.</p></article>")
    edit_page(site_copy, "about.md", "</article>", "<p>On Wed 24 Mar 2021.</p></article>")
    edit_page(
        site_copy,
        "case-studies/index.md",
        "</article>",
        '<p>At <time datetime="2021-03-24T09:30:00+01:00">9:30</time>.</p></article>',
    )
    assert notes_check(site_copy, fixture_cur) == [
        missing("about.md", "dates", "The year is a fixture"),
        missing("case-studies/index.md", "times", "The time zone is a fixture"),
        missing("glossary.md", "dates", "The year is a fixture"),
    ]
