"""Material theme handler for mkdocs-pdf-export-plugin (its `theme_handler_path` option).

The plugin's own Material handler only restyles the page, so the header, tabs, sidebars, search,
"Skip to content", footer, buttons, edit links and permalink signs end up in the PDF. This one
keeps the article and nothing else: `to_print` builds a fresh print document from it. The page's
download button is not injected here (overrides/partials/actions.html renders it), so
`modify_html` leaves the web page as it is.

Loaded by file path (no package imports): only bs4 and the standard library.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
PRINT_CSS = ROOT / "overrides" / "pdf" / "print.css"

# Inside the article: web-only things. Everything outside the article is dropped anyway.
WEB_ONLY = (
    "a.headerlink",  # permalink ¶
    "a.md-content__button",  # edit / view source / download buttons
    ".md-source-file",  # "last update" footer of the page
    ".md-feedback",
    ".ct-pdf-download",  # links to the PDFs themselves
    ".ct-web-only",
    "script",
    "noscript",
    "form",
    "input",
    "button",
)


def get_stylesheet() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def modify_html(html: str, href: str) -> str:
    return html


def _stylesheets(soup: BeautifulSoup) -> list[str]:
    """The site's own stylesheets (extra_css); Material's screen CSS stays out of print."""
    out = []
    for link in soup.find_all("link", rel="stylesheet", href=True):
        href = link["href"]
        if "assets/stylesheets/" in href or "://" in href.split("?")[0].replace("file://", ""):
            continue
        out.append(href)
    return out


def to_print(soup: BeautifulSoup, title: str, section: str, lang: str) -> BeautifulSoup:
    """A new document holding only the page's article, with the print stylesheet."""
    article = soup.find("article")
    if article is None:
        raise ValueError("the page has no <article>: is the Material theme in use?")
    for selector in WEB_ONLY:
        for element in article.select(selector):
            element.decompose()
    out = BeautifulSoup(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title></title>'
        "</head><body></body></html>",
        "html.parser",
    )
    out.title.string = title
    for href in _stylesheets(soup):
        out.head.append(out.new_tag("link", rel="stylesheet", href=href))
    style = out.new_tag("style")
    style.string = get_stylesheet()
    out.head.append(style)
    main = out.new_tag("main")
    main["class"] = "md-typeset"
    main["data-section"] = section
    main.extend(list(article.children))
    out.body.append(main)
    return out
