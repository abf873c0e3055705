"""Browser fixtures: the built site served on 127.0.0.1 and one headless Chromium per session.

The site comes from the `site` fixture of tests/conftest.py (built once, strict, PDF_EXPORT=0);
see browser_support.py for the server and the recording tabs. A missing browser skips these
tests locally and fails them in CI (environment variable CI set).

Playwright's sync API allows one running instance per thread: the browser lives for this package
only (package scope, hence __init__.py), so other test modules can start their own afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser_support import (
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    Server,
    Tab,
    chromium_path,
    open_tab,
    page_url,
    serve,
    unavailable,
)

# Participants joined from GMT, CET and EET: the shared tabs view the site from Kyiv, so the
# local-time additions are on every page they check (axe, phone width, keyboard).
VIEWER_ZONE = "Europe/Kyiv"


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[Server]:
    with serve(site) as server:
        yield server


@pytest.fixture(scope="package")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium not found at /usr/bin/chromium (or $CHROMIUM)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="package")
def desktop(browser) -> Iterator[Tab]:
    tab = open_tab(browser, DESKTOP, timezone_id=VIEWER_ZONE)
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="package")
def desktop_dark(browser) -> Iterator[Tab]:
    tab = open_tab(browser, DESKTOP, color_scheme="dark", timezone_id=VIEWER_ZONE)
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="package")
def phone(browser) -> Iterator[Tab]:
    tab = open_tab(browser, PHONE, timezone_id=VIEWER_ZONE)
    yield tab
    tab.page.context.close()


@pytest.fixture
def fresh_tab(browser) -> Iterator[Tab]:
    """A private context (own storage) for tests that change preferences."""
    tab = open_tab(browser, DESKTOP)
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="session")
def page_types(curriculum, site: Path) -> dict[str, str]:
    """One page of each type, as a site-relative URL, chosen from the data."""
    pages = curriculum.pages

    def first(kind: str, prefer: str | None = None) -> str:
        docs = pages[kind]
        return page_url(docs[prefer] if prefer in docs else next(iter(docs.values())))

    types = {
        "home": "",
        "programme": "programme/",
        "at a glance": "programme/at-a-glance/",
        "session": first("sessions", "2020-12-01-cluster-strategy-1"),
        "module": first("modules", "module-4"),
        "lesson": first("lessons", "strategic-analysis"),
        "case study": first("case_studies", "mezcal-cluster"),
        "organisations": "organisations/",
        "glossary": "glossary/",
        "downloads": "downloads/",
        "404": "this-page-does-not-exist/",
    }
    for name, rel in list(types.items()):
        if name != "404" and not (site / rel / "index.html").is_file():
            if name == "downloads":  # optional until the PDF work lands
                del types[name]
                continue
            raise AssertionError(f"page type {name}: {rel}index.html was not built")
    return types
