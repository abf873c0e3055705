"""The real curriculum's PDFs (`pdf_site`): invariants derived from data/, no literals of today's
content, so that adding, moving or renaming a session, lesson, module or edition keeps them true.
The machinery itself is tested on the fixture: test_pdf.py."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from invariants import pdf_problems
from pdf_reading import Pdf, bare, figures, read, squeeze

pytestmark = pytest.mark.pdf

HANDBOOK = "handbook"


@pytest.fixture(scope="module")
def pdfs(pdf_site: Path, curriculum) -> dict[str, Pdf]:
    keys = [m.id for m in curriculum.published_modules()] + [HANDBOOK]
    return {key: read(pdf_site / "pdf" / f"{key}.pdf") for key in keys}


def assert_has_page(pdf: Pdf, title: str) -> None:
    """`title` heads a page of the PDF: a top-level bookmark that leads to a page starting with
    it, and an entry of the contents."""
    marks = [b for b in pdf.top_bookmarks() if bare(b.title) == bare(title)]
    assert marks, f"{pdf.path.name}: no bookmark {title!r}"
    for mark in marks:
        assert pdf.sheets[mark.page - 1].starts_with(title), (pdf.path.name, title, mark.page)
    contents = " ".join(s.text for s in pdf.contents_sheets())
    assert bare(title) in bare(contents), f"{pdf.path.name}: {title!r} not in the contents"


def test_a_pdf_per_published_module_and_the_handbook(pdf_site: Path, curriculum):
    published = [m.id for m in curriculum.published_modules()]
    assert published, "the curriculum publishes no module"
    written = sorted(p.name for p in (pdf_site / "pdf").iterdir())
    assert written == sorted(f"{key}.pdf" for key in [*published, HANDBOOK])


def test_module_pdfs_hold_their_sessions_and_lessons(pdfs, curriculum):
    for mod in curriculum.published_modules():
        pdf = pdfs[mod.id]
        assert pdf.sheets[pdf.contents[0][1] - 1].starts_with(f"Module {mod.number}: {mod.title}")
        for sid in curriculum.module_sessions(mod.id):
            assert_has_page(pdf, curriculum.sessions[sid].title)
        for lid in curriculum.module_lessons(mod.id):
            assert_has_page(pdf, curriculum.lessons[lid].title)


def test_the_handbook_holds_every_session(pdfs, curriculum):
    """In its own pages (a bookmark and an entry of its contents) or in a module's part (a
    bookmark under the part's)."""
    handbook = pdfs[HANDBOOK]
    for session in curriculum.sessions.values():
        marks = [b for b in handbook.bookmarks if bare(b.title) == bare(session.title)]
        assert marks, f"handbook: no bookmark {session.title!r}"
        for mark in marks:
            assert handbook.sheets[mark.page - 1].starts_with(session.title), session.title


def edition_parts(cover: str, titles: list[str]) -> list[str]:
    """The cover's text from each edition's title to the next's (the last: to the end), the
    titles in this order."""
    starts, at = [], 0
    for title in titles:
        at = cover.index(title, at)
        starts.append(at)
        at += len(title)
    return [cover[a:b] for a, b in zip(starts, [*starts[1:], len(cover)], strict=True)]


def names_day(text: str, day) -> bool:
    return re.search(rf"(?<!\d){day.day} {day:%B}\b", text) is not None


def test_covers_name_the_project_and_the_cofunding(pdfs, curriculum):
    project = curriculum.project
    for key, pdf in pdfs.items():
        cover = bare(pdf.sheets[0].text)
        for line in (project.name, project.full_name, project.cofunding_line):
            assert bare(line) in cover, (key, line)


def test_covers_name_each_edition_with_its_dates(pdfs, curriculum):
    """A module's cover: each edition that held it (oldest first), with the days of its
    sessions there, their year and the edition's mode; the handbook's: every edition, from its
    first to its last day."""
    for key, pdf in pdfs.items():
        cover = squeeze(pdf.sheets[0].text)
        if key == HANDBOOK:
            held = {eid: [e.first_date, e.last_date] for eid, e in curriculum.editions.items()}
        else:
            held = {
                eid: [curriculum.sessions[sid].date for sid in curriculum.module_sessions(key, eid)]
                for eid in curriculum.module_editions(key)
            }
        assert held, key
        editions = [curriculum.editions[eid] for eid in held]
        parts = edition_parts(cover, [squeeze(e.title) for e in editions])
        for edition, days, part in zip(editions, held.values(), parts, strict=True):
            assert all(names_day(part, day) for day in days), (key, edition.title, part)
            assert str(days[-1].year) in part and edition.mode in part, (key, part)


def test_pdfs_print_the_notes_on_the_dates_and_times_they_show(pdf_site: Path, curriculum):
    """Issue 18, on paper: a PDF that shows an edition's dates or times prints its notes."""
    assert pdf_problems(pdf_site, curriculum) == []


def test_contents_page_numbers_lead_to_the_headings(pdfs):
    for key, pdf in pdfs.items():
        assert pdf.contents, key
        for title, number in pdf.contents:
            assert pdf.sheets[number - 1].starts_with(title), (key, title, number)


def test_tagged_with_language_and_title(pdfs, curriculum):
    for key, pdf in pdfs.items():
        with pikepdf.open(pdf.path) as doc:
            assert "/StructTreeRoot" in doc.Root and bool(doc.Root.MarkInfo.Marked), key
            assert str(doc.Root.Lang), key
            assert bool(doc.Root.ViewerPreferences.DisplayDocTitle), key
            title = str(doc.docinfo["/Title"])
            if key != HANDBOOK:
                mod = curriculum.modules[key]
                assert title.startswith(f"Module {mod.number}: {mod.title}"), key
            assert title, key
            assert all(alt.strip() for alt in figures(pdf.path)), f"{key}: a figure without alt"
