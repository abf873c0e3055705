"""Metadata of every built page: language, a meaningful description of its own, a canonical URL
and social preview tags that agree with them."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


class Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        elif tag == "link" and "rel" in a:
            self.links[a["rel"]] = a.get("href", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def heads(site: Path) -> dict[str, Head]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pdf/")) or not (
            rel == "404.html" or rel.endswith("index.html")
        ):
            continue
        head = Head()
        head.feed(path.read_text(encoding="utf-8"))
        found[rel] = head
    return found


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Head]:
    return heads(site)


def site_url(pages) -> str:
    return pages["index.html"].links["canonical"]


def test_every_page_declares_its_language(pages):
    assert {rel: h.lang for rel, h in pages.items() if h.lang != "en"} == {}


def test_every_page_has_a_description_of_its_own(pages):
    default = " ".join(config()["site_description"].split())
    problems = []
    seen: dict[str, str] = {}
    for rel, head in pages.items():
        text = head.meta.get("description", "").strip()
        if rel == "404.html":
            continue
        if len(text) < 50:
            problems.append(f"{rel}: description too short or missing: {text!r}")
        elif text == default:
            problems.append(f"{rel}: only the site-wide description (add `description:`)")
        elif text in seen:
            problems.append(f"{rel}: same description as {seen[text]}")
        if len(text) > 300:
            problems.append(f"{rel}: description longer than 300 characters")
        seen.setdefault(text, rel)
    assert problems == []


def test_titles_are_unique(pages):
    seen: dict[str, str] = {}
    dupes = []
    for rel, head in pages.items():
        title = head.title.strip()
        assert title, f"{rel}: empty <title>"
        if title in seen:
            dupes.append(f"{rel} and {seen[title]}: {title!r}")
        seen[title] = rel
    assert dupes == []


def test_canonical_urls_point_at_the_page_itself(pages):
    base = site_url(pages)
    assert base.startswith("https://") and base.endswith("/"), base
    problems = []
    for rel, head in pages.items():
        canonical = head.links.get("canonical")
        if rel == "404.html":
            if canonical:
                problems.append(f"404.html must not claim a canonical URL: {canonical}")
            continue
        expected = base + rel.removesuffix("index.html")
        if canonical != expected:
            problems.append(f"{rel}: canonical {canonical!r}, expected {expected!r}")
    assert problems == []


def test_social_preview_tags(pages):
    problems = []
    for rel, head in pages.items():
        m = head.meta
        wanted = ["og:type", "og:title", "og:description", "og:site_name", "twitter:card"]
        if rel != "404.html":
            wanted.append("og:url")
        missing = [key for key in wanted if not m.get(key)]
        if missing:
            problems.append(f"{rel}: missing {missing}")
            continue
        if m["og:description"] != m.get("description"):
            problems.append(f"{rel}: og:description differs from the meta description")
        if rel != "404.html" and m["og:url"] != head.links.get("canonical"):
            problems.append(f"{rel}: og:url differs from the canonical URL")
        if m["twitter:card"] not in ("summary", "summary_large_image"):
            problems.append(f"{rel}: twitter:card {m['twitter:card']!r}")
    assert problems == []


def test_404_page_is_not_indexed(pages):
    assert "noindex" in pages["404.html"].meta.get("robots", "")
