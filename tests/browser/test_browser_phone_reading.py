"""What participants met on phones: wide tables, small figure labels, search for an
abbreviation, time-zone names. At 390 px (a common phone width) where the width matters."""

from __future__ import annotations

import re

import pytest

from .browser_support import open_tab

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
SESSION = "programme/sessions/2020-12-01-cluster-strategy-1/"  # 1 December 2020, 9:30 CET


@pytest.fixture(scope="module")
def phone390(browser):
    tab = open_tab(browser, PHONE_390, timezone_id="Europe/Kyiv")
    yield tab
    tab.page.context.close()


# ------------------------------------------------------------------------------------ tables

TABLES_JS = """() => [...document.querySelectorAll('article table')].map(table => {
    const region = table.closest('.ct-table');
    const cells = [...table.rows[0].cells];
    const box = (region || table).getBoundingClientRect();
    return {
        region: !!region,
        role: region && region.getAttribute('role'),
        tabindex: region && region.tabIndex,
        name: region && region.getAttribute('aria-label'),
        scrolls: !!region && region.scrollWidth > region.clientWidth + 1,
        overflowX: region && getComputedStyle(region).overflowX,
        cue: region && getComputedStyle(region).backgroundImage,
        lastRight: cells[cells.length - 1].getBoundingClientRect().right,
        right: box.right,
        cards: !!table.closest('.ct-agenda, .ct-overview, .ct-glance'),
    };
})"""


@pytest.mark.parametrize(
    "rel", ["case-studies/project-examples/", "contributing/", "material/strategic-analysis/"]
)
def test_wide_tables_fit_or_scroll_by_keyboard(phone390, served, rel):
    """Each table either fits the screen or sits in a named region that takes focus and scrolls,
    with a shadow at the edge that has more."""
    phone390.visit(served.url(rel))
    tables = phone390.page.evaluate(TABLES_JS)
    assert tables, f"/{rel} has no table"
    for n, t in enumerate(tables):
        if t["cards"]:
            continue
        where = f"/{rel} table {n + 1}"
        assert t["region"] and t["role"] == "region", f"{where}: not in a region: {t}"
        assert t["tabindex"] == 0 and (t["name"] or "").strip(), f"{where}: {t}"
        assert t["right"] <= PHONE_390["width"], f"{where}: the region is wider than the screen"
        if t["scrolls"]:
            assert t["overflowX"] in ("auto", "scroll"), f"{where}: {t}"
            assert t["cue"].count("gradient") >= 2, f"{where}: no visible cue that it scrolls"
        else:
            assert t["lastRight"] <= PHONE_390["width"] + 1, f"{where}: last column clipped"


def test_a_wide_table_scrolls_from_the_keyboard(phone390, served):
    page = phone390.page
    phone390.visit(served.url("contributing/"))
    index = page.evaluate(
        "[...document.querySelectorAll('.ct-table')].findIndex("
        "r => r.scrollWidth > r.clientWidth + 1)"
    )
    assert index >= 0, "no table on the Contributing page is wider than a phone"
    region = page.locator(".ct-table").nth(index)
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('ct-table')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused table region shows no focus outline"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)


def test_project_examples_placement_column_is_reachable(phone390, served):
    """The issue's table: 451 px at 390 px, its Placement column clipped without a hint."""
    page = phone390.page
    phone390.visit(served.url("case-studies/project-examples/"))
    header = page.locator("article th", has_text="Placement")
    region = page.locator(".ct-table", has=page.locator("th", has_text="Placement"))
    assert region.get_attribute("aria-label") == "Table: The examples by typology"
    region.focus()
    for _ in range(40):  # the arrow keys scroll a focused region, as they scroll a page
        box = header.bounding_box()
        if box["x"] + box["width"] <= PHONE_390["width"] + 1:
            break
        page.keyboard.press("ArrowRight")
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_390["width"] + 1, box


# ----------------------------------------------------------------------------------- figures


