"""Lay out each page once with WeasyPrint and assemble the module PDFs and the handbook.

`CurriculumRenderer` extends mkdocs-pdf-export-plugin's Renderer: it keeps the plugin's page
collection, theme handler and HTML preparation (`get_combined`: ids made unique per page as
`<page url>:<id>`, asset URLs made absolute) and replaces the combined writer:

1. every page is laid out and written as a tagged PDF of its own (a `Unit`), by forked workers
   on all CPUs; its layout is dropped at once, so memory does not grow with the page count;
2. links are checked across all pages (a missing anchor or file fails the build);
3. each output (module PDFs, handbook) is its cover and contents (`frame.html`, written last:
   it prints page numbers) joined with its pages' units (`merge.join`), then the footer
   ("page X of Y") is laid over it and the pages' font subsets are merged. The frames and
   footers of all outputs are laid out first, then the outputs are joined, each in a fresh
   worker that holds nothing else: the handbook's join is the largest part of the build's
   memory (about 0.3 MB a PDF page, mostly its structure tree).
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import posixpath
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pikepdf
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.exceptions import PluginError
from mkdocs_pdf_export_plugin.preprocessor.links.transform import transform_id
from mkdocs_pdf_export_plugin.preprocessor.links.util import get_body_id
from mkdocs_pdf_export_plugin.preprocessor.prep import get_combined
from mkdocs_pdf_export_plugin.renderer import Renderer
from weasyprint import HTML, Document
from weasyprint.document import DocumentMetadata
from weasyprint.logger import LOGGER as WEASYPRINT_LOG
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from . import human_size
from .merge import join, margins_as_artifacts, merge_fonts
from .plan import Output

log = logging.getLogger("mkdocs.plugins.curriculum.pdf")

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "pdf"
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint messages that mean something is missing from the PDF.
LOST = re.compile(r"Failed to load|Unable to|No anchor|alt description|Missing required", re.I)
FRAME_PREFIX = "pdf-frame:"  # ids of the cover and contents pages
PAGE_HEIGHT_MM, PAGE_WIDTH_MM = 297, 210  # A4, as in frame.css and print.css
FOOT_ROW_MM, FOOT_BOTTOM_MM = 4, 11  # footer line: its height and distance from the bottom
FOOT_ROWS = int(PAGE_HEIGHT_MM // FOOT_ROW_MM)  # page labels on one sheet of the footer overlay
GOTO = "pdf-goto:"  # contents links: jumps to a named destination, resolved when joining


def build_epoch() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


class Capture(logging.Handler):
    """Collects WeasyPrint's warnings and errors while a page is laid out or a PDF written."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[str]:
        records, self.records = self.records, []
        lost = []
        for r in records:
            if r.levelno >= logging.ERROR or LOST.search(r.getMessage()):
                lost.append(r.getMessage())
            else:
                log.debug("WeasyPrint: %s", r.getMessage())
        return lost


@dataclass
class NavPage:
    src: str  # docs-relative path
    url: str  # page.file.url, e.g. "programme/sessions/x/" ("" for the home page)
    title: str
    section: str  # running header: the module, or the top-level navigation section
    excluded: bool = False


@dataclass
class Unit:
    """One page of the site written as a PDF of its own (by `_lay_out`)."""

    src: str
    pdf: Path  # in the renderer's temporary folder: read when a PDF is joined
    pages: int
    anchors: set[str]  # named destinations it holds
    links: list[tuple[str, str]]  # (WeasyPrint's kind, target) of every link
    lost: list[str]  # WeasyPrint messages that mean lost content


@dataclass
class Frame:
    """An output's cover and contents (`frame.html`) and its footer overlay, laid out."""

    pdf: bytes
    footer: bytes
    total: int  # pages of the output
    seconds: float


def norm(url: str) -> str:
    return url.strip("/")


@dataclass
class Job:
    """Everything the PDF step needs from the MkDocs build."""

    site_url: str
    site_dir: Path
    site_name: str
    author: str
    description: str
    lang: str
    cur: object  # macros.loader.Curriculum
    nav: list[NavPage]
    outputs: list[Output] = field(default_factory=list)
    written: dict[str, bytes] = field(default_factory=dict)  # site path -> PDF bytes

    def page_by_url(self) -> dict[str, NavPage]:
        return {norm(p.url): p for p in self.nav}


