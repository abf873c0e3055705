"""The search index as participants use it: abbreviations found where the text names them, the
glossary one result per term."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from macros.loader import Curriculum


def index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def tokens(text: str, separator: str) -> set[str]:
    """Words as the theme's search splits them (its separator, tags removed, lower case)."""
    plain = re.sub(r"<[^>]+>", " ", text)
    return {t.lower() for t in re.split(separator, plain) if t}


def test_ris3_is_a_search_term_of_the_module_page(site: Path):
    """The module page writes "(RIS3)"; split only at spaces and hyphens, the brackets stayed in
    the word and a search for RIS3 missed the page."""
    data = index(site)
    separator = data["config"]["separator"]
    words = set()
    for doc in data["docs"]:
        if doc["location"].startswith("modules/module-4/"):
            words |= tokens(doc["title"] + " " + doc["text"], separator)
    assert "ris3" in words, sorted(w for w in words if "ris" in w)
    for bracketed in ("(ris3)", "ris3)", "(ris3"):
        assert bracketed not in words


def test_each_glossary_term_is_a_search_result_of_its_own(site: Path, curriculum: Curriculum):
    docs = {d["location"]: d for d in index(site)["docs"]}
    for term in curriculum.terms:
        anchor = term.term.lower().replace(" ", "-")
        doc = docs.get(f"glossary/#{anchor}")
        assert doc is not None, f"no search entry for the glossary term {term.term}"
        assert doc["title"].startswith(term.term), doc["title"]
        assert term.definition[:30] in unescape(doc["text"]), doc["text"][:120]
    # the page's own entry keeps only its introduction, not every term run together
    assert len(docs["glossary/"]["text"]) < 400, docs["glossary/"]["text"][:400]


def test_glossary_headings_keep_ids_and_the_general_label():
    """Each term a heading with the id other pages link to; a general definition says so."""
    from types import SimpleNamespace

    from bs4 import BeautifulSoup

    from macros.render import make_environment

    terms = [
        SimpleNamespace(
            term="Cluster initiative", expansion=None, definition="An effort.", general=True
        ),
        SimpleNamespace(
            term="RIS3", expansion="Smart <Specialisation>", definition="A & B.", general=False
        ),
    ]
    html = make_environment().get_template("glossary.html").render(cur=SimpleNamespace(terms=terms))
    page = BeautifulSoup(html, "html.parser")
    headings = page.select(".ct-glossary h2")
    assert [h["id"] for h in headings] == ["cluster-initiative", "ris3"]
    assert headings[1].get_text() == "RIS3 (Smart <Specialisation>)"  # escaped, shown as text
    first, second = (h.find_next_sibling("p") for h in headings)
    assert "General definition, not from the source document." in first.get_text()
    assert "General definition" not in second.get_text()
    assert second.get_text() == "A & B."