def test_figures_open_full_size_and_have_their_size(phone390, served, site):
    """Every figure image links to its own file (the browser zooms an SVG opened alone) and has
    width and height in the SVG's proportions, so it shifts nothing while it loads."""
    page = phone390.page
    lessons = sorted(
        p.parent for p in site.glob("material/*/index.html") if "<figure" in p.read_text("utf-8")
    )
    assert lessons, "no lesson page has a figure"
    for folder in lessons:
        rel = folder.relative_to(site).as_posix() + "/"
        phone390.visit(served.url(rel))
        figures = page.evaluate(
            """() => [...document.querySelectorAll('article figure img')].map(img => ({
                src: img.src, alt: img.alt, width: img.getAttribute('width'),
                height: img.getAttribute('height'), href: img.closest('a') && img.closest('a').href,
                cue: img.closest('a') && getComputedStyle(img.closest('a'), '::after').content,
                shown: img.getBoundingClientRect().width,
            }))"""
        )
        assert figures, f"/{rel}: <figure> without an image"
        for fig in figures:
            where = f"/{rel} {fig['src'].rsplit('/', 1)[-1]}"
            assert fig["href"] == fig["src"], f"{where}: does not link to itself: {fig}"
            assert len(fig["alt"]) > 40, f"{where}: the alt text is gone"
            assert "full size" in (fig["cue"] or ""), f"{where}: no visible 'open full size' cue"
            svg = (site / fig["src"].split(served.root, 1)[1]).read_text("utf-8")
            vw, vh = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
            width, height = int(fig["width"]), int(fig["height"])
            assert abs(width * vh / vw - height) <= 1, f"{where}: {width}x{height}, SVG {vw}x{vh}"
            assert fig["shown"] <= PHONE_390["width"], where
    # tapping one opens the drawing itself
    first = page.locator("article figure a").first
    with page.expect_navigation():
        first.click()
    assert page.url.endswith(".svg")
    assert page.evaluate("document.documentElement.localName") == "svg"


# ------------------------------------------------------------------------------------ search


def test_search_for_ris3_finds_module_4_and_the_glossary_term(browser, served):
    tab = open_tab(browser, {"width": 1280, "height": 900})
    page = tab.page
    try:
        tab.visit(served.url(""))
        page.locator("input.md-search__input").click()
        page.keyboard.type("RIS3")
        for target in ("glossary/?h=ris3#ris3", "modules/module-4/"):
            # results are rendered as they arrive: wait for each one
            page.wait_for_selector(f'.md-search-result__link[href*="{target}"]', timeout=10_000)
    finally:
        page.context.close()


# ---------------------------------------------------------------------------- time-zone names


@pytest.mark.parametrize(
    ("zone", "locale", "place", "written"),
    [
        ("Europe/Kyiv", "en-GB", "Kyiv", "10:30–14:30 EET"),  # the browser reports Europe/Kiev
        ("Europe/Kyiv", "uk-UA", "Kyiv", "10:30–14:30 EET"),  # zone named in Ukrainian by Date
        ("America/New_York", "en-GB", "New York", "3:30–7:30 EST"),  # en-GB's Intl: GMT-5
        ("Europe/Dublin", "en-GB", "Dublin", "8:30–12:30 GMT"),
        ("Pacific/Auckland", "en-GB", "Auckland", "21:30–Wed 2 Dec, 1:30 Auckland time"),  # GMT+13
    ],
)
def test_time_zones_are_named_as_people_write_them(browser, served, zone, locale, place, written):
    context = browser.new_context(timezone_id=zone, locale=locale)
    try:
        page = context.new_page()
        page.goto(served.url(SESSION))
        button = page.locator("button.ct-localtime-toggle")
        assert button.inner_text() == f"Also show times in my time zone ({place})"
        local = page.locator("dl.ct-facts .ct-local").inner_text().strip()
        assert local == f"(your time: {written})", local
        assert not re.search(r"GMT[+\-−]|/", local), local
        button.click()
        button.click()
        status = page.locator(".ct-localtime-status").inner_text()
        assert status == f"Times are also shown in your time zone, {place}."
    finally:
        context.close()