class CurriculumRenderer(Renderer):
    """The plugin's renderer with a page-once, many-PDFs combined writer."""

    def __init__(self, base: Renderer, job: Job):
        self.theme = base.theme
        self.combined = True
        self.page_order = base.page_order  # complete: the plugin fills it at on_nav
        self.pages = base.pages
        self.position: dict[str, int] = {}  # url -> its slot, as page_order.index() finds it
        for i, url in enumerate(self.page_order):
            self.position.setdefault(url, i)
        self.pgnum = 0
        self.job = job
        self.font_config = FontConfiguration()
        self.fetcher = URLFetcher(allowed_protocols={"file", "data"})
        self.by_url = job.page_by_url()
        # the pages' HTML, then their PDFs, wait on disk, not in memory (add_doc, _lay_out)
        self.spill = tempfile.TemporaryDirectory(prefix="curriculum-pdf-")

    def add_doc(self, content: str, base_url: str, rel_url: str) -> None:
        """Called by the plugin after each page is built. The page's whole HTML (with the
        navigation, it grows with the curriculum: 72 MB for the 927 pages of 50 modules, twice
        that as Python text) is written to a file and read back when the page is laid out."""
        pos = self.position[rel_url]
        path = Path(self.spill.name) / f"{pos}.html"
        path.write_text(content, encoding="utf-8")
        self.pages[pos] = (path, base_url, rel_url)

    # ------------------------------------------------------------------ one page, laid out once
    def render_doc(self, content: str, base_url: str, rel_url: str | None = None) -> Document:
        page = self.by_url[norm(rel_url)]
        soup = BeautifulSoup(content, "html.parser")
        soup = self.theme.to_print(soup, page.title, page.section, self.job.lang)
        self._mark_links(soup, rel_url)
        soup = get_combined(soup, base_url, rel_url)
        html = HTML(string=str(soup), url_fetcher=self.fetcher, media_type="print")
        return html.render(font_config=self.font_config, pdf_variant=PDF_VARIANT)

    def _mark_links(self, soup: BeautifulSoup, rel_url: str) -> None:
        """Links to other pages or files become absolute links to the published site; which of
        them jump inside a PDF is decided per PDF when it is joined (`goto` in `_assemble`)."""
        base = rel_url if rel_url.endswith("/") or not rel_url else posixpath.dirname(rel_url)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if href.startswith("#") or parts.scheme or parts.netloc or href.startswith("/"):
                continue
            target = norm(posixpath.normpath(posixpath.join(base, unquote(parts.path))))
            target = "" if target == "." else target
            page = self.by_url.get(target)
            path = page.url if page else target
            a["href"] = self.job.site_url + path + (f"#{parts.fragment}" if parts.fragment else "")

    # --------------------------------------------------------------------------- all the PDFs
    def write_combined_pdf(self, output_path: str) -> None:
        started = time.monotonic()
        capture = Capture()
        saved = (WEASYPRINT_LOG.handlers[:], WEASYPRINT_LOG.level, WEASYPRINT_LOG.propagate)
        WEASYPRINT_LOG.handlers[:] = [capture]
        WEASYPRINT_LOG.setLevel(logging.WARNING)
        WEASYPRINT_LOG.propagate = False
        try:
            self._write_all(Path(output_path).parent, capture)
        finally:
            WEASYPRINT_LOG.handlers[:], level, WEASYPRINT_LOG.propagate = saved
            WEASYPRINT_LOG.setLevel(level)
            self.spill.cleanup()
        log.info("PDF export took %.1fs", time.monotonic() - started)

    def _write_all(self, out_dir: Path, capture: Capture) -> None:
        job = self.job
        needed = {src for out in job.outputs for src in out.pages}
        order, problems = [], []
        for page in job.nav:
            if page.src not in needed:
                continue
            if self.pages[self.position[page.url]] is None:
                problems.append(f"docs/{page.src}: the page was not built, so it has no PDF")
            else:
                order.append(page)
        units: dict[str, Unit] = {}
        for i, unit in enumerate(self._units(order, capture), start=1):
            log.info(
                "PDF: laid out page %d/%d (%d PDF pages): %s", i, len(order), unit.pages, unit.src
            )
            units[unit.src] = unit
            problems += [f"docs/{unit.src}: {msg}" for msg in unit.lost]
        problems += self._check_links(units)
        if problems:
            raise PluginError(
                "PDF export failed; the PDFs would lose content:\n  - "
                + "\n  - ".join(problems)
                + "\nFix the page(s) named above, or build without PDFs (PDF_EXPORT=0) "
                "while editing."
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        frames = self._per_output(_frame_task, units, capture)
        done = self._per_output(_assemble_task, (units, frames), capture)
        for n, (out, frame, (pages, seconds)) in enumerate(
            zip(job.outputs, frames, done, strict=True), 1
        ):
            data = (job.site_dir / out.path).read_bytes()
            job.written[out.path] = data
            log.info(
                "PDF %d/%d: %s (%d pages, %s) in %.1fs",
                n,
                len(job.outputs),
                out.path,
                pages,
                human_size(len(data)),
                frame.seconds + seconds,
            )

    def _lay_out(self, page: NavPage, capture: Capture) -> Unit:
        """Lay out one page and write it as a tagged PDF of its own; the layout is dropped."""
        path, base_url, rel_url = self.pages[self.position[page.url]]
        doc = self.render_doc(path.read_text(encoding="utf-8"), base_url, rel_url)
        anchors = {a for p in doc.pages for a in p.anchors}
        links = [(kind, target) for p in doc.pages for kind, target, _, _ in p.links]
        pdf = path.with_suffix(".pdf")
        pdf.write_bytes(margins_as_artifacts(doc.write_pdf(pdf_variant=PDF_VARIANT)))
        return Unit(page.src, pdf, len(doc.pages), anchors, links, capture.take())

    def _units(self, order: list[NavPage], capture: Capture) -> Iterator[Unit]:
        """Every page laid out once, in navigation order.

        Layout is the costly part and the pages are independent: forked workers (one per CPU)
        lay them out side by side. Each worker holds one page's layout at a time, so memory does
        not grow with the number of pages (PDF_WORKERS=1, one CPU or no fork: in this process)."""
        workers = min(len(order), pdf_workers())
        if workers < 2:
            for page in order:
                yield self._lay_out(page, capture)
            return
        with _forked_pool((self, order), workers, maxtasksperchild=64) as pool:
            yield from pool.imap(_unit_in_worker, range(len(order)), 1)

    def _per_output(self, task: Callable, work, capture: Capture) -> list:
        """[task(self, work, capture, i)] for every output i, in the order of job.outputs.

        The outputs are independent: forked workers (inheriting `work`) do them side by side,
        one per CPU, the largest first; a fresh worker per output, so a finished worker hands
        its memory back at once. First every frame is laid out (WeasyPrint), then every PDF is
        joined (pikepdf): the handbook's join, the largest part of the build's memory, never
        shares its worker with a layout."""
        outputs = self.job.outputs
        workers = min(len(outputs), pdf_workers())
        if workers < 2:
            return [task(self, work, capture, i) for i in range(len(outputs))]
        largest_first = sorted(range(len(outputs)), key=lambda i: -len(outputs[i].pages))
        with _forked_pool((self, work), workers, maxtasksperchild=1) as pool:
            done = pool.map(partial(_task_in_worker, task), largest_first, 1)
        done = dict(zip(largest_first, done, strict=True))
        return [done[i] for i in range(len(outputs))]

    # ------------------------------------------------------------------------------- links
    def _site_target(self, url: str) -> tuple[NavPage, str] | None:
        """(page, anchor name) for an absolute link to a page of this site, else None."""
        if not url.startswith(self.job.site_url):
            return None
        path, _, frag = url[len(self.job.site_url) :].partition("#")
        page = self.by_url.get(norm(path))
        if page is None:
            return None
        frag = unquote(frag)
        return page, transform_id(frag, page.url) if frag else get_body_id(page.url)

    def _check_links(self, units: dict[str, Unit]) -> list[str]:
        problems = []
        known = {o.path for o in self.job.outputs}
        for src, unit in units.items():
            for kind, target in unit.links:
                if kind == "internal" and target not in unit.anchors:
                    frag = target.partition(":")[2]
                    problems.append(f"docs/{src}: link to #{frag}, no element has that id")
                elif kind == "external":
                    found = self._site_target(target)
                    page = units.get(found[0].src) if found else None
                    if page is not None and found[1] not in page.anchors:
                        problems.append(
                            f"docs/{src}: link to {target}: docs/{found[0].src} has no "
                            f"element with id '{found[1].partition(':')[2]}'"
                        )
                    elif not found and target.startswith(self.job.site_url):
                        rel = target[len(self.job.site_url) :].partition("#")[0]
                        if rel not in known and not (self.job.site_dir / rel).exists():
                            problems.append(f"docs/{src}: link to missing file {rel}")
        return problems

    # ----------------------------------------------------------------------------- assembly
    def _frame_of(self, out: Output, units: dict[str, Unit], capture: Capture) -> Frame:
        """The cover and contents of one output, rendered again until the number of contents
        pages is stable, and its footer overlay."""
        started = time.monotonic()
        by_src = {p.src: p for p in self.job.nav}
        frame_pages = 2
        for _ in range(4):
            entries, number = [], 1 + frame_pages
            for src in out.pages:
                page = by_src[src]
                entries.append(
                    {"page": page, "href": GOTO + quote(get_body_id(page.url)), "number": number}
                )
                number += units[src].pages
            frame, count = self._frame(out, entries, number - 1)
            if count == frame_pages:
                break
            frame_pages = count
        lost = capture.take()
        if lost:
            raise PluginError(f"PDF export of {out.path} failed:\n  - " + "\n  - ".join(lost))
        footer = self._footer(out, number - 1)
        return Frame(frame, footer, number - 1, time.monotonic() - started)

    def _assemble(self, out: Output, units: dict[str, Unit], frame: Frame) -> tuple[int, float]:
        """Write one output into the site: its frame, then its pages' units. (pages, seconds)

        Only pikepdf works here, and the PDF is saved straight to its file: the joined PDF
        (about 0.3 MB of memory a page, mostly the structure tree) is the largest thing the
        build holds, so nothing else is held beside it."""
        started = time.monotonic()
        members = set(out.pages)

        def goto(uri: str) -> str | None:
            found = self._site_target(uri)
            return found[1] if found and found[0].src in members else None

        def frame_goto(uri: str) -> str | None:
            return unquote(uri[len(GOTO) :]) if uri.startswith(GOTO) else None

        parts = (units[src].pdf.read_bytes() for src in out.pages)
        pdf = join(frame.pdf, parts, goto, frame_goto)
        if len(pdf.pages) != frame.total:
            raise PluginError(
                f"PDF export of {out.path}: {len(pdf.pages)} pages, not {frame.total}"
            )
        stamp_footer(pdf, frame.footer)
        merge_fonts(pdf)  # after the footer, which brings its own subsets
        pdf.save(
            self.job.site_dir / out.path,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        pdf.close()
        return frame.total, time.monotonic() - started

    def _env(self) -> Environment:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
        )
        return env

    def _frame(self, out: Output, entries: list[dict], total: int) -> tuple[bytes, int]:
        cur = self.job.cur
        mod = out.module
        dates = (
            sorted(cur.sessions[sid].date for sid in mod.sessions)
            if mod
            else [cur.programme.first_date, cur.programme.last_date]
        )
        html = (
            self._env()
            .get_template("frame.html")
            .render(
                out=out,
                mod=mod,
                cur=cur,
                project=cur.programme.project,
                programme=cur.programme,
                site_name=self.job.site_name,
                site_url=self.job.site_url,
                lang=self.job.lang,
                dates=dates,
                entries=entries,
                total=total,
                prefix=FRAME_PREFIX,
            )
        )
        doc = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=self.fetcher).render(
            font_config=self.font_config, pdf_variant=PDF_VARIANT
        )
        job = self.job
        stamp = build_epoch().strftime("%Y-%m-%dT%H:%M:%SZ")
        doc.metadata = DocumentMetadata(
            title=f"{out.title} — {job.site_name}" if out.module else f"{job.site_name}",
            authors=[job.author],
            description=out.module.summary if out.module else job.description,
            keywords=[job.cur.programme.project.name, job.cur.programme.title],
            generator=f"MkDocs, mkdocs-pdf-export-plugin and WeasyPrint ({job.site_url})",
            lang=job.lang,
            created=stamp,
            modified=stamp,
        )
        return margins_as_artifacts(doc.write_pdf(pdf_variant=PDF_VARIANT)), len(doc.pages)

    def _footer(self, out: Output, total: int) -> bytes:
        """The footer overlay (footer.html): the title sheet, then the page labels in rows."""
        numbers = list(range(2, total + 1))  # the cover has no footer
        html = (
            self._env()
            .get_template("footer.html")
            .render(
                total=total,
                title=out.title,
                site_name=self.job.site_name,
                sheets=[numbers[i : i + FOOT_ROWS] for i in range(0, len(numbers), FOOT_ROWS)],
                row=FOOT_ROW_MM,
                bottom=FOOT_BOTTOM_MM,
            )
        )
        doc = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=self.fetcher)
        return doc.render(font_config=self.font_config).write_pdf()


