"""The real site, built once: every page exists, agendas show the times of data/, the programme
overview and the cross-reference lists match the data, glossary terms carry hover definitions.

Expected values are computed here from the data (not through the macros under test), and a few
facts are pinned to the source document itself.
"""

from __future__ import annotations

import re

import pytest
from conftest import content, page_file, text

from macros.curriculum import Curriculum

# Facts of the source (Annex I), independent of data/: the six session dates in order.
SOURCE_DATES = ["2020-11-27", "2020-12-01", "2020-12-04", "2020-12-10", "2020-12-14", "2020-12-18"]
MODULE_4_DATES = ["2020-12-01", "2020-12-04", "2020-12-10"]

STATIC_PAGES = [
    "index.md",
    "about.md",
    "programme/index.md",
    "modules/index.md",
    "modules/module-4.md",
    "material/index.md",
    "case-studies/index.md",
    "organisations.md",
    "glossary.md",
]


def clock(t) -> str:
    return f"{t.hour}:{t.minute:02d}"


def test_data_matches_source_shape(curriculum: Curriculum):
    assert [s.date.isoformat() for s in curriculum.sessions.values()] == SOURCE_DATES
    assert len(curriculum.lessons) >= 5
    assert {"ict-cluster", "textiles-fashion", "mezcal-cluster", "project-examples"} <= set(
        curriculum.case_studies
    )


@pytest.mark.parametrize("docs_path", STATIC_PAGES)
def test_static_page_is_built(site, docs_path):
    article = content(site, docs_path)
    assert article.find("h1") is not None, f"{docs_path} has no title"
    assert len(text(article)) > 200, f"{docs_path} is nearly empty"


def test_every_data_page_is_built(site, curriculum: Curriculum):
    assert len(curriculum.pages["sessions"]) == 6
    assert len(curriculum.pages["lessons"]) >= 5
    assert len(curriculum.pages["case_studies"]) == 4
    assert curriculum.pages["modules"] == {"module-4": "modules/module-4.md"}
    for kind, pages in curriculum.pages.items():
        for item_id, docs_path in pages.items():
            assert page_file(site, docs_path).is_file(), f"{kind} {item_id}: {docs_path}"


def test_headings_come_from_data(site, curriculum: Curriculum):
    for sid, docs_path in curriculum.pages["sessions"].items():
        assert text(content(site, docs_path).find("h1")) == curriculum.sessions[sid].title
    for lid, docs_path in curriculum.pages["lessons"].items():
        assert text(content(site, docs_path).find("h1")) == curriculum.lessons[lid].title
    for cid, docs_path in curriculum.pages["case_studies"].items():
        assert text(content(site, docs_path).find("h1")) == curriculum.case_studies[cid].title


@pytest.mark.parametrize("index", range(6))
def test_agenda_shows_the_times_of_the_data(site, curriculum: Curriculum, index: int):
    sid, session = list(curriculum.sessions.items())[index]
    table = content(site, curriculum.pages["sessions"][sid]).select_one(f"#agenda-{sid} table")
    assert table is not None, f"{sid}: no agenda table"
    rows = table.select("tbody tr")
    assert len(rows) == len(session.agenda)
    offset = "+01:00"  # Europe/Rome in winter: the agenda's machine-readable times carry it
    for i, (row, item) in enumerate(zip(rows, session.agenda, strict=True)):
        end = session.item_end(i)
        times = row.find("td").find_all("time")
        shown = [t.get_text() for t in times]
        expected = [clock(item.start)] + ([clock(end)] if end else [])
        assert shown == expected, f"{sid} item {i}: {shown} != {expected}"
        stamps = [t["datetime"] for t in times]
        wanted = [f"{session.date.isoformat()}T{t}:00{offset}" for t in expected]
        assert [s.replace("T0", "T") for s in stamps] == [w.replace("T0", "T") for w in wanted]
        cell = " ".join(row.find_all("td")[1].get_text().split())  # inline <abbr> stays inline
        assert item.label.replace(" | ", " ") in cell or all(t in cell for t in item.topics)


def test_agenda_facts_pinned_to_the_source(site, curriculum: Curriculum):
    """A few rows read straight from Annex I, so a wrong data file cannot pass unnoticed."""
    page = content(site, curriculum.pages["sessions"]["2020-12-10-knowledge-exchange"])
    rows = {text(r.find_all("td")[1]): text(r.find("td")) for r in page.select("tbody tr")}
    assert rows["ESCA labelling process"] == "9:40 – 10:10"
    assert rows["Coffee break"] == "11:40 – 12:00"
    assert rows["Wrap up and next session information"] == "13:15 – 13:30"
    assert rows["Welcome and introduction of the session"] == "9:30 – 9:40 (10 min)"


def test_programme_overview_lists_sessions_in_date_order(site, curriculum: Curriculum):
    table = content(site, "programme/index.md").select_one(".ct-overview table")
    rows = table.select("tbody tr")
    dates = [r.find("time")["datetime"] for r in rows]
    assert dates == SOURCE_DATES
    titles = [text(r.find_all("td")[3].find("a")) for r in rows]
    assert titles == [s.title for s in curriculum.sessions.values()]
    for row, session in zip(rows, curriculum.sessions.values(), strict=True):
        times = [t.get_text() for t in row.find_all("td")[2].find_all("time")]
        assert times == [clock(session.start), clock(session.end)]


