"""PDF export: one PDF per published thematic module and one handbook of the whole curriculum.

Built on mkdocs-pdf-export-plugin (kept in mkdocs.yml, in combined mode): the plugin collects the
pages and calls its renderer at the end of the build; hooks/pdf.py gives it `renderer.py`, which
lays out each PDF of the plan (`plan.py`) as one WeasyPrint document, with our Material handler
(`material.py`, the plugin's `theme_handler_path`) keeping only the printable article of a page.
`PDF_EXPORT=0` switches it off.
"""

from __future__ import annotations


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"
