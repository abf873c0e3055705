"""What a participant does: search, keyboard to the agenda, the agenda on a phone, the colour
scheme, glossary tooltips."""

from __future__ import annotations

import pytest

from .browser_support import page_url

pytestmark = pytest.mark.browser

MAX_TABS = 120


def tab_until(page, predicate_js: str, arg=None) -> int:
    """Press Tab until predicate_js(document.activeElement, arg) holds; return the count."""
    for count in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"arg => ({predicate_js})(document.activeElement, arg)", arg):
            return count
    where = page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"not reached by {MAX_TABS} presses of Tab (focus on {where})")


def test_search_for_a_case_study_opens_it_by_keyboard(desktop, served, page_types, curriculum):
    """The chosen case study (page_types), found by its title from data/ and opened by keyboard."""
    target = page_types["case study"]
    cid = next(c for c, doc in curriculum.pages["case_studies"].items() if page_url(doc) == target)
    title = curriculum.case_studies[cid].title
    desktop.visit(served.url(""))
    page = desktop.page
    tab_until(page, "el => el.matches('input.md-search__input')")
    page.keyboard.type(title)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    first = page.locator(".md-search-result__link").first.get_attribute("href")
    assert target in first, f"first search result for {title!r} is {first}, not {target}"
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert target in page.url
    assert page.locator("h1").first.inner_text().rstrip("¶").strip() == title
    assert desktop.console_errors == []
    assert desktop.foreign_requests() == []


def test_keyboard_reaches_the_agenda(desktop, served, page_types):
    desktop.visit(served.url(page_types["session"]))
    page = desktop.page
    anchor = page.evaluate(
        """() => {
            const agenda = document.querySelector('.md-content .ct-agenda');
            let el = agenda;
            while (el && !/^H[1-6]$/.test(el.tagName)) el = el.previousElementSibling;
            return el ? el.id : null;
        }"""
    )
    assert anchor, "the session page has no heading before its agenda"
    tab_until(
        page,
        "(el, id) => !!el.closest('.ct-agenda') || "
        "(el.tagName === 'A' && el.hash === '#' + id && !el.classList.contains('headerlink'))",
        anchor,
    )
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    box = page.locator(".md-content .ct-agenda").first.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"], box


def test_agenda_is_readable_on_a_phone(phone, served, page_types):
    phone.visit(served.url(page_types["session"]))
    report = phone.page.evaluate(
        """() => {
            const agenda = document.querySelector('.md-content .ct-agenda');
            const width = document.documentElement.clientWidth;
            const box = agenda.getBoundingClientRect();
            const cells = [...agenda.querySelectorAll('tbody td, caption')]
                .filter(el => el.offsetParent !== null);
            const small = cells.filter(el => parseFloat(getComputedStyle(el).fontSize) < 12)
                .map(el => el.textContent.trim().slice(0, 40));
            const clipped = cells.filter(el => el.scrollWidth > el.clientWidth + 1)
                .map(el => el.textContent.trim().slice(0, 40));
            const outside = cells.filter(el => el.getBoundingClientRect().right > width + 1)
                .map(el => el.textContent.trim().slice(0, 40));
            const times = [...agenda.querySelectorAll('time')]
                .filter(el => el.offsetParent !== null).length;
            // the theme wraps tables in a sideways scroller: on a phone it must not scroll
            const scrollers = [agenda, ...agenda.querySelectorAll('*')]
                .filter(el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
                .filter(el => el.scrollWidth > el.clientWidth + 1)
                .map(el => el.className || el.tagName);
            return {left: box.left, right: box.right, width, small, clipped, outside, times,
                    scroller: scrollers.length > 0, scrollers};
        }"""
    )
    assert report["left"] >= 0 and report["right"] <= report["width"], report
    assert not report["scroller"], f"the agenda scrolls sideways: {report}"
    assert report["small"] == [], f"text below 12 px: {report['small']}"
    assert report["clipped"] == [] and report["outside"] == [], report
    assert report["times"] > 0, "no times visible in the agenda"


def test_colour_scheme_choice_persists_across_pages(fresh_tab, served, page_types):
    page = fresh_tab.page
    fresh_tab.visit(served.url(""))

    def scheme() -> str:
        return page.evaluate("document.body.dataset.mdColorScheme")

    assert scheme() == "default"  # the system preference (light) by default
    for _ in range(3):  # the toggle cycles system -> light -> dark
        if scheme() == "slate":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == "slate", "the toggle never reaches the dark scheme"
    for rel in (page_types["session"], page_types["glossary"], page_types["case study"]):
        fresh_tab.visit(served.url(rel))
        assert scheme() == "slate", f"dark scheme lost on {rel}"
    # and back: the choice is remembered the other way too
    for _ in range(3):
        if scheme() == "default":
            break
        page.locator("form[data-md-component=palette] label:visible").first.click()
    fresh_tab.visit(served.url(""))
    assert scheme() == "default"


def test_glossary_abbreviations_show_their_meaning_on_hover_and_focus(desktop, served, page_types):
    desktop.visit(served.url(page_types["session"]))
    page = desktop.page
    abbr = page.locator("article abbr[title]").first
    assert abbr.count() == 1, "no abbreviation with a title on the session page"
    title = abbr.get_attribute("title")
    assert title.strip()
    abbr.hover()
    tooltip = page.locator(".md-tooltip2--active").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert title in tooltip.inner_text()
    page.mouse.move(0, 0)
    # keyboard: the first abbreviation of each term is in the tab order and opens the tooltip
    tab_until(page, "el => el.tagName === 'ABBR'")
    focused = page.evaluate("document.activeElement.title")
    page.locator(".md-tooltip2--active", has_text=focused).first.wait_for(
        state="visible", timeout=5000
    )


def test_glossary_lists_every_term_with_its_definition(desktop, served, page_types, curriculum):
    """Each term of data/glossary.yml has its heading (the id other pages and search link to),
    with its expansion, followed by its definition, in the glossary's order."""
    desktop.visit(served.url(page_types["glossary"]))
    shown = desktop.page.evaluate(
        """() => [...document.querySelectorAll('article .ct-glossary h2')].map(h => ({
            id: h.id,
            heading: h.innerText.replace(/\u00b6/g, '').trim(),
            definition: h.nextElementSibling ? h.nextElementSibling.innerText.trim() : '',
            visible: h.offsetParent !== null,
        }))"""
    )
    assert [s["id"] for s in shown] == [
        t.term.lower().replace(" ", "-") for t in curriculum.terms
    ], "the glossary's headings are not the terms of data/glossary.yml"
    for term, s in zip(curriculum.terms, shown, strict=True):
        heading = f"{term.term} ({term.expansion})" if term.expansion else term.term
        assert s["heading"] == heading and s["visible"], s
        assert " ".join(s["definition"].split()).startswith(" ".join(term.definition.split())), s
