"""Jinja environment for the markup templates in macros/templates/.

Autoescape is on: every data string is escaped. `md` also escapes Markdown punctuation, for
strings placed in Markdown (headings) rather than HTML.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

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


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, clock=clock, long_date=long_date, short_date=short_date)
    return env


def finalize(value: object) -> object:
    """Applied to every `{{ … }}` in the Markdown pages: data text is escaped, macro output
    (Markup) passes as it is."""
    if isinstance(value, (Markup, int, float)) or value is None:
        return value
    if isinstance(value, str):
        return md_escape(value)
    return value
