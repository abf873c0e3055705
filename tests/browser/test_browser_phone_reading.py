"""What participants met on phones: small figure labels, search for an abbreviation, time-zone
names. At 390 px (a common phone width) where the width matters. Wide tables are checked on every
page, in test_browser_every_page.py."""

from __future__ import annotations

import re
from html import unescape

import pytest

from .browser_support import open_tab, page_file, page_url

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone390(browser):
    tab = open_tab(browser, PHONE_390, timezone_id="Europe/Kyiv")
    yield tab
    tab.page.context.close()


# ----------------------------------------------------------------------------------- figures


def test_figures_open_full_size_and_have_their_size(phone390, served, site, curriculum):
    """Every figure image of the data's pages links to its own file (the browser zooms an SVG
    opened alone) and has width and height in the SVG's proportions, so it shifts nothing while
    it loads."""
    page = phone390.page
    with_figures = [
        page_url(doc)
        for docs in curriculum.pages.values()
        for doc in docs.values()
        if "<figure" in page_file(site, doc).read_text("utf-8")
    ]
    assert with_figures, "no page of the curriculum has a figure"
    for rel in with_figures:
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


def searched_term(curriculum, site) -> tuple[str, str]:
    """A glossary term (one word) that a module's page uses, and that page's URL: the first
    module (in module order) and of its terms the first in the glossary."""
    for doc in curriculum.pages["modules"].values():
        html = page_file(site, doc).read_text("utf-8")
        hovers = {unescape(h) for h in re.findall(r'<abbr title="([^"]*)"', html)}
        for t in curriculum.terms:
            if re.fullmatch(r"\w+", t.term) and (t.expansion or t.definition) in hovers:
                return t.term, page_url(doc)
    raise AssertionError("no module page uses a one-word glossary term")


def test_search_for_an_abbreviation_finds_its_module_and_the_glossary_term(
    browser, served, site, curriculum
):
    term, module = searched_term(curriculum, site)
    anchor = term.lower()  # the glossary heading's id (templates/glossary.html)
    tab = open_tab(browser, {"width": 1280, "height": 900})
    page = tab.page
    try:
        tab.visit(served.url(""))
        page.locator("input.md-search__input").click()
        page.keyboard.type(term)
        for target in (f"glossary/?h={anchor}#{anchor}", module):
            # results are rendered as they arrive: wait for each one
            page.wait_for_selector(f'.md-search-result__link[href*="{target}"]', timeout=10_000)
    finally:
        page.context.close()


# ---------------------------------------------------------------------------- time-zone names


@pytest.mark.parametrize(
    ("zone", "locale", "place", "written"),
    [  # the fixture's WINTER_SESSION, 9:30–13:30 CET on 24 March 2021
        ("Europe/Kyiv", "en-GB", "Kyiv", "10:30–14:30 EET"),  # the browser reports Europe/Kiev
        ("Europe/Kyiv", "uk-UA", "Kyiv", "10:30–14:30 EET"),  # zone named in Ukrainian by Date
        ("America/New_York", "en-GB", "New York", "4:30–8:30 EDT"),  # en-GB's Intl: GMT-4
        ("Europe/Dublin", "en-GB", "Dublin", "8:30–12:30 GMT"),
        ("Pacific/Auckland", "en-GB", "Auckland", "21:30–Thu 25 Mar, 1:30 Auckland time"),  # GMT+13
    ],
)
def test_time_zones_are_named_as_people_write_them(
    browser, served_fixture, fixture_pages, zone, locale, place, written
):
    context = browser.new_context(timezone_id=zone, locale=locale)
    try:
        page = context.new_page()
        page.goto(served_fixture.url(fixture_pages["session"]))
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
