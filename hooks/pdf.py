"""MkDocs hook: mkdocs-pdf-export-plugin writes the curriculum's PDFs with our renderer
(macros/pdf/renderer.py; macros/pdf/__init__.py tells how the plugin and the hook fit together):

- on_config: the plugin is on when PDF_EXPORT=1 (its own `enabled_if_env`; the Makefile sets
  it for `make site` and `make serve`); `mkdocs serve` lays the PDFs out on its first build only
  (later rebuilds keep that build's PDFs, so an edit reloads in about a second).
- on_nav (after the plugin's own on_nav): the renderer, with the plan of which pages go in which
  PDF (macros/pdf/plan.py).
- on_post_build (after the plugin wrote the PDFs): the PDFs kept by `mkdocs serve`, and each
  PDF's size written into the pages that link to it (known only now).

The `macros` package is imported inside the events: mkdocs-macros puts the project on the path
when it loads it, before any of them runs.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.curriculum.pdf")
SHOWS_SIZES = "ct_pdf_sizes"  # page.meta: the page links to PDFs (set by macros/pages.py)
SIZE = re.compile(r'(<span class="ct-pdf-size" data-pdf-size="([^"]+)">)[^<]*(</span>)')


class PdfBuild:
    """What the hook keeps from one build to the next (`mkdocs serve`)."""

    def __init__(self) -> None:
        self.command = "build"
        self.builds = 0
        self.active = False  # PDFs are laid out in this build
        self.job = None
        self.kept: dict[str, bytes] = {}  # serve: the PDFs of the first build
        self.pages: list = []  # the navigation's pages: some show the PDFs' sizes


STATE = PdfBuild()


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


def on_config(config):
    from macros.settings import pdf_export

    plugin = config.plugins.get("pdf-export")
    if plugin is None or not plugin.config.get("combined"):
        raise PluginError("mkdocs.yml: hooks/pdf.py needs the 'pdf-export' plugin, combined: true")
    STATE.builds += 1
    STATE.job = None
    STATE.active = pdf_export() and not (STATE.command == "serve" and STATE.builds > 1)
    plugin.enabled = STATE.active
    if not pdf_export():
        STATE.kept.clear()
    elif not STATE.active:
        log.info("PDF export skipped on this rebuild: the PDFs of the first build are kept")
    return config


@event_priority(-50)  # after the plugin's on_nav, which makes its renderer
def on_nav(nav, config, files):
    STATE.pages = nav.pages
    if not STATE.active:
        return nav
    from macros.pdf.plan import plan
    from macros.pdf.renderer import CurriculumRenderer, Job, NavPage

    cur = config.plugins["macros"].variables["curriculum"]
    pages = []
    for page in nav.pages:
        top = page
        while top.parent is not None:
            top = top.parent
        section = top.title if top is not page else config.site_name
        pages.append(NavPage(page.file.src_path, page.file.url, section, page.title or ""))
    excluded = {f.src_path for f in files.documentation_pages() if pdf_off(f)}
    STATE.job = Job(
        site_url=config.site_url or "",
        site_dir=Path(config.site_dir),
        site_name=config.site_name,
        author=config.site_author or config.site_name,
        lang=config.theme.get("language") or "en",
        cur=cur,
        nav=pages,
        outputs=plan(cur, [p.src for p in pages], excluded),
    )
    plugin = config.plugins["pdf-export"]
    plugin.renderer = CurriculumRenderer(plugin.renderer, STATE.job)
    return nav


def pdf_off(file) -> bool:
    """`pdf: false` in the page's front matter (read from the file: pages are not read yet)."""
    from macros.pages_meta import front_matter

    try:
        meta, _ = front_matter(file.content_string.removeprefix("\ufeff"), file.src_path)
    except Exception:
        return False
    return isinstance(meta, dict) and meta.get("pdf") is False


@event_priority(-50)  # after the plugin's on_post_build, which writes the PDFs
def on_post_build(config):
    from macros.settings import pdf_export

    site = Path(config.site_dir)
    if STATE.active and STATE.job is not None:
        STATE.kept = dict(STATE.job.written)
    elif STATE.kept and pdf_export():
        for path, data in STATE.kept.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
    fill_sizes(site, [p.file.dest_path for p in STATE.pages if p.meta.get(SHOWS_SIZES)])


def fill_sizes(site: Path, pages: list[str]) -> None:
    """Write the size of each PDF into the pages that link to it (macros/pages.py marks them)."""
    from macros.pdf import human_size

    def size(match: re.Match) -> str:
        pdf = site / match.group(2)
        text = human_size(pdf.stat().st_size) if pdf.is_file() else "not built"
        return f"{match.group(1)}{text}{match.group(3)}"

    for dest in pages:
        html = site / dest
        html.write_text(SIZE.sub(size, html.read_text(encoding="utf-8")), encoding="utf-8")
