"""MkDocs hook: the curriculum is validated ahead, on another core, and loaded when the
navigation needs it.

- on_startup: when data/ (or the code that reads it) changed since the validated data was last
  kept in .cache/data/, a forked child starts validating it (macros.loader.prefetch). MkDocs
  meanwhile runs the plugins' on_config, reads the theme and lists the site's files: on this
  site that hides most of a first build's validation (pydantic's import included).
- on_files (before MkDocs builds the navigation from `nav`): the macros module's data-dependent
  set-up (macros.setup_data): the curriculum is loaded (waiting for the child, or validated
  here), the navigation derived, the glossary, templates and calendars prepared; on a first
  build a child compiles the macros' templates and the pages (macros/compile_ahead.py).

A data error stops the build here, with the same message as before: the child never reports
problems, it only keeps valid data; `load` validates again and reports them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.plugins import event_priority  # noqa: E402

import macros  # noqa: E402


def on_startup(command: str, dirty: bool) -> None:
    macros.start_prefetch(ROOT)


@event_priority(100)  # before the other plugins' on_files: they may read the derived data
def on_files(files, config):
    macros.setup_data(files)
    return files
