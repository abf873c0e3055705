"""The real site (data/, docs/), built once without PDFs: it agrees with its data, whatever the
data says (tests/invariants.py), its links resolve, and every page has a title and a
description. Nothing here names today's sessions, dates or titles: an editor's edit of data/
keeps these tests green as long as the site follows it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup
from invariants import CHECKS, built_file, site_problems

from macros.curriculum import Curriculum
from macros.schedule.urls import OFFLINE_ZIP

# Written after `mkdocs build` (make site) or only with PDF_EXPORT=1: links to them are fine.
MADE_LATER = re.compile(rf"^(?:{re.escape(OFFLINE_ZIP)}|pdf/.*\.pdf)$")
LINKING = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


@pytest.mark.parametrize("check", CHECKS)
def test_the_site_agrees_with_its_data(site: Path, curriculum: Curriculum, check: str):
    assert site_problems(site, curriculum, {check: CHECKS[check]}) == []


def test_the_site_builds_strictly(site: Path):
    """The `site` fixture builds with `mkdocs build --strict` and asserts it succeeded: a
    warning (a broken link in Markdown, a page missing from the nav) fails it."""
    assert (site / "index.html").is_file()
    assert (site / "404.html").is_file()


# ----------------------------------------------------------------------------- links


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in site_dir.rglob("*.html")
        if not p.relative_to(site_dir).as_posix().startswith(("assets/", "search/"))
    )


def links_and_ids(path: Path) -> tuple[list[tuple[str, str]], set[str]]:
    """(tag, URL) of what a page links to, and the ids (and <a name>) it defines."""
    doc = lxml.html.fromstring(path.read_bytes())
    links = [
        (el.tag, str(el.get(attr)))
        for el in doc.iter(*LINKING)
        if (attr := LINKING[el.tag]) and el.get(attr) is not None
    ]
    return links, {str(i) for i in doc.xpath("//@id | //a/@name")}


def resolve(site_dir: Path, page: Path, url: str, site_url: str) -> tuple[Path, str] | None:
    """(file, #fragment) a URL on a page points at inside the site; None when external."""
    prefix = urlsplit(site_url).path
    if url.startswith(site_url):
        url = prefix + url.removeprefix(site_url)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        dest = site_dir / path.removeprefix(prefix)
    else:
        dest = page.parent / path if path else page
    dest = dest.resolve()
    return (dest / "index.html" if dest.is_dir() else dest), unquote(parts.fragment)


def broken_links(site_dir: Path) -> list[str]:
    """Every link, stylesheet, script and image of every page that points inside the site
    (relative, path-absolute or under site_url) at a file or #id that does not exist."""
    site_dir = site_dir.resolve()
    pages = {page: links_and_ids(page) for page in html_pages(site_dir)}
    home = lxml.html.fromstring((site_dir / "index.html").read_bytes())
    site_url = home.xpath("//link[@rel='canonical']/@href")[0]  # the home page's: site_url
    problems = []
    for page, (links, _) in pages.items():
        rel = page.relative_to(site_dir).as_posix()
        for tag, url in links:
            found = resolve(site_dir, page, url, site_url)
            if found is None:
                continue
            dest, fragment = found
            target = dest.relative_to(site_dir).as_posix()
            if not dest.is_file():
                if not MADE_LATER.match(target):
                    problems.append(f"{rel}: <{tag} {LINKING[tag]}={url!r}>: no file {target}")
            elif fragment and dest in pages and fragment not in pages[dest][1]:
                problems.append(f"{rel}: {url!r}: {target} has no id {fragment!r}")
    return problems


@pytest.mark.parametrize("which", ["site", "fixture_site"])
def test_every_internal_link_and_anchor_resolves(request: pytest.FixtureRequest, which: str):
    site_dir = request.getfixturevalue(which)
    assert broken_links(site_dir) == []


# ----------------------------------------------------------------------------- titles


@pytest.mark.parametrize("which", ["site", "fixture_site"])
def test_no_page_shows_a_macro_unrendered(request: pytest.FixtureRequest, which: str):
    """Navigation, footer links and titles come from the pages' sources before their macros
    run: a title written as a macro (`# {{ edition.title }}`) must get its text elsewhere.
    (The fixture's hostile data text "{{ not_a_macro }}" is shown as written, on purpose.)"""
    site_dir = request.getfixturevalue(which)
    problems = []
    for path in sorted(site_dir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for code in page.select("code, pre, script"):
            code.decompose()  # the editors' guide shows macros as examples
        text = " ".join(page.get_text(" ").split()) + " " + (page.title or page).get_text()
        text = text.replace("{{ not_a_macro }}", "")
        if found := re.search(r"\{\{.{0,40}|\{%.{0,40}", text):
            problems.append(f"{path.relative_to(site_dir)}: {found.group(0)}")
    assert problems == []


def test_every_page_has_a_title_and_a_description_of_its_own(site: Path, curriculum: Curriculum):
    docs = curriculum.root / "docs"
    default = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "lxml")
    site_wide = default.find("meta", attrs={"name": "description"})["content"]
    problems = []
    for md in sorted(docs.rglob("*.md")):
        docs_path = md.relative_to(docs).as_posix()
        head = BeautifulSoup(built_file(site, docs_path).read_text(encoding="utf-8"), "lxml")
        title = head.title.get_text().strip() if head.title else ""
        meta = head.find("meta", attrs={"name": "description"})
        description = " ".join(str(meta["content"]).split()) if meta else ""
        if not title:
            problems.append(f"docs/{docs_path}: no <title>")
        if not description:
            problems.append(f"docs/{docs_path}: no description (add description: to its top)")
        elif description == " ".join(site_wide.split()):
            problems.append(
                f"docs/{docs_path}: only the site-wide description (add description: to its top)"
            )
    assert problems == []


# ----------------------------------------------------------------------------- glossary


def prose(markdown: str) -> str:
    """The Markdown text a reader sees: no front matter, code, macros or HTML tags."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    markdown = re.sub(r"^(```|~~~).*?^\1", "", markdown, flags=re.S | re.M)
    markdown = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", markdown, flags=re.S)
    markdown = re.sub(r"`[^`]*`", "", markdown)
    return re.sub(r"<[^>]+>", "", markdown)


def abbrs(site: Path, docs_path: str, term: str, scope: str = "article") -> list[str]:
    page = BeautifulSoup(built_file(site, docs_path).read_text(encoding="utf-8"), "lxml")
    return [str(a.get("title")) for a in page.select(scope)[0].find_all("abbr", string=term)]


def test_glossary_terms_in_the_pages_have_hover_definitions(site: Path, curriculum: Curriculum):
    """Python-Markdown's abbr extension, fed with data/glossary.yml, marks every term the
    pages' own text uses."""
    docs = curriculum.root / "docs"
    problems = []
    for term in curriculum.terms:
        hover = term.expansion or term.definition
        pattern = re.compile(rf"(?<![\w-]){re.escape(term.term)}(?![\w-])")
        for md in sorted(docs.rglob("*.md")):
            docs_path = md.relative_to(docs).as_posix()
            if docs_path == "glossary.md" or not pattern.search(prose(md.read_text("utf-8"))):
                continue
            if hover not in abbrs(site, docs_path, term.term):
                problems.append(f"docs/{docs_path}: {term.term} has no hover definition")
    assert problems == []


def test_glossary_terms_in_the_agendas_have_hover_definitions(site: Path, curriculum: Curriculum):
    """The agenda tables are HTML the macros write, which the abbr extension does not reach:
    the templates' `abbr` filter gives their data text the same <abbr title>."""
    problems = []
    for sid, s in curriculum.sessions.items():
        page = curriculum.pages["sessions"][sid]
        for item in s.agenda:
            for piece in [item.title or "", *item.topics, item.note or ""]:
                for term in curriculum.terms:
                    if not re.search(rf"\b{re.escape(term.term)}\b", piece):
                        continue
                    hover = term.expansion or term.definition
                    if hover not in abbrs(site, page, term.term, f"#agenda-{sid}"):
                        problems.append(f"{sid}: {term.term} in {piece!r} has no hover definition")
    assert problems == []


def test_the_modules_index_lists_every_module(site: Path, curriculum: Curriculum):
    cards = BeautifulSoup(
        built_file(site, "modules/index.md").read_text(encoding="utf-8"), "lxml"
    ).select(".ct-modules li")
    shown = [" ".join(li.get_text().split()) for li in cards]
    assert len(shown) == len(curriculum.modules)
    for card, m in zip(shown, curriculum.modules.values(), strict=True):
        assert card.startswith(f"Module {m.number} "), card
        assert m.title in card and ("Title only" in card) == (m.status != "published")
