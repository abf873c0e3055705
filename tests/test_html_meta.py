"""The <head> of every page of the fixture's site: language, title, description (front matter,
else from the data the page presents), canonical URL, social preview tags that agree with them,
and schema.org JSON-LD on the session, module and edition overview pages (its content:
tests of macros/schedule/jsonld.py).

The old addresses of moved pages (programme/sessions/<id>/, mkdocs-redirects) are not pages:
they are checked apart, for a canonical URL that is the page they send the reader to."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

SITE_URL = "https://smartctclusters.github.io/curriculum/"  # mkdocs.yml's default site_url
HOSTILE = "Smart <script>alert(1)</script> & *Cities* {{ not_a_macro }} | pipes"


def parsed(site: Path) -> dict[str, BeautifulSoup]:
    """Site path of each HTML file ('' for the home page, '404.html') -> its document."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith("assets/"):
            out[rel.removesuffix("index.html")] = BeautifulSoup(
                path.read_text(encoding="utf-8"), "lxml"
            )
    return out


def is_redirect(page: BeautifulSoup) -> bool:
    """An old address's page (mkdocs-redirects): a refresh to the new one, no content."""
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    return refresh is not None and page.find("article") is None


@pytest.fixture(scope="module")
def documents(fixture_site: Path) -> dict[str, BeautifulSoup]:
    return parsed(fixture_site)


@pytest.fixture(scope="module")
def heads(documents) -> dict[str, Tag]:
    """Site path of each page (not the redirects) -> its <head>."""
    out = {}
    for rel, page in documents.items():
        if is_redirect(page):
            continue
        head = page.head
        head["lang"] = page.html.get("lang")  # kept with the head, for the language test
        out[rel] = head
    return out


def test_the_redirects_are_the_old_addresses_and_name_their_page_canonical(
    documents, heads, fixture_cur
):
    """Only the old addresses of the edition's pages are redirects (nothing else is left out
    of the checks of pages below); each names the page it sends to as canonical, and that page
    is one of the site's, in the edition's folder."""
    redirects = {rel: page for rel, page in documents.items() if is_redirect(page)}
    old = {f"programme/sessions/{sid}/" for sid in fixture_cur.sessions}
    assert old <= set(redirects) <= old | {"programme/at-a-glance/"}
    for rel, page in redirects.items():
        canonical = page.head.find("link", rel="canonical")["href"]
        target = posixpath.normpath(posixpath.join(rel, canonical)) + "/"
        assert target in heads, (rel, canonical)
        assert target.startswith("programme/fixture-2021/"), rel
        assert page.html.get("lang") == "en"


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
