"""Material theme handler for mkdocs-pdf-export-plugin (its `theme_handler_path` option).

The plugin's own Material handler only restyles the page, so the header, tabs, sidebars, search,
footer, buttons and permalink signs would end up in the PDF. This one keeps the article and
nothing else (`article`), without what only works on screen. The plugin also calls
`modify_html` on every web page: the page's download button is rendered by
overrides/partials/actions.html instead, so the web page is left as it is.

Loaded by file path (no package imports): only bs4 and the standard library.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

# Inside the article: what only works on screen. Everything outside the article is dropped.
WEB_ONLY = (
    "a.headerlink",  # permalink ¶
    "a.md-content__button",  # edit / view source / download buttons
    ".md-source-file",  # "last update" footer of the page
    ".md-feedback",
    ".ct-web-only",  # calendar and download links, the local-time switch
    "script",
    "noscript",
    "form",
    "input",
    "button",
)


def modify_html(html: str, href: str) -> str:
    return html


def stylesheets(soup: BeautifulSoup) -> list[str]:
    """The site's own stylesheets (extra_css); Material's screen CSS stays out of print."""
    out = []
    for link in soup.find_all("link", rel="stylesheet", href=True):
        href = link["href"]
        if "assets/stylesheets/" in href or "://" in href.split("?")[0].replace("file://", ""):
            continue
        out.append(href)
    return out


def article(soup: BeautifulSoup) -> Tag:
    """The page's article, without what only works on screen."""
    found = soup.find("article")
    if found is None:
        raise ValueError("the page has no <article>: is the Material theme in use?")
    for selector in WEB_ONLY:
        for element in found.select(selector):
            element.decompose()
    return found