_FORKED: tuple | None = None  # (renderer, work list), inherited by the forked workers


@contextmanager
def _forked_pool(work: tuple, workers: int, maxtasksperchild: int):
    """A pool of forked workers that inherit `work` (layouts hold C pointers and cannot be
    pickled, so workers get what they need by forking, not by messages).

    The build's objects are frozen for the pool's life (`gc.freeze`): a worker's garbage
    collector then never walks them, which would write to every page of memory holding one and
    so give each worker a private copy of the whole build."""
    global _FORKED
    _FORKED = work
    gc.collect()
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, _capture_in_worker, maxtasksperchild=maxtasksperchild) as pool:
            yield pool
    finally:
        gc.unfreeze()
        _FORKED = None


def pdf_workers() -> int:
    """Processes that lay out and write PDFs: PDF_WORKERS, else one per CPU (1 without fork)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("PDF_WORKERS", "").strip()
    return max(1, int(wanted)) if wanted.isdigit() else (os.cpu_count() or 1)


_WORKER_CAPTURE = Capture()


def _capture_in_worker() -> None:
    WEASYPRINT_LOG.handlers[:] = [_WORKER_CAPTURE]


def _unit_in_worker(index: int) -> Unit:
    """In a forked worker: lay out and write one page."""
    renderer, order = _FORKED
    return renderer._lay_out(order[index], _WORKER_CAPTURE)


def _task_in_worker(task: Callable, index: int):
    """In a forked worker: one output's task, on what the worker inherited."""
    renderer, work = _FORKED
    return task(renderer, work, _WORKER_CAPTURE, index)


