"""Every built page at a phone's width (390 px): axe-core in the light and the dark scheme, and
every table either fits or scrolls by keyboard. The addresses that moved lead to their pages.

test_browser_pages.py checks one page of each type at desktop width; this walks every HTML file
of the build, as participants read it on phones, once: one tab, axe loaded into each page as it
opens. Each page's tables are measured and each one that scrolls is scrolled by the arrow keys to
its last column; then the page is checked by axe in the light scheme, the phone's system
preference is switched to dark (the theme follows it, as it does on a phone) and axe runs again.
The tests below each assert on one part of what the walk found.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .browser_support import open_tab, page_url
from .test_browser_pages import AXE_OPTIONS

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}
# mkdocs-redirects' pages: an old address that sends the browser on
REDIRECT = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
MAX_PRESSES = 60  # of the right arrow key, to bring a table's last column into view

# Each table of the article, its region (hooks/html_fixes.py) and the name the region should
# have: its caption, else "Table: " and the heading of its section, else "Table".
TABLES_JS = """() => [...document.querySelectorAll('article table')].map((table, index) => {
    const region = table.closest('.ct-table');
    const cells = [...table.rows[0].cells];
    const box = (region || table).getBoundingClientRect();
    const text = el => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('.headerlink').forEach(a => a.remove());
        return copy.textContent.replace(/\\s+/g, ' ').trim();
    };
    const headings = [...document.querySelectorAll('article h1, article h2, article h3, '
        + 'article h4, article h5, article h6')]
        .filter(h => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    const caption = table.caption ? text(table.caption) : '';
    const heading = headings.length ? text(headings[headings.length - 1]) : '';
    return {
        index,
        region: !!region,
        role: region && region.getAttribute('role'),
        tabindex: region && region.tabIndex,
        name: region && region.getAttribute('aria-label'),
        expectedName: caption || (heading ? 'Table: ' + heading : 'Table'),
        scrolls: !!region && region.scrollWidth > region.clientWidth + 1,
        overflowX: region && getComputedStyle(region).overflowX,
        cue: region && getComputedStyle(region).backgroundImage,
        lastRight: cells[cells.length - 1].getBoundingClientRect().right,
        right: box.right,
        cards: !!table.closest('.ct-agenda, .ct-overview, .ct-glance'),
    };
})"""

# The region's scrollLeft once it has scrolled (it scrolls after the key press, not during it),
# or after 3 s
SCROLLED_JS = """el => new Promise(done => {
    const start = performance.now();
    (function poll() {
        if (el.scrollLeft > 0 || performance.now() - start > 3000) done(el.scrollLeft);
        else requestAnimationFrame(poll);
    })();
})"""

# What names the page and others: its <title>, and the theme's header, tabs, sidebars and footer
TITLES_JS = """() => {
    return {
        title: document.title,
        chrome: [...document.querySelectorAll('.md-header, .md-tabs, .md-sidebar, .md-footer')]
            .map(el => el.textContent).join(' ').replace(/\\s+/g, ' '),
    };
}"""


def built_pages(site: Path) -> tuple[list[str], dict[str, str]]:
    """Every page of the build as a site-relative URL ("" for the home page), and the redirect
    pages (old address -> the address they send to, site-relative)."""
    pages, redirects = [], {}
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix().removesuffix("index.html")
        found = REDIRECT.search(html.read_text(encoding="utf-8"))
        if found:
            redirects[rel] = urljoin("/" + rel, found.group(1)).lstrip("/")
        else:
            pages.append(rel)
    return pages, redirects


def axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).with_name("axe.min.js")).read_text("utf-8")


def scroll_to_last_column(page, index: int) -> dict:
    """Focus the region of the article's table `index` and press the right arrow (at least once)
    until the last cell of its first row is on the screen."""
    table = page.locator("article table").nth(index)
    region = table.locator("xpath=ancestor::div[contains(@class, 'ct-table')][1]")
    region.focus()
    state = {"focused": page.evaluate("document.activeElement.classList.contains('ct-table')")}
    state["outline"] = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    last = table.locator("tr").first.locator("th, td").last

    def on_screen() -> bool:
        box = last.bounding_box()
        return box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"] + 1

    presses = 0
    while presses < MAX_PRESSES and (presses == 0 or not on_screen()):
        page.keyboard.press("ArrowRight")  # at least once: a region that scrolls, scrolls
        presses += 1
    state.update(presses=presses, reached=on_screen(), scrolled=region.evaluate(SCROLLED_JS))
    return state


@pytest.fixture(scope="module")
def walk(browser, served, site) -> dict:
    """What every page showed: axe's violations, its tables, its wide tables scrolled."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    pages, redirects = built_pages(site)
    tab = open_tab(browser, PHONE_390, color_scheme="light", timezone_id="Europe/Kyiv")
    page = tab.page
    page.context.add_init_script(axe_source())
    found = {
        "pages": pages,
        "redirects": {},
        "axe": [],
        "titles": {},
        "tables": {},
        "scrolled": {},
    }
    try:
        for rel in pages:
            page.emulate_media(color_scheme="light")
            page.goto(served.url(rel), wait_until="load")
            found["titles"][rel] = page.evaluate(TITLES_JS)
            tables = page.evaluate(TABLES_JS)
            found["tables"][rel] = tables
            for t in tables:
                if t["region"] and t["scrolls"]:
                    found["scrolled"][(rel, t["index"])] = scroll_to_last_column(page, t["index"])
            if tables:  # back to how the page opened
                page.evaluate(
                    "document.activeElement.blur();"
                    " document.querySelectorAll('.ct-table').forEach(r => r.scrollLeft = 0)"
                )
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
                    found["axe"].append(
                        f"/{rel} {scheme}: {violation['id']} ({len(nodes)}): {targets}"
                    )
        for old in redirects:
            try:  # the page that the redirect page sends the browser to
                with page.expect_navigation(
                    url=lambda url, old=old: not url.endswith("/" + old), timeout=5000
                ) as landing:
                    page.goto(served.url(old))
                response = landing.value
                found["redirects"][old] = (page.url, response.status if response else None)
            except PlaywrightTimeout:
                found["redirects"][old] = (page.url, None)
    finally:
        page.context.close()
    found["redirect_targets"] = redirects
    return found