def test_module_4_lists_its_three_sessions(site, curriculum: Curriculum):
    article = content(site, "modules/module-4.md")
    items = article.select("ol.ct-session-list > li")
    assert [li.find("time")["datetime"] for li in items] == MODULE_4_DATES
    expected = [curriculum.sessions[sid].title for sid in curriculum.modules["module-4"].sessions]
    assert [text(li.find("a")) for li in items] == expected


def test_modules_index_shows_all_four(site, curriculum: Curriculum):
    article = text(content(site, "modules/index.md"))
    for module in curriculum.modules.values():
        assert module.title in article
    assert article.count("Not yet published") == 3


def _section(article, heading_id: str) -> list:
    """The elements after <h2 id=...> up to the next <h2>."""
    out = []
    node = article.find("h2", id=heading_id)
    assert node is not None, heading_id
    for sib in node.find_next_siblings():
        if sib.name == "h2":
            break
        out.append(sib)
    return out


def test_organisations_list_exactly_what_each_presents(site, curriculum: Curriculum):
    article = content(site, "organisations.md")
    for oid in curriculum.organisations:
        expected = [
            (s.date.day, item.label, clock(item.start))
            for s in curriculum.sessions.values()
            for item in s.agenda
            if oid in item.presenters
        ]
        section = _section(article, oid)
        listed = []
        for i, el in enumerate(section):
            if el.name == "p" and text(el) == "Presents in the agenda:":
                listed = [text(li) for li in section[i + 1].find_all("li")]
        assert len(listed) == len(expected), f"{oid}: {listed}"
        for line, (day, label, start) in zip(listed, expected, strict=True):
            assert line.startswith(f"{day} "), line
            assert label in line and f"{start} –" in line, line
    # anchored to the source: EUCLES and SPRI present one item each at the 10 Dec session
    eucles = text(_section(article, "eucles")[-1])
    assert "ESCA labelling process" in eucles and "10 Dec" in eucles


def test_case_study_pages_list_where_they_are_used(site, curriculum: Curriculum):
    for cid, docs_path in curriculum.pages["case_studies"].items():
        box = content(site, docs_path).select_one(".ct-uses")
        assert box is not None, cid
        items = [
            (s.title, item.label)
            for s in curriculum.sessions.values()
            for item in s.agenda
            if cid in item.case_studies
        ]
        lessons = [lsn.title for lsn in curriculum.lessons.values() if cid in lsn.case_studies]
        lists = box.find_all("ul")
        labels = {text(p) for p in box.find_all("p")}
        agenda_lines = [text(li) for li in lists[0].find_all("li")] if items else []
        assert ("In the agenda:" in labels) == bool(items), cid
        assert len(agenda_lines) == len(items), cid
        for line, (title, label) in zip(agenda_lines, items, strict=True):
            assert title in line and label in line, line
        lesson_list = lists[-1] if lessons else None
        shown = [text(a) for a in lesson_list.find_all("a")] if lesson_list else []
        assert shown == lessons, cid
    # anchored to the source: the ICT cluster case is part of the 1 December session
    ict = content(site, curriculum.pages["case_studies"]["ict-cluster"]).select_one(".ct-uses")
    assert "1 Dec" in text(ict)


def _prose(markdown: str) -> str:
    """The Markdown text a reader sees: no front matter, code fences, macros or HTML tags."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    markdown = re.sub(r"^(```|~~~).*?^\1", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", markdown, flags=re.S)
    markdown = re.sub(r"`[^`]*`", "", markdown)
    return re.sub(r"<[^>]+>", "", markdown)


def test_glossary_terms_have_hover_definitions_on_pages(site, curriculum: Curriculum):
    docs = curriculum.root / "docs"
    glossary_page = text(content(site, "glossary.md"))
    used = 0
    for term in curriculum.terms:
        assert term.term in glossary_page
        title = term.expansion or term.definition
        pattern = re.compile(rf"(?<![\w-]){re.escape(term.term)}(?![\w-])")
        for md in sorted(docs.rglob("*.md")):
            docs_path = md.relative_to(docs).as_posix()
            if docs_path == "glossary.md" or not pattern.search(_prose(md.read_text("utf-8"))):
                continue
            abbrs = content(site, docs_path).find_all("abbr", string=term.term)
            assert any(a.get("title") == title for a in abbrs), f"{term.term} in {docs_path}"
            used += 1
    assert used >= 5, "the pages use glossary terms, so some hover definitions must exist"


def test_glossary_terms_in_agendas_have_hover_definitions(site, curriculum: Curriculum):
    """The agenda tables are HTML written by the macros, which the Markdown abbr extension does
    not reach: their data text gets the same <abbr title> from the templates' `abbr` filter."""
    found = 0
    for sid, s in curriculum.sessions.items():
        table = content(site, curriculum.pages["sessions"][sid]).find(id=f"agenda-{sid}")
        for item in s.agenda:
            for piece in [item.title or "", *item.topics, item.note or ""]:
                for term in curriculum.terms:
                    if re.search(rf"\b{re.escape(term.term)}\b", piece):
                        hover = term.expansion or term.definition
                        abbrs = table.find_all("abbr", string=term.term)
                        assert any(a["title"] == hover for a in abbrs), f"{term.term} in {sid}"
                        found += 1
    assert found >= 4  # ICT, ESCA, RIS3 and CRM appear in the agendas
