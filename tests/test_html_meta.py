"""The <head> of every page of the fixture's site: language, title, description (front matter,
else from the data the page presents), canonical URL, social preview tags that agree with them,
and schema.org JSON-LD on the session, module and programme pages (its content:
tests of macros/schedule/jsonld.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

SITE_URL = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml's default site_url
HOSTILE = "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"


@pytest.fixture(scope="module")
def heads(fixture_site: Path) -> dict[str, Tag]:
    """Site path of each page ('' for the home page, '404.html') -> its <head>."""
    out = {}
    for path in sorted(fixture_site.rglob("*.html")):
        rel = path.relative_to(fixture_site).as_posix()
        if rel.startswith("assets/"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        head = page.head
        head["lang"] = page.html.get("lang")  # kept with the head, for the language test
        out[rel.removesuffix("index.html")] = head
    return out


def meta(head: Tag, key: str) -> str | None:
    tag = head.find("meta", attrs={"name": key}) or head.find("meta", property=key)
    return tag["content"] if tag else None


def test_every_page_declares_its_language(heads):
    assert {rel: head["lang"] for rel, head in heads.items() if head["lang"] != "en"} == {}


@pytest.mark.parametrize(
    ("page", "description"),
    [
        # from the front matter
        ("", "Home page of the fixture curriculum."),
        ("programme/fixture-2021/", "The fixture programme overview."),
        # from the data the page presents: its summary
        ("modules/module-first/", "The first published module."),
        ("material/lesson-one/",
         "First lesson of the first module, with a figure and a case study."),
        ("case-studies/case-twice/",
         "Used by agenda items of two sessions and by a lesson of the second module."),
        # a session has no summary: its title, escaped in the attribute, shown as typed
        ("programme/fixture-2021/sessions/2021-03-22-opening/", "Opening of the fixture programme"),
        ("programme/fixture-2021/sessions/2021-03-26-second-topic-1/", HOSTILE),
    ],
)  # fmt: skip
def test_descriptions_from_front_matter_or_data(heads, page: str, description: str):
    head = heads[page]
    assert meta(head, "description") == description
    assert meta(head, "og:description") == description
    assert meta(head, "twitter:description") == description


def test_every_page_has_a_title_of_its_own(heads):
    seen: dict[str, str] = {}
    problems = []
    for rel, head in heads.items():
        title = head.title.get_text().strip() if head.title else ""
        if not title:
            problems.append(f"{rel}: empty <title>")
        elif title in seen:
            problems.append(f"{rel} and {seen[title]}: the same title {title!r}")
        seen.setdefault(title, rel)
    assert problems == []


def test_canonical_urls_and_social_tags_agree(heads):
    problems = []
    for rel, head in heads.items():
        canonical = head.find("link", rel="canonical")
        if rel == "404.html":
            assert canonical is None, "404.html must not claim a canonical URL"
            assert "noindex" in (meta(head, "robots") or "")
            continue
        if canonical is None or canonical["href"] != SITE_URL + rel:
            problems.append(f"{rel}: canonical {canonical and canonical['href']!r}")
        if meta(head, "og:url") != SITE_URL + rel:
            problems.append(f"{rel}: og:url {meta(head, 'og:url')!r}")
        for key in ("og:type", "og:title", "og:site_name", "description"):
            if not meta(head, key):
                problems.append(f"{rel}: no {key}")
        if meta(head, "og:description") != meta(head, "description"):
            problems.append(f"{rel}: og:description differs from the description")
        if meta(head, "twitter:card") != "summary":
            problems.append(f"{rel}: twitter:card {meta(head, 'twitter:card')!r}")
    assert problems == []


def test_json_ld_on_session_module_and_programme_pages(heads, fixture_cur):
    with_data = {"programme/fixture-2021/"} | {
        path.removesuffix(".md") + "/"
        for kind in ("sessions", "modules")
        for path in fixture_cur.pages[kind].values()
    }
    for rel, head in heads.items():
        scripts = head.find_all("script", type="application/ld+json")
        if rel in with_data:
            assert len(scripts) == 1, rel
            data = json.loads(scripts[0].string)
            assert data["@context"] == "https://schema.org", rel
        else:
            assert scripts == [], rel
