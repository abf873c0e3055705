"""MkDocs hook (mkdocs.yml `hooks:`) that drives mkdocs-pdf-export-plugin for the curriculum.

- on_config: PDF export on unless PDF_EXPORT=0; `mkdocs serve` exports on its first build only
  (later rebuilds keep the first build's PDFs). Registers the macros `module_pdf()` and
  `pdf_downloads()`.
- on_nav: swaps the plugin's renderer for CurriculumRenderer (after the plugin's own on_nav).
- on_env: decides which pages make which PDF (front matter is read by then).
- on_page_context: `pdf_download` for Material's download button (overrides/partials/actions.html).
- on_post_build (after the plugin wrote the PDFs): writes each PDF's size into the HTML.

Loaded by file path, so it imports the project's `macros` package absolutely.
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jinja2 import Environment, FileSystemLoader  # noqa: E402
from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from macros.pdf import HANDBOOK, OUTPUT_DIR, export_enabled, human_size  # noqa: E402
from macros.pdf.plan import container, containers, plan, published_modules  # noqa: E402
from macros.template_cache import cached_environment  # noqa: E402

# macros.pdf.renderer imports WeasyPrint (about half a second): only when PDFs are built.

log = logging.getLogger("mkdocs.plugins.curriculum.pdf")
SIZE = re.compile(r'(<span class="ct-pdf-size" data-pdf-size="([^"]+)">)[^<]*(</span>)')


@dataclass
class State:
    command: str = "build"
    builds: int = 0
    active: bool = False  # PDFs are laid out in this build
    job: object = None  # macros.pdf.renderer.Job
    cache: dict[str, bytes] = field(default_factory=dict)  # serve: PDFs of the first build
    plugin: object = None
    macros: object = None
    size_pages: set[str] = field(default_factory=set)  # site paths of pages that show PDF sizes
    containers: tuple = (None, {})  # (curriculum, plan.containers() of it)


STATE = State()


def on_startup(command: str, dirty: bool) -> None:
    STATE.command = command


# Before the plugins' on_config: with PDFs off, the plugin is switched off through its own
# `enabled_if_env` option, so it does not import WeasyPrint (half a second) for nothing.
@event_priority(100)
def on_config(config):
    STATE.builds += 1
    STATE.job = None
    STATE.size_pages.clear()
    plugin = config.plugins.get("pdf-export")
    if plugin is None:
        raise PluginError("mkdocs.yml: the PDF hook needs the 'pdf-export' plugin in 'plugins'")
    if not plugin.config.get("combined") or not plugin.config.get("theme_handler_path"):
        raise PluginError(
            "mkdocs.yml: 'pdf-export' needs 'combined: true' and "
            "'theme_handler_path: macros/pdf/material.py'"
        )
    STATE.plugin = plugin
    wanted = export_enabled()
    STATE.active = wanted and not (STATE.command == "serve" and STATE.builds > 1)
    plugin.enabled = STATE.active
    if not wanted:
        plugin.config["enabled_if_env"] = "PDF_EXPORT"  # not "1": the plugin stays off
        STATE.cache.clear()
        log.info("PDF export is off (PDF_EXPORT=0)")
    elif not STATE.active:
        log.info("PDF export skipped on this rebuild: the PDFs of the first build are kept")
    STATE.macros = config.plugins.get("macros")
    if STATE.macros is not None:
        STATE.macros.register_macros({"module_pdf": module_pdf, "pdf_downloads": pdf_downloads})
    return config


def _curriculum():
    return STATE.macros.variables["curriculum"]


def _container(src: str) -> str:
    """container() for one page, from an index made once per curriculum (once per build)."""
    cur = _curriculum()
    if STATE.containers[0] is not cur:
        STATE.containers = (cur, containers(cur))
    return container(cur, src, STATE.containers[1])


def on_nav(nav, config, files):
    if not STATE.active:
        return nav
    from macros.pdf.renderer import CurriculumRenderer, Job, NavPage

    cur = _curriculum()
    pages = []
    for page in nav.pages:
        top = page
        while top.parent is not None:
            top = top.parent
        key = _container(page.file.src_path)
        if key != HANDBOOK:
            mod = cur.modules[key]
            section = f"Module {mod.number}: {mod.title}"
        else:
            section = top.title if top is not page else config.site_name
        pages.append(NavPage(page.file.src_path, page.file.url, page.title or "", section))
    STATE.job = Job(
        site_url=config.site_url or "",
        site_dir=Path(config.site_dir),
        site_name=config.site_name,
        author=config.site_author or config.site_name,
        description=config.site_description or "",
        lang=config.theme.get("language") or "en",
        cur=cur,
        nav=pages,
    )
    STATE.plugin.renderer = CurriculumRenderer(STATE.plugin.renderer, STATE.job)
    return nav


def on_env(env, config, files):
    job = STATE.job
    if job is None:
        return env
    by_src = {p.src: p for p in job.nav}
    for file in files.documentation_pages():
        page = file.page
        if page is not None and file.src_path in by_src:
            by_src[file.src_path].excluded = page.meta.get("pdf") is False
            if page.title:
                by_src[file.src_path].title = page.title
    excluded = {p.src for p in job.nav if p.excluded}
    job.outputs = plan(job.cur, [p.src for p in job.nav], excluded)
    return env


def _available() -> bool:
    return STATE.active or bool(STATE.cache)


def on_page_context(context, page, config, nav):
    context["pdf_download"] = None
    if not _available() or page.meta.get("pdf") is False:
        return context
    key = _container(page.file.src_path)
    if key == HANDBOOK:
        title = "Download the handbook (PDF)"
    else:
        title = f"Download Module {_curriculum().modules[key].number} (PDF)"
    context["pdf_download"] = {
        "href": get_relative_url(f"{OUTPUT_DIR}/{key}.pdf", page.url),
        "title": title,
    }
    return context


def on_post_build(config):
    site = Path(config.site_dir)
    if STATE.active and STATE.job is not None:
        STATE.cache = dict(STATE.job.written)
    elif STATE.cache and export_enabled():
        for path, data in STATE.cache.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
    fill_sizes(site, STATE.size_pages)


def fill_sizes(site: Path, pages: set[str]) -> None:
    """Write the size of each PDF into the pages that link to it (known only now): the pages
    whose macros rendered download.html in this build, the only source of the size markers."""

    def size(match: re.Match) -> str:
        pdf = site / match.group(2)
        text = human_size(pdf.stat().st_size) if pdf.is_file() else "not built"
        return f"{match.group(1)}{text}{match.group(3)}"

    for dest in sorted(pages):
        html = site / dest
        text = html.read_text(encoding="utf-8")
        if 'class="ct-pdf-size"' in text:
            html.write_text(SIZE.sub(size, text), encoding="utf-8")


# ------------------------------------------------------------------------------------ macros
TEMPLATES = cached_environment(  # compiled code kept in .cache/jinja/ (macros/template_cache.py)
    Environment(
        loader=FileSystemLoader(ROOT / "overrides" / "pdf"), autoescape=True, trim_blocks=True
    ),
    ROOT,
    "pdf",
)


def _links(keys: list[str]) -> list[dict]:
    cur = _curriculum()
    page = STATE.macros.page
    STATE.size_pages.add(page.file.dest_path)  # its sizes are filled in after the build
    out = []
    for key in keys:
        path = f"{OUTPUT_DIR}/{key}.pdf"
        if key == HANDBOOK:
            title, what = "Handbook of the whole curriculum", cur.programme.title
        else:
            mod = cur.modules[key]
            title, what = f"Module {mod.number}: {mod.title}", mod.summary
        out.append(
            {"href": get_relative_url(path, page.url), "path": path, "title": title, "what": what}
        )
    return out


def module_pdf(module_id: str | None = None) -> Markup:
    """A download link to the module's PDF, with its size (for the module page)."""
    mid = module_id or str(STATE.macros.page.meta.get("module", ""))
    if mid not in _curriculum().modules:
        raise PluginError(f"module_pdf(): unknown module '{mid}'")
    return Markup(
        TEMPLATES.get_template("download.html").render(
            links=_links([mid]), available=_available(), compact=True
        )
    )


def pdf_downloads() -> Markup:
    """Every PDF of the site: the published modules and the handbook (for the Downloads page)."""
    keys = [m.id for m in published_modules(_curriculum())] + [HANDBOOK]
    return Markup(
        TEMPLATES.get_template("download.html").render(
            links=_links(keys), available=_available(), compact=False
        )
    )
