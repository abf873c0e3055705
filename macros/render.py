"""Jinja environment for the markup templates in macros/templates/, and its filters.

Autoescape is on: every data string is escaped. `md` also escapes Markdown punctuation, for
strings placed in Markdown (headings) rather than HTML.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from mkdocs.structure.files import File

from .models import hm as clock  # 9:30, as the source writes times (no leading zero)

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#{}])")


def md_escape(value: object) -> Markup:
    """Escape a data string for Markdown: HTML entities plus Markdown punctuation."""
    if isinstance(value, Markup):
        return value
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(value)))))


def long_date(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B} {value.year}"


def short_date(value: date) -> str:
    return f"{value.day} {value:%b}"


def date_span(first: date, last: date) -> Markup:
    """1–10 Dec 2020, 27 Nov–18 Dec 2020, 30 Dec 2020–2 Jan 2021 or 1 Dec 2020, each end in
    a <time> element."""
    end = f"{short_date(last)} {last.year}"
    if first == last:
        return _TIME.format(last.isoformat(), end)
    start = f"{short_date(first)} {first.year}" if first.year != last.year else short_date(first)
    start = str(first.day) if first.month == last.month and first.year == last.year else start
    return _TIME.format(first.isoformat(), start) + "–" + _TIME.format(last.isoformat(), end)


_TIME = Markup('<time datetime="{}">{}</time>')


def abbreviations(glossary: dict[str, str]):
    """The `abbr` filter: the text escaped, each glossary term in it in <abbr title="…">.

    Python-Markdown's abbr extension (fed with the same glossary) does this for the pages'
    Markdown, but not inside raw HTML such as the agenda tables and lists the macros write:
    this filter gives their data text the same hover definitions. Terms match as whole words,
    longest first, as the extension matches them."""
    if not glossary:
        return escape
    terms = sorted(glossary, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\b")

    def abbr(value: object) -> Markup:
        if isinstance(value, Markup):
            return value
        text, out, pos = str(value), [], 0
        for m in pattern.finditer(text):
            out += [escape(text[pos : m.start()]), _ABBR.format(glossary[m.group(0)], m.group(0))]
            pos = m.end()
        out.append(escape(text[pos:]))
        return Markup("").join(out)

    return abbr


_ABBR = Markup('<abbr title="{}">{}</abbr>')


@cache
def doc_url(src_path: str, use_directory_urls: bool) -> str:
    """The site URL MkDocs gives a page of docs/ (programme/index.md -> programme/)."""
    return File(src_path, "", "", use_directory_urls).url


def make_environment(glossary: dict[str, str] | None = None) -> Environment:
    """The templates' environment. `glossary` (term -> hover text) feeds the `abbr` filter."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md_escape, clock=clock, long_date=long_date, short_date=short_date)
    env.filters["date_span"] = date_span
    env.filters["abbr"] = abbreviations(glossary or {})
    return env


def finalize(value: object) -> object:
    """Applied to every `{{ … }}` in the Markdown pages: data text is escaped, macro output
    (Markup) passes as it is."""
    return md_escape(value) if isinstance(value, str) else value
