"""Data is text, never markup: the fixture's hostile strings (<script>, &, *, {{ }}, |, <b>)
come out as typed in every place they appear, and nothing of them becomes an element, Markdown
emphasis or a macro. And the inputs editors legitimately produce (Windows line endings, quotes
in a description) build the same pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import SMART_1, E, S, Workspace, content, page_file, soup

HOSTILE = "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"
MODULE = "Smart & <Cities> *with* markup"
ITEM = "An item with <b>markup</b> & a Smart City"
BETA = "Beta <Network> & Co"
SITE = " - SmartCTClusters Training Curriculum"  # after the page's title in <title>


def shown(node) -> str:
    return " ".join(node.get_text().split())


# (page, CSS selector of the element, the text it must show). The selector is searched in the
# whole page: the content, the navigation and the head.
PLACES = [
    # the session's title
    (SMART_1, "article h1", HOSTILE),
    (SMART_1, "head title", f"26 Mar: {HOSTILE}{SITE}"),
    (SMART_1, "nav.md-nav--primary a.md-nav__link--active", f"26 Mar: {HOSTILE}"),
    (E + "index.md", ".ct-overview tbody tr:nth-of-type(3) td:nth-of-type(4) a", HOSTILE),
    (E + "at-a-glance.md", ".ct-glance-m2 a", HOSTILE),
    ("modules/module-smart.md", "ol.ct-session-list li a", HOSTILE),
    ("organisations.md", "#beta ~ ul li a[href*='second-topic-1']", f"26 Mar: {HOSTILE}"),
    # the module's title
    ("modules/module-smart.md", "article h1", f"Module 2: {MODULE}"),
    ("modules/module-smart.md", "head title", f"Module 2: {MODULE}{SITE}"),
    ("modules/index.md", ".ct-modules li a[href*='module-smart']", MODULE),
    (SMART_1, "dl.ct-facts a[href*='module-smart']", f"Module 2: {MODULE}"),
    ("material/lesson-smart.md", ".ct-uses a[href*='module-smart']", f"Module 2: {MODULE}"),
    ("material/index.md", "article h2#lessons-module-smart", f"Module 2: {MODULE}"),
    (E + "at-a-glance.md", ".ct-glance-legend a[href*='smart']", f"Module 2: {MODULE}"),
    ("downloads.md", "ul.ct-pdf-download li:nth-of-type(2) strong", f"Module 2: {MODULE}"),
    # the module's group in the edition's Sessions (Programme tab, 4th entry)
    (SMART_1, "nav.md-nav--primary label.md-nav__link[for^='__nav_3_4_'] .md-ellipsis",
     f"Module 2: {MODULE}"),
    # an agenda item, an organisation, a topic
    (SMART_1, ".ct-agenda .ct-item-title", ITEM),
    (SMART_1, ".ct-agenda td a[href$='#beta']", BETA),
    ("organisations.md", "h2#beta", BETA),
    (E + "index.md", ".ct-overview a[href$='#beta']", BETA),
    (S + "2021-03-24-first-topic-1.md", ".ct-topics li", "Topic one: approach & method"),
    # names in other scripts
    ("organisations.md", "h2#delta", "Delta Łódź Київ"),
    (S + "2021-04-01-between.md", "article h1", "Between the modules, from Łódź to Київ"),
]  # fmt: skip


@pytest.mark.parametrize(("docs_path", "selector", "expected"), PLACES)
def test_hostile_text_is_shown_as_typed(fixture_site: Path, docs_path, selector, expected):
    page = soup(fixture_site, docs_path)
    for link in page.select("a.headerlink"):
        link.decompose()
    found = [shown(el) for el in page.select(selector)]
    assert expected in found, f"{docs_path} {selector}: {found}"


def test_an_agenda_item_of_an_organisation_is_shown_as_typed(fixture_site: Path):
    items = [shown(li) for li in content(fixture_site, "organisations.md").select("#beta ~ ul li")]
    assert any(item.endswith(f": {ITEM}") for item in items), items


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.is_relative_to(site / "assets"))


def test_no_data_becomes_markup_on_any_page(fixture_site: Path):
    problems = []
    for path in pages(fixture_site):
        rel = path.relative_to(fixture_site).as_posix()
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for script in page.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/ld+json":
                if "<" in body:
                    problems.append(f"{rel}: a raw '<' in the JSON-LD")
                json.loads(body)  # still one whole JSON document: nothing closed it early
            elif "alert(" in body:
                problems.append(f"{rel}: data became a <script>")
        for name in ("cities", "network"):
            if page.find(name):
                problems.append(f"{rel}: data became a <{name}> element")
        if any(b.get_text() == "markup" for b in page.find_all("b")):
            problems.append(f"{rel}: data became <b>")
        for tag in page.find_all(["em", "strong"]):
            if tag.get_text() in {"Cities", "with"}:
                problems.append(f"{rel}: Markdown emphasis from data: {tag}")
    assert problems == []


def test_braces_in_data_are_printed_not_rendered(fixture_site: Path):
    """`{{ not_a_macro }}` in a title is text: neither the page's macros nor the templates
    render it (it would be an error, or vanish)."""
    raw = page_file(fixture_site, SMART_1).read_text(encoding="utf-8")
    assert raw.count("{{ not_a_macro }}") >= 5  # h1, title, nav, og and twitter tags, JSON-LD
    assert "{{ not_a_macro }}" in shown(content(fixture_site, E + "index.md"))


def test_a_pipe_in_data_does_not_split_a_table(fixture_site: Path):
    rows = content(fixture_site, E + "index.md").select(".ct-overview tbody tr")
    assert {len(tr.find_all("td")) for tr in rows} == {6}


# ----------------------------------------------------------------------------- accepted input

QUOTED = 'A "quoted" <b>bold</b> & plain description'


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with Windows line endings in every data file and in a page, and a
    description with quotes and markup in a page's front matter."""
    ws = Workspace(tmp_path_factory.mktemp("accepted") / "repo")
    ws.replace(
        "docs/glossary.md", "# Glossary", "---\ndescription: '" + QUOTED + "'\n---\n# Glossary"
    )
    for path in [*sorted(ws.path("data").rglob("*.yml")), ws.path("docs/" + SMART_1)]:
        rel = path.relative_to(ws.root).as_posix()
        ws.write(rel, ws.read(rel).replace("\n", "\r\n"))
    ws.write("docs/glossary.md", ws.read("docs/glossary.md").replace("\n", "\r\n"))
    result = ws.build(ws.root / "site")
    assert result.code == 0, str(result)
    return result.site_dir


def test_windows_line_endings_change_no_page(accepted: Path, fixture_site: Path, fixture_cur):
    for docs_path in [*fixture_cur.pages["sessions"].values(), E + "index.md"]:
        assert str(content(accepted, docs_path)) == str(content(fixture_site, docs_path))


def test_a_description_with_quotes_and_markup_stays_one_attribute(accepted: Path):
    head = soup(accepted, "glossary.md").head
    assert head.find("meta", attrs={"name": "description"})["content"] == QUOTED
    assert head.find("meta", property="og:description")["content"] == QUOTED
    assert head.find("b") is None
    raw = page_file(accepted, "glossary.md").read_text(encoding="utf-8")
    assert "&#34;quoted&#34;" in raw or "&quot;quoted&quot;" in raw
