"""PDF export: one PDF per published thematic module and one handbook of the whole curriculum.

Built on mkdocs-pdf-export-plugin (kept in mkdocs.yml, in combined mode): the plugin collects the
pages and calls its renderer at the end of the build; `hook.py` (an MkDocs hook) swaps in
`CurriculumRenderer`, which reuses the plugin's HTML preparation and our Material handler
(`material.py`, the plugin's `theme_handler_path`) and adds what the plugin lacks: every page is
laid out by WeasyPrint once, module PDFs and the handbook are assembled from the same pages, links
are retargeted per PDF, a cover, contents and page numbers are added, and any lost content fails
the build. `PDF_EXPORT=0` switches it off.
"""

from __future__ import annotations

import os

OUTPUT_DIR = "pdf"  # in the site: pdf/<module id>.pdf and pdf/handbook.pdf
HANDBOOK = "handbook"


def export_enabled() -> bool:
    """PDF export is on unless PDF_EXPORT is 0/false/no/off."""
    return os.environ.get("PDF_EXPORT", "1").strip().lower() not in ("0", "false", "no", "off")


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
