"""Screenshots for a person to look at (not a check): set CT_SCREENSHOTS=<folder> and run
`pytest tests/browser -k screenshots`. The pages of conftest.page_types (the home page, the
programme's hub, the current edition's overview and at-a-glance page, a session, a module, the
lesson and the case study with the most tables and figures, …), 375 px and 1280 px, light and
dark."""

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
        for name, rel in page_types.items():
            tab.visit(served.url(rel), 404 if name == "404" else 200)
            file = f"{name.replace(' ', '-')}-{width}-{scheme}.png"
            tab.page.screenshot(path=out / file, full_page=True)
    finally:
        tab.page.context.close()
