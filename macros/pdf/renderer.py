"""The module PDFs and the handbook, each page laid out once by WeasyPrint.

`CurriculumRenderer` takes the place of mkdocs-pdf-export-plugin's Renderer (hooks/pdf.py puts
it there). The plugin hands it every built page (`add_doc`); it keeps the page's article, made
printable by our Material handler (macros/pdf/material.py), with ids made unique per page
(`<page url>:<id>`, the plugin's own scheme). At the end of the build (`write_combined_pdf`):

1. each module PDF is one HTML document, document.html (a cover, the contents with page numbers
   from CSS `target-counter`, the pages; "page X of Y" from CSS), and so is the handbook's front
   (its cover and contents, and the pages of no module); WeasyPrint lays them out side by side
   in spawned workers (macros/pdf/weasy.py);
2. the handbook is its front followed by the module PDFs (macros/pdf/join.py).

Links to pages inside the same PDF jump inside it; links elsewhere open the published site.
Anything WeasyPrint could not place (a missing image, a link to no anchor) fails the build.
"""

from __future__ import annotations

import logging
import posixpath
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs_pdf_export_plugin.preprocessor.links.transform import transform_id
from mkdocs_pdf_export_plugin.preprocessor.links.util import get_body_id, replace_asset_hrefs
from mkdocs_pdf_export_plugin.renderer import Renderer

from ..curriculum import Curriculum
from ..settings import build_time
from .join import PART_LINK, Part, join
from .plan import Output
from .weasy import Job as RenderJob
from .weasy import render_all

log = logging.getLogger("mkdocs.plugins.curriculum.pdf")

TEMPLATES = Path(__file__).resolve().parent  # document.html and print.css
SITE_LINK = re.compile(r'href="site:([^"#]*)(?:#([^"]*))?"')  # a link to a page of the site


@dataclass
class NavPage:
    src: str  # docs-relative path
    url: str  # page.file.url, e.g. "programme/sessions/x/" ("" for the home page)
    section: str  # what it belongs to: the module, or the top-level navigation section
    title: str = ""
    body: str = ""  # the printable article, once the plugin has handed the page over

    @property
    def anchor(self) -> str:
        return get_body_id(self.url)


@dataclass
class Job:
    """Everything the PDF step needs from the MkDocs build (made by hooks/pdf.py)."""

    site_url: str
    site_dir: Path
    site_name: str
    author: str
    lang: str
    cur: Curriculum
    nav: list[NavPage]
    outputs: list[Output] = field(default_factory=list)
    written: dict[str, bytes] = field(default_factory=dict)  # site path -> PDF bytes