def _frame_task(renderer: CurriculumRenderer, units, capture: Capture, index: int) -> Frame:
    return renderer._frame_of(renderer.job.outputs[index], units, capture)


def _assemble_task(renderer: CurriculumRenderer, work, capture: Capture, index: int):
    units, frames = work
    return renderer._assemble(renderer.job.outputs[index], units, frames[index])


SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def _label_rows(sheet: pikepdf.Page, rows: int) -> list[bytes]:
    """The content stream of a label sheet, once per row, with only that row's text shown.

    WeasyPrint writes the sheet's labels as one text object, each line placed with its own
    `Tm`: the n-th placement is the n-th row. Everything else (state, fonts, colours) is kept."""
    instructions = list(pikepdf.parse_content_stream(sheet))
    placements = sum(1 for i in instructions if str(getattr(i, "operator", "")) == "Tm")
    if placements != rows:
        raise PluginError(f"PDF footer: {placements} text lines on a sheet of {rows} page labels")
    out = []
    for row in range(rows):
        line, kept = -1, []
        for ins in instructions:
            op = str(getattr(ins, "operator", ""))
            if op == "Tm":
                line += 1
            if op in SHOW_TEXT and line != row:
                continue
            kept.append(ins)
        out.append(pikepdf.unparse_content_stream(kept))
    return out


