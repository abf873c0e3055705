"""Jinja environment for the markup templates in macros/templates/.

Autoescape is on: every data string is escaped. `md` also escapes Markdown punctuation, for
strings placed in Markdown (headings) rather than HTML. Compiled templates are kept between
builds (macros/template_cache.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from mkdocs.structure.files import File

from .template_cache import cached_environment

TEMPLATES = Path(__file__).parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#{}])")


def md_escape(value: object) -> Markup:
    """Escape a data string for Markdown: HTML entities plus Markdown punctuation."""
    if isinstance(value, Markup):
        return value
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(str(value)))))


def clock(value: time | datetime) -> str:
    """9:30, as the source writes times (no leading zero)."""
    return f"{value.hour}:{value.minute:02d}"


def long_date(value: date) -> str:
    return f"{value:%A} {value.day} {value:%B} {value.year}"


def short_date(value: date) -> str:
    return f"{value.day} {value:%b}"


@cache
def doc_url(src_path: str, use_directory_urls: bool) -> str:
    """The site URL MkDocs gives a page of docs/ (programme/index.md -> programme/)."""
    return File(src_path, "", "", use_directory_urls).url


def make_environment(root: Path | None = None) -> Environment:
    """The templates' environment; with `root` (the project's), compiled templates are cached
    in root/.cache/jinja/. One environment per build: templates are not checked for changes
    while it lives (`mkdocs serve` makes a new one for each rebuild)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(md=md_escape, clock=clock, long_date=long_date, short_date=short_date)
    return cached_environment(env, root, "macros") if root is not None else env


def finalize(value: object) -> object:
    """Applied to every `{{ … }}` in the Markdown pages: data text is escaped, macro output
    (Markup) passes as it is."""
    if isinstance(value, (Markup, int, float)) or value is None:
        return value
    if isinstance(value, str):
        return md_escape(value)
    return value