class CurriculumRenderer(Renderer):
    """The plugin's renderer, writing the PDFs of the plan instead of one combined PDF."""

    def __init__(self, base: Renderer, job: Job):
        self.theme = base.theme  # macros/pdf/material.py, loaded by the plugin
        self.job = job
        self.by_url = {norm(p.url): p for p in job.nav}
        self.by_src = {p.src: p for p in job.nav}
        self.stylesheets: list[str] = []
        self.used_by: dict[str, str] = {}  # an image's address -> the page that shows it

    def add_doc(self, content: str, base_url: str, rel_url: str) -> None:
        """The plugin hands over each built page: its printable article is kept."""
        page = self.by_url.get(norm(rel_url))
        if page is None:
            return
        if not self.stylesheets:
            head = BeautifulSoup(content[: content.find("</head>")], "html.parser")
            self.stylesheets = self.theme.stylesheets(replace_asset_hrefs(head, base_url))
        # only the article is parsed: the rest of the page (the navigation, which grows with
        # the curriculum) never goes into a PDF
        start, end = content.find("<article"), content.rfind("</article>")
        soup = BeautifulSoup(content[start : end + len("</article>")], "html.parser")
        article = replace_asset_hrefs(self.theme.article(soup), base_url)
        for element in article.find_all(src=True):
            self.used_by.setdefault(element["src"], page.src)
        h1 = article.find("h1")
        page.title = " ".join(h1.get_text(" ").split()) if h1 else page.title
        for element in article.find_all(id=True):
            element["id"] = transform_id(element["id"], page.url)
        for a in article.find_all("a", href=True):
            a["href"] = self.site_href(a["href"], page.url)
        page.body = article.decode_contents()

    def site_href(self, href: str, page_url: str) -> str:
        """A link as the PDFs write it: `site:<page url>#<id>` for a page of the site (resolved
        per PDF), the published address for other files, as it is when absolute."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/"):
            return href
        if href.startswith("#"):
            return f"site:{page_url}{href}"
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        target = norm(posixpath.normpath(posixpath.join(base, unquote(parts.path))))
        target = "" if target == "." else target
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if target in self.by_url:
            return f"site:{self.by_url[target].url}{fragment}"
        return self.job.site_url + target + fragment

    # -- the PDFs --------------------------------------------------------------------------
    def write_combined_pdf(self, output_path: str) -> None:
        """Called by the plugin once, at the end of the build: writes every PDF of the plan."""
        started = time.monotonic()
        missing = [
            f"docs/{p.src}: the page was not built, so it has no PDF"
            for p in self.job.nav
            if not p.body and any(p.src in out.pages for out in self.job.outputs)
        ]
        if missing:
            raise PluginError("PDF export failed:\n  - " + "\n  - ".join(missing))
        with tempfile.TemporaryDirectory(prefix="curriculum-pdf-") as tmp:
            self.write_all(Path(tmp))
        log.info("PDF export took %.1fs", time.monotonic() - started)

    def write_all(self, tmp: Path) -> None:
        """Lay out every document, then join the handbook from its front and the modules."""
        site, base = self.job.site_dir, str(TEMPLATES) + "/"
        jobs = [
            RenderJob(self.document(out), base, tmp / f"{out.key}.pdf") for out in self.job.outputs
        ]
        lost = [self.page_of(m) + m for messages in render_all(jobs) for m in messages]
        if lost:
            raise PluginError(
                "PDF export failed; the PDFs would lose content:\n  - "
                + "\n  - ".join(lost)
                + "\nFix the page(s) named above, or build without PDFs (PDF_EXPORT=0) while "
                "editing."
            )
        for out in self.job.outputs:
            target = site / out.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if out.parts:
                join(tmp / f"{out.key}.pdf", self.parts(out, tmp), target, self.job.site_url)
            else:
                target.write_bytes((tmp / f"{out.key}.pdf").read_bytes())
            self.job.written[out.path] = target.read_bytes()
            log.info("PDF %s: %d KB", out.path, len(self.job.written[out.path]) // 1024)

    def page_of(self, message: str) -> str:
        """ "docs/<page>: " for the page a WeasyPrint message is about (the page that shows an
        image, or the page of an anchor `<page url>:<id>`), else ""."""
        for src, page in self.used_by.items():
            if src in message:
                return f"docs/{page}: "
        anchor = re.search(r"#(\S*?):", message)
        page = self.by_url.get(norm(unquote(anchor.group(1)))) if anchor else None
        return f"docs/{page.src}: " if page else ""

    def parts(self, out: Output, tmp: Path) -> list[Part]:
        return [
            Part(p.key, p.title, part_label(p), tmp / f"{p.key}.pdf", f"pdf-{p.key}-cover")
            for p in out.parts
        ]

    def document(self, out: Output) -> str:
        """The HTML of one PDF: cover, contents and its pages, links resolved for this PDF."""
        job = self.job
        pages = [self.by_src[src] for src in out.pages]
        members = {norm(p.url) for p in pages}
        env = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
        )
        env.filters["css_string"] = css_string
        html = env.get_template("document.html").render(
            out=out,
            held=self.held(out),
            part_link=PART_LINK,
            part_label=part_label,
            cur=job.cur,
            pages=pages,
            stylesheets=self.stylesheets,
            site_name=job.site_name,
            site_url=job.site_url,
            author=job.author,
            lang=job.lang,
            stamp=build_time().strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        return once_per_document(SITE_LINK.sub(lambda m: self.resolve(m, members), html))

    def held(self, out: Output) -> list[tuple[str, list]]:
        """(edition, dates) the cover names: each edition that held the module and the dates
        of its sessions, or each edition's first and last day."""
        cur = self.job.cur
        if out.module:
            return [
                (eid, [cur.sessions[sid].date for sid in cur.module_sessions(out.module.id, eid)])
                for eid in cur.module_editions(out.module.id)
            ]
        return [(eid, [e.first_date, e.last_date]) for eid, e in cur.editions.items()]

    def resolve(self, link: re.Match, members: set[str]) -> str:
        url, fragment = link.group(1), link.group(2)
        if norm(url) in members:
            target = transform_id(unquote(fragment), url) if fragment else get_body_id(url)
            return f'href="#{target}"'
        return f'href="{self.job.site_url}{url}{"#" + fragment if fragment else ""}"'


def part_label(out: Output) -> str:
    """The page label prefix of a module's pages in the handbook: M4- for Module 4."""
    return f"M{out.module.number}-"


def css_string(text: str) -> Markup:
    """Text for a CSS string in double quotes, inside <style> (where HTML is not decoded)."""
    for old, new in (("\\", "\\\\"), ('"', '\\"'), ("\n", " "), ("<", "\\3c ")):
        text = str(text).replace(old, new)
    return Markup(text)


def norm(url: str) -> str:
    return url.strip("/")


NOTE = re.compile(r'<(div|details) class="[^"]*ct-source-note[^"]*" id="([^"]+)">.*?</\1>', re.S)


def once_per_document(html: str) -> str:
    """A note on the source (year, time zone, naming) is printed where it first appears; the
    pages after it repeat it on screen, not on paper."""
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        note = match.group(2).rsplit(":", 1)[-1]  # ids are <page url>:<id>
        if note in seen:
            return ""
        seen.add(note)
        return match.group(0)

    return NOTE.sub(keep_first, html)
