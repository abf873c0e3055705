"""Screenshots for a person to look at (not a check): set CT_SCREENSHOTS=<folder> and run
`pytest tests/browser -k screenshots`. Home, session, lesson (figure), glossary and project
examples (wide table) pages, 375 px and 1280 px, light and dark."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser_support import DESKTOP, PHONE, open_tab

pytestmark = pytest.mark.browser

FOLDER = os.environ.get("CT_SCREENSHOTS")


@pytest.mark.skipif(not FOLDER, reason="set CT_SCREENSHOTS=<folder> to take screenshots")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots(browser, served, page_types, scheme, width):
    out = Path(FOLDER)
    out.mkdir(parents=True, exist_ok=True)
    tab = open_tab(browser, PHONE if width == "phone" else DESKTOP, color_scheme=scheme)
    try:
        pages = {n: page_types[n] for n in ("home", "session", "lesson", "glossary")}
        pages["project-examples"] = "case-studies/project-examples/"
        for name, rel in pages.items():
            tab.visit(served.url(rel))
            tab.page.screenshot(path=out / f"{name}-{width}-{scheme}.png", full_page=True)
    finally:
        tab.page.context.close()
