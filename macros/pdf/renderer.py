"""Lay out each page once with WeasyPrint and assemble the module PDFs and the handbook.

`CurriculumRenderer` extends mkdocs-pdf-export-plugin's Renderer: it keeps the plugin's page
collection, theme handler and HTML preparation (`get_combined`: ids made unique per page as
`<page url>:<id>`, asset URLs made absolute) and replaces the combined writer.
"""

from __future__ import annotations

import copy
import gc
import io
import logging
import multiprocessing
import os
import posixpath
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
from .plan import Output

log = logging.getLogger("mkdocs.plugins.curriculum.pdf")

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides" / "pdf"
PDF_VARIANT = "pdf/ua-1"
# WeasyPrint messages that mean something is missing from the PDF.
LOST = re.compile(r"Failed to load|Unable to|No anchor|alt description|Missing required", re.I)
FRAME_PREFIX = "pdf-frame:"  # ids of the cover and contents pages


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
        self.page_order = base.page_order
        self.pages = base.pages
        self.pgnum = 0
        self.job = job
        self.font_config = FontConfiguration()
        self.fetcher = URLFetcher(allowed_protocols={"file", "data"})
        self.by_url = job.page_by_url()

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
        them jump inside a PDF is decided per PDF after layout (see `_retarget`)."""
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
            gc.unfreeze()
            WEASYPRINT_LOG.handlers[:], level, WEASYPRINT_LOG.propagate = saved
            WEASYPRINT_LOG.setLevel(level)
        log.info("PDF export took %.1fs", time.monotonic() - started)

    def _write_all(self, out_dir: Path, capture: Capture) -> None:
        job = self.job
        needed = {src for out in job.outputs for src in out.pages}
        order = [p for p in job.nav if p.src in needed]
        problems: list[str] = []
        docs: dict[str, Document] = {}
        for i, page in enumerate(order, start=1):
            stored = self.pages[self.page_order.index(page.url)]
            if stored is None:
                problems.append(f"docs/{page.src}: the page was not built, so it has no PDF")
                continue
            log.info("PDF: laying out page %d/%d: %s", i, len(order), page.src)
            docs[page.src] = self.render_doc(*stored)
            # The laid-out pages stay until every PDF is written: millions of objects that the
            # cyclic GC would walk again and again (time per page grew with the page count).
            # Collect what this page left behind, then freeze the rest (unfrozen at the end).
            gc.collect()
            gc.freeze()
            problems += [f"docs/{page.src}: {msg}" for msg in capture.take()]
        problems += self._check_links(docs)
        if problems:
            raise PluginError(
                "PDF export failed; the PDFs would lose content:\n  - "
                + "\n  - ".join(problems)
                + "\nFix the page(s) named above, or build without PDFs (PDF_EXPORT=0) "
                "while editing."
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        for n, (out, data, seconds) in enumerate(self._assemble_all(docs, capture), start=1):
            (job.site_dir / out.path).write_bytes(data)
            job.written[out.path] = data
            log.info(
                "PDF %d/%d: %s (%d pages, %s) in %.1fs",
                n,
                len(job.outputs),
                out.path,
                len(pikepdf.open(job.site_dir / out.path).pages),
                human_size(len(data)),
                seconds,
            )

    def _assemble_all(self, docs: dict[str, Document], capture: Capture) -> list:
        """[(output, PDF bytes, seconds)] for every output, in the order of job.outputs.

        WeasyPrint's laid-out documents hold C pointers and cannot be sent to another process,
        so layout stays here, once per page. Writing the PDFs (fonts subset, cover, contents,
        footers) is independent per PDF: forked workers inherit the laid-out pages and write
        them side by side, one per CPU (PDF_WORKERS=1, one CPU or one PDF: in this process)."""
        outputs = self.job.outputs
        workers = min(len(outputs), pdf_workers())
        if workers < 2:
            results = []
            for out in outputs:
                started = time.monotonic()
                results.append(
                    (out, self._assemble(out, docs, capture), time.monotonic() - started)
                )
            return results
        global _FORKED
        _FORKED = (self, docs)
        try:
            largest_first = sorted(range(len(outputs)), key=lambda i: -len(outputs[i].pages))
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                done = pool.map(_assemble_one, largest_first, 1)
            done = dict(zip(largest_first, done, strict=True))
        finally:
            _FORKED = None
        return [(out, *done[i]) for i, out in enumerate(outputs)]

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

    def _check_links(self, docs: dict[str, Document]) -> list[str]:
        anchors = {src: {a for p in doc.pages for a in p.anchors} for src, doc in docs.items()}
        problems = []
        for src, doc in docs.items():
            for page in doc.pages:
                for kind, target, _, _ in page.links:
                    if kind == "internal" and target not in anchors[src]:
                        frag = target.partition(":")[2]
                        problems.append(f"docs/{src}: link to #{frag}, no element has that id")
                    elif kind == "external":
                        found = self._site_target(target)
                        if found and found[0].src in docs and found[1] not in anchors[found[0].src]:
                            problems.append(
                                f"docs/{src}: link to {target}: docs/{found[0].src} has no "
                                f"element with id '{found[1].partition(':')[2]}'"
                            )
                        elif not found and target.startswith(self.job.site_url):
                            rel = target[len(self.job.site_url) :].partition("#")[0]
                            known = {o.path for o in self.job.outputs}
                            if rel not in known and not (self.job.site_dir / rel).exists():
                                problems.append(f"docs/{src}: link to missing file {rel}")
        return problems

    def _retarget(self, page, members: set[str]):
        """A shallow copy of a laid-out page whose links to pages of this PDF jump inside it."""
        links = []
        for link in page.links:
            kind, target, rect, box = link
            found = self._site_target(target) if kind == "external" else None
            if found and found[0].src in members:
                link = ("internal", found[1], rect, box)
            links.append(link)
        new = copy.copy(page)
        new.links = links
        return new

    # ----------------------------------------------------------------------------- assembly
    def _assemble(self, out: Output, docs: dict[str, Document], capture: Capture) -> bytes:
        job = self.job
        members = set(out.pages)
        body = [self._retarget(p, members) for src in out.pages for p in docs[src].pages]
        # cover and contents: rendered again until the number of contents pages is stable
        frame_pages = 2
        for _ in range(4):
            entries, number = [], 1 + frame_pages
            for src in out.pages:
                page = next(p for p in job.nav if p.src == src)
                entries.append({"page": page, "anchor": get_body_id(page.url), "number": number})
                number += len(docs[src].pages)
            frame = self._frame(out, entries, number - 1)
            if len(frame.pages) == frame_pages:
                break
            frame_pages = len(frame.pages)
        doc = frame.copy([*frame.pages, *body])
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
        raw = doc.write_pdf(pdf_variant=PDF_VARIANT)
        lost = capture.take()
        if lost:
            raise PluginError(f"PDF export of {out.path} failed:\n  - " + "\n  - ".join(lost))
        footer = self._footer(out, len(doc.pages))
        return stamp_footer(raw, footer)

    def _env(self) -> Environment:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
        )
        return env

    def _frame(self, out: Output, entries: list[dict], total: int) -> Document:
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
        return doc

    def _footer(self, out: Output, total: int) -> bytes:
        html = (
            self._env()
            .get_template("footer.html")
            .render(total=total, title=out.title, site_name=self.job.site_name)
        )
        doc = HTML(string=html, base_url=str(TEMPLATES) + "/", url_fetcher=self.fetcher)
        return doc.render(font_config=self.font_config).write_pdf()


_FORKED: tuple | None = None  # (renderer, laid-out pages), inherited by the forked workers


def pdf_workers() -> int:
    """Processes that write PDFs: PDF_WORKERS, else one per CPU (1 where fork is missing)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("PDF_WORKERS", "").strip()
    return max(1, int(wanted)) if wanted.isdigit() else (os.cpu_count() or 1)


