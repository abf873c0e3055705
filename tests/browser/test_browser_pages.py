"""Every page type in a real browser: clean console, no third-party requests, axe-core clean in
light and dark, usable at 375 px, reachable by keyboard."""

from __future__ import annotations

import pytest

from .browser_support import PAGE_TYPES

pytestmark = pytest.mark.browser

# WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices (what Lighthouse's audit builds on)
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}


def url_of(page_types: dict[str, str], served, name: str) -> tuple[str, int]:
    return served.url(page_types[name]), 404 if name == "404" else 200


def axe_report(tab) -> str:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab.page, options=AXE_OPTIONS)
    lines = []
    for violation in results.response["violations"]:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_loads_cleanly_from_this_host_only(desktop, served, page_types, name):
    url, status = url_of(page_types, served, name)
    desktop.visit(url, status)
    assert desktop.console_errors == [], f"{url}: console errors"
    assert desktop.foreign_requests() == [], f"{url}: requests to other hosts"
    assert desktop.failed == [], f"{url}: failed requests"
    assert desktop.page.evaluate("document.documentElement.lang") == "en"


@pytest.mark.parametrize(
    ("tab", "scheme"), [("desktop", "default"), ("desktop_dark", "slate")], ids=["light", "dark"]
)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe(request, served, page_types, name, tab, scheme):
    browser = request.getfixturevalue(tab)
    url, status = url_of(page_types, served, name)
    browser.visit(url, status)
    assert browser.page.evaluate("document.body.dataset.mdColorScheme") == scheme
    report = axe_report(browser)
    assert report == "", f"{url} ({scheme}):\n{report}"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_phone_no_horizontal_scrolling(phone, served, page_types, name):
    url, status = url_of(page_types, served, name)
    phone.visit(url, status)
    overflow = phone.page.evaluate(
        """() => {
            const doc = document.documentElement;
            const wide = [...document.querySelectorAll('.md-content *')]
                .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1
                              && getComputedStyle(el).position !== 'fixed'
                              && !el.closest('.md-typeset__scrollwrap, pre, .highlight'))
                .slice(0, 5).map(el => el.tagName.toLowerCase() + '.' + el.className);
            return {scroll: doc.scrollWidth, client: doc.clientWidth, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["client"], f"{url} scrolls sideways at 375 px: {overflow}"
    assert overflow["wide"] == [], f"{url}: content wider than the screen: {overflow}"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_keyboard_skip_link_reaches_main_content(desktop, served, page_types, name):
    url, status = url_of(page_types, served, name)
    desktop.visit(url, status)
    page = desktop.page
    page.keyboard.press("Tab")
    first = page.evaluate(
        "({cls: document.activeElement.className, text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert "md-skip" in first["cls"], f"{url}: the first Tab does not reach a skip link: {first}"
    assert page.locator(".md-skip").is_visible(), f"{url}: skip link invisible when focused"
    page.keyboard.press("Enter")
    target = first["href"].split("#", 1)[1]
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    inside = page.evaluate("id => !!document.getElementById(id)?.closest('.md-content')", target)
    assert inside, f"{url}: the skip link target #{target} is not in the main content"
    # the next Tab continues inside the main content, not back in the header
    page.keyboard.press("Tab")
    where = page.evaluate(
        "() => { const a = document.activeElement;"
        " return a.closest('.md-content') ? 'content' : (a.outerHTML || '').slice(0, 120); }"
    )
    assert where == "content", f"{url}: Tab after the skip link lands outside the content: {where}"
