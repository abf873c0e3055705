"""Browser test support: the built site served on 127.0.0.1, Chromium tabs that record requests.

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
from contextlib import contextmanager
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


@contextmanager
def serve(site_dir: Path) -> Iterator[Server]:
    """Serve a built site on 127.0.0.1 (a free port) under the path of its site_url."""
    prefix = site_prefix(site_dir)
    handler = partial(SiteHandler, directory=str(site_dir), prefix=prefix)
    httpd = ThreadingHTTPServer((HOST, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://{HOST}:{httpd.server_address[1]}{prefix}", site_dir)
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------------- browser


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


def open_tab(
    browser, viewport: dict, color_scheme: str = "light", timezone_id: str = "Europe/Rome"
) -> Tab:
    """A tab in its own context. Viewers outside the event's zone (the fixtures use Kyiv) also
    see the local-time button and times, so those are checked too."""
    context = browser.new_context(
        viewport=viewport,
        color_scheme=color_scheme,
        reduced_motion="reduce",
        locale="en-GB",
        timezone_id=timezone_id,
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


# ------------------------------------------------------------------------------- page types

# The types of page the browser tests check one of each (conftest.page_types picks them).
PAGE_TYPES = [
    "home",
    "hub",  # programme/: the editions
    "edition",  # the current edition's overview
    "at a glance",  # the current edition's sessions week by week
    "session",
    "module",
    "lesson",
    "case study",
    "organisations",
    "glossary",
    "downloads",
    "404",
]

# The fixture's session in winter time: Wednesday 24 March 2021, 9:30–13:30 CET (Europe/Rome,
# before the change to summer time on 28 March), its first agenda item 9:30–10:00. The tests of
# local times run on it (conftest.fixture_pages checks that the fixture still says so).
WINTER_SESSION = "2021-03-24-first-topic-1"


def page_url(doc: str) -> str:
    """docs-relative Markdown path -> site-relative URL (directory URLs)."""
    stem = doc[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def page_file(site_dir: Path, doc: str) -> Path:
    """The HTML file built for a docs-relative Markdown path."""
    return site_dir / page_url(doc) / "index.html"


def glance_doc(cur, edition_id: str) -> str:
    """The docs path of an edition's at-a-glance page: at-a-glance.md beside its overview."""
    return cur.pages["editions"][edition_id].rsplit("/", 1)[0] + "/at-a-glance.md"