def stamp_footer(pdf: pikepdf.Pdf, footer: bytes) -> None:
    """Lay the footer over every page but the cover, as an artifact: the title sheet of the
    overlay, and the row of the label sheets that holds the page's "page N of T", moved down to
    the footer line."""
    mm = 72 / 25.4
    with pikepdf.open(io.BytesIO(footer)) as over:
        base = pdf.copy_foreign(over.pages[0].as_form_xobject())
        labels = len(pdf.pages) - 1
        for sheet_index, sheet in enumerate(over.pages[1:]):
            first = sheet_index * FOOT_ROWS
            rows = _label_rows(sheet, min(FOOT_ROWS, labels - first))
            resources = pdf.copy_foreign(sheet.obj.Resources)
            for row, content in enumerate(rows):
                page = pdf.pages[1 + first + row]
                top = (PAGE_HEIGHT_MM - row * FOOT_ROW_MM) * mm
                label = pdf.make_stream(
                    content,
                    Type=pikepdf.Name.XObject,
                    Subtype=pikepdf.Name.Form,
                    BBox=[0, top - FOOT_ROW_MM * mm, PAGE_WIDTH_MM * mm, top],
                    Matrix=[1, 0, 0, 1, 0, FOOT_BOTTOM_MM * mm - (top - FOOT_ROW_MM * mm)],
                    Resources=resources,
                )
                # fixed names (not random prefixes): the pages of a unit share one Resources dict
                foot = page.add_resource(base, pikepdf.Name.XObject, name="/FtrBase")
                name = page.add_resource(label, pikepdf.Name.XObject, name=f"/Ftr{first + row}")
                page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
                artifact = (
                    b"Q\n/Artifact <</Type /Pagination /Subtype /Footer>> BDC\nq\n"
                    + f"{foot} Do {name} Do".encode()
                    + b"\nQ\nEMC\n"
                )
                page.contents_add(pikepdf.Stream(pdf, artifact))
