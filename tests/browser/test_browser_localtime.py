"""Local times in a real browser (Debian's Chromium via Playwright) with emulated time zones.

The pages print event times in the programme's zone; assets/localtime.js adds the viewer's own
time when it differs, behind a toggle remembered across pages. The browser and the server are the
package's fixtures (tests/browser/conftest.py): skipped locally when Chromium is missing, failed
in CI."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

SESSION = "programme/sessions/2020-12-01-cluster-strategy-1/"
GLANCE = "programme/at-a-glance/"


@pytest.fixture(scope="module")
def base_url(served) -> str:
    """The served site (the package's `served` fixture, browser_support.serve)."""
    return served.url()


@pytest.fixture
def open_page(browser, base_url):
    contexts = []

    def opener(path: str, zone: str, javascript: bool = True):
        context = browser.new_context(
            timezone_id=zone, locale="en-GB", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(base_url + path)
        page.errors = errors
        return page

    yield opener
    for context in contexts:
        context.close()


def facts_time(page) -> str:
    return page.locator("dl.ct-facts dd.ct-time").inner_text()


@pytest.mark.parametrize(
    ("zone", "local"),
    [("Europe/Kyiv", "10:30–14:30"), ("Europe/Dublin", "8:30–12:30")],
)
def test_viewers_in_another_zone_also_see_their_time(open_page, zone, local):
    page = open_page(SESSION, zone)
    assert "9:30–13:30 CET" in facts_time(page)
    button = page.get_by_role("button", name="Also show times in my time zone")
    assert button.get_attribute("aria-pressed") == "true"
    local_span = page.locator("dl.ct-facts .ct-local")
    assert local_span.is_visible()
    assert f"your time: {local}" in local_span.inner_text()
    first_item = page.locator(".ct-agenda tbody tr").first.locator(".ct-local")
    expected_item = {"Europe/Kyiv": "10:30–11:00", "Europe/Dublin": "8:30–9:00"}[zone]
    assert expected_item in first_item.inner_text()
    assert page.errors == []


def test_viewers_in_the_event_zone_see_nothing_added(open_page):
    page = open_page(SESSION, "Europe/Rome")
    assert page.locator(".ct-local").count() == 0
    assert page.locator(".ct-localtime-toggle").count() == 0
    assert "9:30–13:30 CET" in facts_time(page)


def test_without_javascript_the_event_time_stands_alone(open_page):
    page = open_page(SESSION, "Europe/Kyiv", javascript=False)
    assert facts_time(page).strip() == "9:30–13:30 CET"
    assert page.locator(".ct-local, .ct-localtime-toggle").count() == 0


def test_a_date_change_is_shown(open_page):
    """13:30 CET on 1 December is 01:30 on 2 December in Auckland."""
    page = open_page(SESSION, "Pacific/Auckland")
    assert "21:30–Wed 2 Dec, 1:30" in page.locator("dl.ct-facts .ct-local").inner_text()


def test_the_toggle_is_remembered_across_pages_and_works_by_keyboard(open_page, base_url):
    page = open_page(SESSION, "Europe/Kyiv")
    button = page.locator("button.ct-localtime-toggle")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert not page.locator("dl.ct-facts .ct-local").is_visible()
    status = page.locator(".ct-localtime-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == "Only the event times are shown."

    page.goto(base_url + GLANCE)  # another page: the choice holds
    button = page.locator("button.ct-localtime-toggle")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.locator(".ct-glance .ct-local").count() == 6
    assert not page.locator(".ct-glance .ct-local").first.is_visible()

    button.focus()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".ct-glance .ct-local").first.is_visible()
    assert status_text(page) == "Times are also shown in your time zone, Kyiv."

    page.goto(base_url + SESSION)
    assert page.locator("button.ct-localtime-toggle").get_attribute("aria-pressed") == "true"


def status_text(page) -> str:
    return page.locator(".ct-localtime-status").inner_text()


def test_at_a_glance_links_every_session(open_page, base_url, curriculum):
    page = open_page(GLANCE, "Europe/Dublin")
    links = page.locator(".ct-glance-session a")
    assert links.count() == len(curriculum.sessions)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs] == list(curriculum.sessions)
    tags = page.locator(".ct-glance-session .ct-glance-tag").all_inner_texts()
    expected = [
        f"Module {m.number}" if (m := curriculum.module_of(sid)) else "Programme"
        for sid in curriculum.sessions
    ]
    assert tags == expected
    links.nth(1).click()
    assert page.url.endswith(SESSION)


def test_instant_navigation_gets_local_times_too(workspace, browser, monkeypatch):
    """With Material's navigation.instant, pages are swapped without a reload: the script runs
    again through document$. (Instant navigation needs site_url to be the served address.)"""
    workspace.replace(
        "mkdocs.yml", "    - navigation.top\n", "    - navigation.instant\n    - navigation.top\n"
    )
    site_dir = workspace.root / "built-site"
    handler = partial(SimpleHTTPRequestHandler, directory=str(site_dir))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    monkeypatch.setenv("SITE_URL", base)
    try:
        result = workspace.build(site_dir)
        assert result.code == 0, str(result)
        context = browser.new_context(timezone_id="Europe/Kyiv", locale="en-GB")
        page = context.new_page()
        page.goto(base + GLANCE)
        # the theme takes over clicks only once it has read sitemap.xml (a click before that is
        # an ordinary page load): wait until nothing more is loading
        page.wait_for_load_state("networkidle")
        assert page.locator(".ct-glance .ct-local").count() == 6
        page.evaluate("window.__sameDocument = true")
        page.locator(".ct-glance-session a").nth(1).click()
        page.wait_for_url(f"**/{SESSION}")
        page.locator("dl.ct-facts .ct-local").wait_for()
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
        assert "10:30–14:30" in page.locator("dl.ct-facts .ct-local").inner_text()
        assert page.locator("button.ct-localtime-toggle").count() == 1
        context.close()
    finally:
        server.shutdown()
        server.server_close()
