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
- The theme writes the page's description (front matter, or from data: macros/__init__.py)
  into its <meta> tag without escaping it: it is handed over escaped.
"""

from __future__ import annotations

import re

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
    if end < 0 or "<abbr " not in html[start.start() : end]:
        return html
    end += len(ARTICLE_END)
    fixed = focusable_abbreviations(html[start.start() : end])
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
