"""Browser fixtures: the built sites served on 127.0.0.1 and one headless Chromium per session.

Two sites, each built once by tests/conftest.py (strict, PDF_EXPORT=0) and served by one server:
- `served`: the real site (`site`). Its tests check what data/ says, never today's content:
  `page_types` picks one page of each type from the data (the current edition's pages, …);
- `served_fixture`: the fixture's site (`fixture_site`), for the machinery's cases that need a
  known zone, date or text (`fixture_pages`: its session in winter time, its at-a-glance page).
See browser_support.py for the server and the recording tabs. A missing browser skips these
tests locally and fails them in CI (environment variable CI set).

Playwright's sync API allows one running instance per thread: the browser lives for this package
only (package scope, hence __init__.py), so other test modules can start their own afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.models import hm
from macros.schedule.urls import PROGRAMME_PAGE

from .browser_support import (
    CHROMIUM_ARGS,
    DESKTOP,
    PAGE_TYPES,
    PHONE,
    WINTER_SESSION,
    Server,
    Tab,
    chromium_path,
    glance_doc,
    open_tab,
    page_file,
    page_url,
    serve,
    unavailable,
)

# Participants joined from GMT, CET and EET: the shared tabs view the site from Kyiv, so the
# local-time additions are on every page they check (axe, phone width, keyboard).
VIEWER_ZONE = "Europe/Kyiv"


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[Server]:
    """The real site (tests that check what the data says)."""
    with serve(site) as server:
        yield server


@pytest.fixture(scope="session")
def served_fixture(fixture_site: Path) -> Iterator[Server]:
    """The fixture's site (tests of the machinery that need a known zone, date or text)."""
    with serve(fixture_site) as server:
        yield server


@pytest.fixture(scope="session")
def fixture_pages(fixture_cur) -> dict[str, str]:
    """Site-relative URLs of the fixture's winter session and its edition's at-a-glance page."""
    s = fixture_cur.sessions[WINTER_SESSION]
    when = (s.date.isoformat(), hm(s.start), hm(s.end), s.starts_at().tzname())
    assert when == ("2021-03-24", "9:30", "13:30", "CET"), (
        f"the fixture's winter session changed ({when}): update the tests' expected times"
    )
    return {
        "session": page_url(fixture_cur.pages["sessions"][WINTER_SESSION]),
        "glance": page_url(glance_doc(fixture_cur, s.edition_id)),
    }


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
    """One page of each type (PAGE_TYPES), as a site-relative URL, chosen from the data.

    The programme's pages are the current edition's: its overview, its at-a-glance page (in the
    edition's folder) and, for the session, module, lesson and case study, the chain of the first
    published module it delivers: its first session in the edition, and of its lessons and case
    studies the one with the most tables and figures (where layouts break first)."""
    cur = curriculum
    pages = cur.pages
    eid = cur.current_edition()
    edition_doc = pages["editions"][eid]
    delivered = [
        m.id
        for m in cur.published_modules()
        if m.id in pages["modules"] and cur.module_sessions(m.id, eid)
    ]
    mid = delivered[0] if delivered else next(iter(pages["modules"]))
    sessions = cur.module_sessions(mid, eid) or cur.edition_sessions(eid)

    def richest(kind: str, ids: list[str]) -> str:
        docs = [pages[kind][i] for i in ids if i in pages[kind]] or list(pages[kind].values())

        def weight(doc: str) -> int:
            html = page_file(site, doc).read_text(encoding="utf-8")
            return html.count("<table") + html.count("<figure")

        return page_url(max(docs, key=weight))  # the first of the richest: max keeps the first

    types = {
        "home": "",
        "hub": page_url(PROGRAMME_PAGE),
        "edition": page_url(edition_doc),
        "at a glance": page_url(glance_doc(cur, eid)),
        "session": page_url(pages["sessions"][sessions[0]]),
        "module": page_url(pages["modules"][mid]),
        "lesson": richest("lessons", cur.module_lessons(mid)),
        "case study": richest("case_studies", cur.module_case_studies(mid)),
        "organisations": "organisations/",
        "glossary": "glossary/",
        "downloads": "downloads/",
        "404": "this-page-does-not-exist/",
    }
    assert list(types) == PAGE_TYPES, "browser_support.PAGE_TYPES lists the same types"
    for name, rel in types.items():
        if name != "404":
            assert (site / rel / "index.html").is_file(), f"{name}: {rel}index.html was not built"
    return types
