"""Local times in a real browser (Debian's Chromium via Playwright) with emulated time zones.

The pages print event times in the programme's zone; assets/localtime.js adds the viewer's own
time when it differs, behind a toggle remembered across pages. The browser and the server are the
package's fixtures (tests/browser/conftest.py): skipped locally when Chromium is missing, failed
in CI."""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest

from macros.models import hm

from .browser_support import WINTER_SESSION, page_url

pytestmark = pytest.mark.browser

# The machinery's cases run on the fixture's session in winter time (WINTER_SESSION: 9:30–13:30
# CET on Wednesday 24 March 2021, its first agenda item 9:30–10:00), the real site's pages are
# checked against what data/ says.
# Viewers' zones for the real site's sessions: the first that shows another clock time
OTHER_ZONES = ("Europe/Kyiv", "Europe/Dublin", "Europe/Lisbon", "America/New_York", "Asia/Tokyo")


@pytest.fixture
def open_page(browser):
    """opener(server, site-relative URL, zone): a page in a new context (closed afterwards)."""
    contexts = []

    def opener(server, rel: str, zone: str, javascript: bool = True):
        context = browser.new_context(
            timezone_id=zone, locale="en-GB", java_script_enabled=javascript
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.goto(server.url(rel))
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
def test_viewers_in_another_zone_also_see_their_time(
    open_page, served_fixture, fixture_pages, zone, local
):
    page = open_page(served_fixture, fixture_pages["session"], zone)
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


def test_viewers_in_the_event_zone_see_nothing_added(open_page, served_fixture, fixture_pages):
    page = open_page(served_fixture, fixture_pages["session"], "Europe/Rome")
    assert page.locator(".ct-local").count() == 0
    assert page.locator(".ct-localtime-toggle").count() == 0
    assert "9:30–13:30 CET" in facts_time(page)


def test_without_javascript_the_event_time_stands_alone(open_page, served_fixture, fixture_pages):
    page = open_page(served_fixture, fixture_pages["session"], "Europe/Kyiv", javascript=False)
    assert facts_time(page).strip() == "9:30–13:30 CET"
    assert page.locator(".ct-local, .ct-localtime-toggle").count() == 0


def test_a_date_change_is_shown(open_page, served_fixture, fixture_pages):
    """13:30 CET on 24 March is 1:30 on 25 March in Auckland (NZDT, UTC+13)."""
    page = open_page(served_fixture, fixture_pages["session"], "Pacific/Auckland")
    assert "21:30–Thu 25 Mar, 1:30" in page.locator("dl.ct-facts .ct-local").inner_text()


def test_the_toggle_is_remembered_across_pages_and_works_by_keyboard(
    open_page, served_fixture, fixture_pages, fixture_cur
):
    page = open_page(served_fixture, fixture_pages["session"], "Europe/Kyiv")
    button = page.locator("button.ct-localtime-toggle")
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert not page.locator("dl.ct-facts .ct-local").is_visible()
    status = page.locator(".ct-localtime-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == "Only the event times are shown."

    page.goto(served_fixture.url(fixture_pages["glance"]))  # another page: the choice holds
    button = page.locator("button.ct-localtime-toggle")
    assert button.get_attribute("aria-pressed") == "false"
    # Kyiv is an hour ahead of Rome in winter and in summer time: every session differs
    sessions = fixture_cur.edition_sessions(fixture_cur.sessions[WINTER_SESSION].edition_id)
    assert page.locator(".ct-glance .ct-local").count() == len(sessions)
    assert not page.locator(".ct-glance .ct-local").first.is_visible()

    button.focus()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(".ct-glance .ct-local").first.is_visible()
    assert status_text(page) == "Times are also shown in your time zone, Kyiv."

    page.goto(served_fixture.url(fixture_pages["session"]))
    assert page.locator("button.ct-localtime-toggle").get_attribute("aria-pressed") == "true"


def status_text(page) -> str:
    return page.locator(".ct-localtime-status").inner_text()


def test_at_a_glance_links_every_session(open_page, served, page_types, curriculum):
    """The current edition's at-a-glance page links each of its sessions, in date order, tagged
    with its module; a link opens the session's page."""
    eid = curriculum.current_edition()
    sessions = curriculum.edition_sessions(eid)
    page = open_page(served, page_types["at a glance"], "Europe/Dublin")
    links = page.locator(".ct-glance-session a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    expected = [served.url(page_url(curriculum.pages["sessions"][sid])) for sid in sessions]
    assert [urljoin(page.url, h) for h in hrefs] == expected
    tags = page.locator(".ct-glance-session .ct-glance-tag").all_inner_texts()
    assert tags == [
        f"Module {m.number}" if (m := curriculum.module_of(sid)) else "Programme"
        for sid in sessions
    ]
    n = min(1, len(sessions) - 1)  # the second session, if there is one
    links.nth(n).click()
    page.wait_for_url(expected[n])
    assert page.errors == []


def test_real_sessions_show_the_viewers_time(open_page, served, curriculum):
    """For the current edition's first session at each distance from UTC (winter and summer
    time): the event time as data/ gives it, and a viewer elsewhere also sees their own."""
    eid = curriculum.current_edition()
    firsts = {}
    for sid in curriculum.edition_sessions(eid):
        firsts.setdefault(curriculum.sessions[sid].starts_at().utcoffset(), sid)
    for sid in firsts.values():
        s = curriculum.sessions[sid]
        start, end = s.starts_at(), s.ends_at()
        zone = next(
            (
                z
                for z in OTHER_ZONES
                if start.astimezone(ZoneInfo(z)).utcoffset() != start.utcoffset()
                and start.astimezone(ZoneInfo(z)).date()
                == end.astimezone(ZoneInfo(z)).date()
                == s.date
            ),
            None,
        )
        assert zone, f"{sid}: none of {OTHER_ZONES} shows it at another time on the same day"
        local_start, local_end = (t.astimezone(ZoneInfo(zone)).time() for t in (start, end))
        page = open_page(served, page_url(curriculum.pages["sessions"][sid]), zone)
        where = f"{sid} seen from {zone}"
        assert f"{hm(s.start)}–{hm(s.end)} {start.tzname()}" in facts_time(page), where
        local = page.locator("dl.ct-facts .ct-local").inner_text()
        assert f"(your time: {hm(local_start)}–{hm(local_end)} " in local, f"{where}: {local}"
        assert page.errors == [], where


def test_instant_navigation_gets_local_times_too(workspace, browser, fixture_cur, fixture_pages):
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
    try:
        result = workspace.build(site_dir, SITE_URL=base)  # builds ignore the caller's env
        assert result.code == 0, str(result)
        context = browser.new_context(timezone_id="Europe/Kyiv", locale="en-GB")
        page = context.new_page()
        page.goto(base + fixture_pages["glance"])
        # the theme takes over clicks only once it has read sitemap.xml (a click before that is
        # an ordinary page load): wait until nothing more is loading
        page.wait_for_load_state("networkidle")
        sessions = fixture_cur.edition_sessions(fixture_cur.sessions[WINTER_SESSION].edition_id)
        assert page.locator(".ct-glance .ct-local").count() == len(sessions)
        page.evaluate("window.__sameDocument = true")
        page.locator(".ct-glance-session a").nth(sessions.index(WINTER_SESSION)).click()
        page.wait_for_url(base + fixture_pages["session"])
        page.locator("dl.ct-facts .ct-local").wait_for()
        assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
        assert "10:30–14:30" in page.locator("dl.ct-facts .ct-local").inner_text()
        assert page.locator("button.ct-localtime-toggle").count() == 1
        context.close()
    finally:
        server.shutdown()
        server.server_close()
