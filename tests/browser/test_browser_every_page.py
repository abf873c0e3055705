"""axe-core on every built page at a phone's width (390 px), in the light and the dark scheme.

test_browser_pages.py checks one page of each type at desktop width; this walks every HTML file
of the build, as participants read it on phones. One tab, axe loaded into each page as it opens;
each page is checked in the light scheme, then the phone's system preference is switched to dark
(the theme follows it, as it does on a phone) and the page is checked again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser_support import open_tab
from .test_browser_pages import AXE_OPTIONS

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}


def built_pages(site: Path) -> list[str]:
    """Every page of the build as a site-relative URL ("" for the home page)."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        pages.append(rel.removesuffix("index.html"))
    return pages


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).with_name("axe.min.js")).read_text("utf-8")


def test_axe_every_page_on_a_phone_light_and_dark(browser, served, site):
    pages = built_pages(site)
    assert len(pages) > 20, f"only {len(pages)} pages built"
    tab = open_tab(browser, PHONE_390, color_scheme="light", timezone_id="Europe/Kyiv")
    page = tab.page
    page.context.add_init_script(axe_source())
    problems = []
    try:
        for rel in pages:
            page.emulate_media(color_scheme="light")
            page.goto(served.url(rel), wait_until="load")
            for scheme, shown in SCHEMES.items():
                page.emulate_media(color_scheme=scheme)
                page.wait_for_function(
                    "s => document.body.dataset.mdColorScheme === s"
                    " && document.getAnimations().length === 0",
                    arg=shown,
                    timeout=5000,
                )
                result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
                for violation in result["violations"]:
                    nodes = violation["nodes"]
                    targets = "; ".join(" ".join(map(str, n["target"])) for n in nodes[:3])
                    problems.append(f"/{rel} {scheme}: {violation['id']} ({len(nodes)}): {targets}")
    finally:
        page.context.close()
    assert problems == [], "axe at 390 px:\n" + "\n".join(problems)