def test_axe_every_page_on_a_phone_light_and_dark(walk):
    assert len(walk["pages"]) > 20, f"only {len(walk['pages'])} pages built"
    assert walk["axe"] == [], "axe at 390 px:\n" + "\n".join(walk["axe"])


def test_every_table_fits_or_scrolls_by_keyboard(walk):
    """Each table either fits the screen or sits in a named region that takes focus and scrolls,
    with a shadow at the edge that has more. Tables shown as cards (agenda, overview, at a
    glance) are laid out by CSS instead (test_browser_behaviour.py, test_browser_pages.py)."""
    checked = 0
    for rel, tables in walk["tables"].items():
        for t in tables:
            if t["cards"]:
                continue
            checked += 1
            where = f"/{rel} table {t['index'] + 1}"
            assert t["region"] and t["role"] == "region", f"{where}: not in a region: {t}"
            assert t["tabindex"] == 0, f"{where}: {t}"
            name = t["name"] or ""
            assert name == t["expectedName"] or re.fullmatch(
                re.escape(t["expectedName"]) + r" \(\d+\)", name
            ), f"{where}: named {name!r}, not after its caption or section: {t}"
            assert t["right"] <= PHONE_390["width"], f"{where}: the region is wider than the screen"
            if t["scrolls"]:
                assert t["overflowX"] in ("auto", "scroll"), f"{where}: {t}"
                assert t["cue"].count("gradient") >= 2, f"{where}: no visible cue that it scrolls"
            else:
                assert t["lastRight"] <= PHONE_390["width"] + 1, f"{where}: last column clipped"
    assert checked, "no page has a table outside the cards"


def test_wide_tables_scroll_to_their_last_column_by_keyboard(walk):
    """A table wider than a phone: its region takes focus, shows it, and the arrow keys scroll it
    (as they scroll a page) until its last column is on the screen."""
    assert walk["scrolled"], "no table on any page is wider than a phone"
    for (rel, index), state in walk["scrolled"].items():
        where = f"/{rel} table {index + 1}"
        assert state["focused"], f"{where}: the region does not take focus"
        assert state["outline"] != "none", f"{where}: the focused region shows no focus outline"
        assert state["scrolled"] > 0, f"{where}: the arrow keys do not scroll it: {state}"
        assert state["reached"], f"{where}: the last column never comes on screen: {state}"


def test_old_addresses_lead_to_their_pages(walk, curriculum):
    """The redirect pages send the browser to a built page; a session's old address
    (programme/sessions/<id>/) to the session's page as data/ places it."""
    sessions = {f"programme/sessions/{sid}/": sid for sid in curriculum.pages["sessions"]}
    assert walk["redirects"], "no redirect page built"
    for old, (landed, status) in walk["redirects"].items():
        target = walk["redirect_targets"][old]
        assert target in walk["pages"], f"/{old} sends to /{target}, not a page of the build"
        if old in sessions:
            assert target == page_url(curriculum.pages["sessions"][sessions[old]]), old
        assert landed.endswith("/" + target) and status == 200, f"/{old}: {landed} ({status})"


def test_page_titles_are_rendered(walk):
    """No page's <title>, and no title in the theme's header, tabs, sidebars or footer (other
    pages' titles) is left as a Jinja expression."""
    problems = []
    for rel, t in walk["titles"].items():
        if "{{" in t["title"] or "{{" in t["chrome"]:
            problems.append(f"/{rel}: a {{{{ }}}} in its title or navigation: {t['title']}")
    assert problems == [], "\n".join(problems)
