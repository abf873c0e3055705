"""The site's own CSS and JS as served (minified at build time from the readable sources in
docs/assets/), the table regions and the figures' sizes in the built HTML."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]


def load_hook():
    spec = importlib.util.spec_from_file_location(
        "html_fixes_hook", REPO / "hooks" / "html_fixes.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OWN = {
    "assets/curriculum.css": "assets/curriculum.min.css",
    "assets/localtime.js": "assets/localtime.min.js",
}


def test_own_css_and_js_are_served_minified(site: Path):
    for source, served in OWN.items():
        original = (REPO / "docs" / source).read_text(encoding="utf-8")
        built = site / served
        assert built.is_file(), f"{served} was not built"
        minified = built.read_text(encoding="utf-8")
        assert len(minified) < 0.8 * len(original), f"{served} is not minified"
        assert "/*" not in minified, f"{served} still has comments"
        assert not (site / source).exists(), f"the unminified {source} is published too"
    for html in (site / "index.html", site / "glossary" / "index.html"):
        page = html.read_text(encoding="utf-8")
        assert 'href="assets/curriculum.min.css"' in page or "curriculum.min.css" in page
        assert "localtime.min.js" in page and "localtime.js" not in page


def test_every_figure_image_has_its_size_and_links_to_itself(site: Path):
    figures = 0
    for html in site.rglob("*.html"):
        for img in BeautifulSoup(html.read_text("utf-8"), "html.parser").select("figure img"):
            figures += 1
            where = f"{html.relative_to(site)}: {img['src']}"
            assert img.get("width") and img.get("height"), f"{where} has no width/height"
            link = img.find_parent("a")
            assert link is not None and link["href"] == img["src"], (
                f"{where} is not a link to itself"
            )
    assert figures >= 4


def test_tables_are_named_focusable_regions():
    article = (
        '<article><h2 id="a">Fees &amp; <em>costs</em><a class="headerlink" href="#a">¶</a></h2>'
        "<table><tr><td>1</td></tr></table>"
        "<table><tr><td>2</td></tr></table>"
        "<table>\n<caption>Agenda of <abbr title='x'>CET</abbr> day</caption><tr></tr></table>"
        '<div class="ct-agenda" id="agenda">\n<table><tr></tr></table></div></article>'
    )
    out = BeautifulSoup(load_hook().scrollable_tables(article), "html.parser")
    regions = out.select("div.ct-table")
    assert [r["aria-label"] for r in regions] == [
        "Table: Fees & costs",
        "Table: Fees & costs (2)",
        "Agenda of CET day",
    ]
    assert all(r["role"] == "region" and r["tabindex"] == "0" for r in regions)
    assert all(r.table is not None for r in regions)
    assert out.select_one(".ct-agenda > table") is not None, "the agenda's cards are left alone"
    assert len(out.find_all("table")) == 4


def test_minified_css_keeps_what_the_minifier_could_break(site: Path):
    css = (site / OWN["assets/curriculum.css"]).read_text(encoding="utf-8")
    assert re.search(r"@media screen and \(max-width:\s?44\.9375em\)", css)
    assert "rgb(0 0 0 / 58%)" in css  # space-separated colour syntax
    assert "mask:var(--ct-ics-icon) center / contain no-repeat" in css