def _assemble_one(index: int) -> tuple[bytes, float]:
    """In a forked worker: write one PDF from the pages laid out before the fork."""
    renderer, docs = _FORKED
    capture = Capture()
    WEASYPRINT_LOG.handlers[:] = [capture]
    started = time.monotonic()
    data = renderer._assemble(renderer.job.outputs[index], docs, capture)
    return data, time.monotonic() - started


def stamp_footer(pdf: bytes, footer: bytes) -> bytes:
    """Lay the footer pages ("page X of Y") over the PDF's pages, as tagged artifacts."""

    with pikepdf.open(io.BytesIO(pdf)) as main, pikepdf.open(io.BytesIO(footer)) as over:
        assert len(main.pages) == len(over.pages), "footer and document differ in pages"
        for number, (page, foot) in enumerate(zip(main.pages, over.pages, strict=True)):
            form = main.copy_foreign(foot.as_form_xobject())
            # a fixed name (not a random prefix): the pages share one Resources dictionary
            name = page.add_resource(form, pikepdf.Name.XObject, name=f"/Ftr{number}")
            page.contents_add(pikepdf.Stream(main, b"q\n"), prepend=True)
            artifact = b"Q\n/Artifact BMC\nq\n" + str(name).encode() + b" Do\nQ\nEMC\n"
            page.contents_add(pikepdf.Stream(main, artifact))
        buf = io.BytesIO()
        main.save(
            buf,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return buf.getvalue()
