"""MkDocs hook: what the theme emits outside any overridable block, made valid and accessible.

- Material's base.html puts autocomplete="off" on its checkbox toggles, the first elements of
  <body> (not allowed on checkboxes by the HTML standard), and its nav-item partial writes
  tabindex="" (not an integer): both are removed from the final HTML, nothing else is touched.
- On a page outside the navigation (mkdocs.yml not_in_nav), Material's table of contents keeps
  a label for the toggle "__toc", which only pages in the navigation have: the label's `for`
  is removed there (an HTML error otherwise).
- Material renders the "Skip to content" link only on pages with a table of contents; pages
  without one (the 404 page) get the same link, to their first heading.
- The first abbreviation of each term on a page is focusable, so its glossary tooltip opens
  from the keyboard as well as on hover.
- Each table of the page body (except the agenda, overview and at-a-glance tables, which turn
  into cards on phones) stands in a named, focusable region that scrolls sideways when the table
  is wider than the screen, so a keyboard can scroll it too (curriculum.css draws the cue).
- The theme writes the page's description (front matter, or from data: macros/__init__.py)
  into its <meta> tag without escaping it: it is handed over escaped.
"""

from __future__ import annotations

import re
from html import unescape

from markupsafe import Markup, escape

CHECKBOX = re.compile(r"<input\b[^>]*\btype=\"checkbox\"[^>]*>")
SKIP = '<div data-md-component="skip">'
EMPTY_SKIP = re.compile(r'(<div data-md-component="skip">)\s*(</div>)')
FIRST_H1_ID = re.compile(r'<h1 id="([^"]+)"')
ARTICLE_START = re.compile(r"<article\b")
ARTICLE_END = "</article>"
# One leading "<" for all three: the regex engine then tries them only where a tag starts.
TOKENS = re.compile(
    r"<(?:(?P<open>(?:a|button|summary|label)\b[^>]*)>|/(?P<close>a|button|summary|label)>"
    r'|abbr title="(?P<term>[^"]*)">)'
)
# Tables as Markdown and the macros write them (bare <table>, the ones the theme wraps), and the
# headings before them: a table without a caption is named after its section.
TABLE_OR_HEADING = re.compile(
    r"<table>(?:\s*<caption>(?P<caption>.*?)</caption>)?|<h[1-6]\b[^>]*>(?P<heading>.*?)</h[1-6]>",
    re.S,
)
CARDS = re.compile(r'<div class="ct-(?:agenda|overview|glance)"[^>]*>\s*$')
HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")


def focusable_abbreviations(article: str) -> str:
    """The first <abbr> of each term in the page body takes keyboard focus, so its tooltip (the
    theme's content.tooltips) opens for keyboard users too; later ones stay out of the tab order,
    and so do those inside links, buttons and summaries (already focusable)."""
    seen: set[str] = set()
    depth = 0

    def one(m: re.Match) -> str:
        nonlocal depth
        if m.group("open"):
            depth += 1
        elif m.group("close"):
            depth = max(0, depth - 1)
        elif depth == 0 and m.group("term") not in seen:
            seen.add(m.group("term"))
            return f'<abbr title="{m.group("term")}" tabindex="0">'
        return m.group(0)

    return TOKENS.sub(one, article)


def _text(html: str) -> str:
    return " ".join(unescape(TAG.sub("", HEADERLINK.sub("", html))).split())


def scrollable_tables(article: str) -> str:
    """Each table in <div class="ct-table" role="region" tabindex="0" aria-label="…">: named
    by its caption, else by the heading of its section ("Table: …"), numbered if repeated."""
    out, pos, heading, used = [], 0, "", {}
    for m in TABLE_OR_HEADING.finditer(article):
        if m.group("heading") is not None:
            heading = _text(m.group("heading"))
            continue
        end = article.find("</table>", m.end())
        if end < 0 or CARDS.search(article, max(0, m.start() - 200), m.start()):
            continue
        caption = _text(m.group("caption") or "")
        name = caption or (f"Table: {heading}" if heading else "Table")
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} ({used[name]})"
        end += len("</table>")
        out += [
            article[pos : m.start()],
            f'<div class="ct-table" role="region" tabindex="0" aria-label="{escape(name)}">',
            article[m.start() : end],
            "</div>",
        ]
        pos = end
    return "".join(out) + article[pos:] if out else article


def _no_autocomplete(m: re.Match) -> str:
    return m.group(0).replace(' autocomplete="off"', "")


def fix_html(html: str) -> str:
    """Each fix looks only where its markup can be: pages are large, mostly navigation. The
    theme's checkbox toggles come first in <body>, before its skip-link container."""
    html = html.replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace(
            '<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">'
        )
    top = html.find(SKIP)
    if top < 0:  # not the theme's layout: look everywhere
        html, top = CHECKBOX.sub(_no_autocomplete, html), 0
    else:
        toggles = CHECKBOX.sub(_no_autocomplete, html[:top])
        html, top = toggles + html[top:], len(toggles)
    if (empty := EMPTY_SKIP.match(html, top)) and (h1 := FIRST_H1_ID.search(html, top)):
        link = f'<a href="#{h1.group(1)}" class="md-skip">Skip to content</a>'
        html = html[: empty.end(1)] + link + html[empty.start(2) :]
    start = ARTICLE_START.search(html, top)
    end = html.find(ARTICLE_END, start.end()) if start else -1
    if end < 0:
        return html
    end += len(ARTICLE_END)
    article = html[start.start() : end]
    fixed = scrollable_tables(article) if "<table>" in article else article
    if "<abbr " in fixed:
        fixed = focusable_abbreviations(fixed)
    return html[: start.start()] + fixed + html[end:]


def on_page_context(context, page, config, nav):
    # The theme writes page.meta.description into an attribute without escaping it: a quote in
    # a description would break the <meta> tag. Hand it over escaped (as Markup, so a template
    # that does escape does not escape twice); on_post_page puts the plain text back.
    description = page.meta.get("description")
    if description and not isinstance(description, Markup):
        page.meta["description"] = escape(" ".join(str(description).split()))
    return context


def on_post_page(output: str, page, config) -> str:
    description = page.meta.get("description")
    if isinstance(description, Markup):
        page.meta["description"] = description.unescape()
    return fix_html(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    return fix_html(output_content) if template_name.endswith(".html") else output_content
