"""Browser fixtures: the built site served on 127.0.0.1 and one headless Chromium per session.

The site comes from the `site` fixture of tests/conftest.py (built once, strict, PDF_EXPORT=0). It
is served under the path of `site_url` (as GitHub Pages does), so absolute links such as those of
the 404 page resolve. Unknown paths answer 404 with the site's 404.html.

Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by Playwright for Python;
Playwright's own browser download is never used. A missing browser skips these tests locally and
fails them in CI (environment variable CI set).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

HOST = "127.0.0.1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = (
    "install Debian's chromium (apt-get install chromium) and the pinned Python packages "
    "(make install); Playwright's own browser download is not used"
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: the browser gates must run there."""
    message = f"{reason}; {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


# ----------------------------------------------------------------------------------- server


def site_prefix(site_dir: Path) -> str:
    """The path part of site_url ("/curriculum/"), read from the home page's canonical link."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    prefix = urlsplit(found.group(1)).path if found else "/"
    return prefix if prefix.endswith("/") else prefix + "/"


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 (the stdlib's own class attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".pdf": "application/pdf",
        ".json": "application/json",
        ".js": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".xml": "application/xml",
    }

    def __init__(self, *args, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside")  # never exists: answers 404
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet
        pass


@dataclass
class Server:
    root: str  # http://127.0.0.1:PORT/prefix/
    site_dir: Path

    def url(self, rel: str = "") -> str:
        return self.root + rel.lstrip("/")


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[Server]:
    prefix = site_prefix(site)
    handler = partial(SiteHandler, directory=str(site), prefix=prefix)
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://{HOST}:{httpd.server_address[1]}{prefix}", site)
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
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


@dataclass
class Tab:
    """One browser page that records what every visit did."""

    page: object
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    expect_status: int = 200

    def reset(self) -> None:
        self.requests.clear()
        self.console_errors.clear()
        self.failed.clear()

    def visit(self, url: str, expect_status: int = 200):
        self.reset()
        self.expect_status = expect_status
        response = self.page.goto(url, wait_until="load")
        assert response is not None, url
        assert response.status == expect_status, f"{url} answered {response.status}"
        self.page.wait_for_load_state("networkidle")
        return response

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).hostname not in (HOST,) and not _inline(u)]


def _inline(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:"))


def open_tab(browser, viewport: dict, color_scheme: str = "light") -> Tab:
    context = browser.new_context(
        viewport=viewport,
        color_scheme=color_scheme,
        reduced_motion="reduce",
        locale="en-GB",
        timezone_id="Europe/Rome",
        service_workers="block",
    )
    tab = Tab(context.new_page())

    def on_route(route):
        # record everything (below); let only the local server answer
        if urlsplit(route.request.url).hostname == HOST or _inline(route.request.url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", on_route)
    context.on("request", lambda req: tab.requests.append(req.url))

    def on_console(msg):
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if tab.expect_status == 404 and where == tab.page.url and "404" in msg.text:
            return  # Chromium reports the 404 page's own status; that one is intended
        tab.console_errors.append(f"{msg.text} ({where})")

    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda err: tab.console_errors.append(f"uncaught: {err}"))

    def on_response(resp):
        # the 404 page itself answers 404 on purpose; nothing it loads may fail
        if resp.status >= 400 and resp.request.resource_type != "document":
            tab.failed.append(f"{resp.status} {resp.url}")

    tab.page.on("response", on_response)
    tab.page.on("requestfailed", lambda req: tab.failed.append(f"failed {req.url}"))
    return tab


@pytest.fixture(scope="session")
def desktop(browser) -> Iterator[Tab]:
    tab = open_tab(browser, DESKTOP)
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="session")
def desktop_dark(browser) -> Iterator[Tab]:
    tab = open_tab(browser, DESKTOP, color_scheme="dark")
    yield tab
    tab.page.context.close()


@pytest.fixture(scope="session")
def phone(browser) -> Iterator[Tab]:
    tab = open_tab(browser, PHONE)
    yield tab
    tab.page.context.close()


@pytest.fixture
def fresh_tab(browser) -> Iterator[Tab]:
    """A private context (own storage) for tests that change preferences."""
    tab = open_tab(browser, DESKTOP)
    yield tab
    tab.page.context.close()


# ------------------------------------------------------------------------------- page types


def page_url(doc: str) -> str:
    """docs-relative Markdown path -> site-relative URL (directory URLs)."""
    stem = doc[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


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
