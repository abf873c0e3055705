"""Reading a built PDF as its reader sees it, for test_pdf.py (the fixture) and test_pdf_real.py.

Per printed page: the running header, the body and the running footer, told apart by where the
text stands on the page (the page margins of macros/pdf/print.css hold the header and footer);
the contents (title and page number of each entry), the bookmarks, the links and the tags.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from conftest import REPO
from pypdf import PdfReader

MM = 72 / 25.4  # PDF points per millimetre
CONTENTS = "Contents"  # the contents' heading, its bookmark and its running header
# A line of the contents: the title, a leader of dots (each dot a fragment of its own, so
# joined with spaces: a title's own final full stop stays), the page number.
ENTRY = re.compile(r"(?P<title>.+?)(?:\s+\.){3,}\s+(?P<page>\d+)")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def bare(text: str) -> str:
    """Text without any whitespace: compares text however lines and fragments were split."""
    return "".join(text.split())


@functools.cache
def margins() -> tuple[float, float]:
    """Top and bottom page margins (points) as print.css sets them: the running header stands in
    the top one, the footer in the bottom one."""
    css = (REPO / "macros" / "pdf" / "print.css").read_text(encoding="utf-8")
    found = re.search(r"@page\s*\{[^}]*?margin:\s*([\d.]+)mm\s+[\d.]+mm\s+([\d.]+)mm", css)
    assert found, "print.css: @page has no `margin: <top> <right> <bottom> <left>` in mm"
    return float(found[1]) * MM, float(found[2]) * MM


@dataclass(frozen=True)
class Sheet:
    """One printed page."""

    number: int  # 1-based
    header: tuple[str, ...]  # lines of text in the top margin
    body: tuple[str, ...]  # lines of text between the margins, top to bottom
    footer: tuple[str, ...]  # lines of text in the bottom margin

    @property
    def text(self) -> str:
        return " ".join(self.body)

    def starts_with(self, title: str) -> bool:
        return bare(self.text).startswith(bare(title))


@dataclass(frozen=True)
class Link:
    page: int  # the page the link is on
    uri: str | None  # an address outside the PDF
    target: int | None  # the page it jumps to inside the PDF
    name: str | None  # its named destination, if it has one


@dataclass(frozen=True)
class Bookmark:
    level: int  # 1 for the top level
    title: str
    page: int


class Sheets(Sequence[Sheet]):
    """The printed pages of a PDF, each read when first asked for (reading is the slow part)."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.read: dict[int, Sheet] = {}

    def __len__(self) -> int:
        return len(self.reader.pages)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = index + len(self) if index < 0 else index
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index not in self.read:
            self.read[index] = _sheet(self.reader.pages[index], index + 1)
        return self.read[index]


@dataclass
class Pdf:
    path: Path
    sheets: Sheets
    bookmarks: list[Bookmark]
    links: list[Link]

    @property
    def text(self) -> str:
        """The text of every page without running headers and footers."""
        return " ".join(sheet.text for sheet in self.sheets)

    @property
    def contents(self) -> list[tuple[str, int]]:
        """(title, page number) of each entry of the contents, as printed (on the pages after
        the cover headed "Contents")."""
        entries = []
        for sheet in self.contents_sheets():
            for line in sheet.body:
                found = ENTRY.fullmatch(line)
                if found:
                    entries.append((found["title"], int(found["page"])))
        return entries

    @property
    def titles(self) -> list[str]:
        """Titles of the pages of the site in this PDF, in the order of its contents."""
        return [title for title, _ in self.contents]

    def contents_sheets(self) -> list[Sheet]:
        found = []
        for sheet in self.sheets[1:]:
            if sheet.header != (CONTENTS,):
                break
            found.append(sheet)
        return found

    def top_bookmarks(self) -> list[Bookmark]:
        return [b for b in self.bookmarks if b.level == 1]


def _lines(page) -> list[tuple[float, str]]:
    """(baseline height, text) of each line of a page, top to bottom; the fragments of a line
    (cells of a table row, leader dots) joined left to right."""
    fragments: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((y, x, text))

    page.extract_text(visitor_text=visit)
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, text in sorted(fragments, key=lambda f: -f[0]):
        if lines and lines[-1][0] - y < 2:
            lines[-1][1].append((x, text))
        else:
            lines.append((y, [(x, text)]))
    return [(y, squeeze(" ".join(t for _, t in sorted(parts)))) for y, parts in lines]


def _sheet(page, number: int) -> Sheet:
    top, bottom = margins()
    height = float(page.mediabox.height)
    lines = _lines(page)
    return Sheet(
        number,
        header=tuple(t for y, t in lines if y > height - top),
        body=tuple(t for y, t in lines if bottom <= y <= height - top),
        footer=tuple(t for y, t in lines if y < bottom),
    )


def _bookmarks(reader: PdfReader) -> list[Bookmark]:
    out: list[Bookmark] = []

    def walk(items, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                page = reader.get_destination_page_number(item) + 1
                out.append(Bookmark(level, squeeze(item.title), page))

    walk(reader.outline, 1)
    return out


def _links(path: Path) -> list[Link]:
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        names = {}
        if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
            names = dict(pikepdf.NameTree(pdf.Root.Names.Dests).items())

        def page_of(dest) -> int | None:
            if isinstance(dest, pikepdf.Dictionary):  # {/D [page …]}
                dest = dest.D
            return numbers.get(dest[0].objgen)

        links = []
        for n, page in enumerate(pdf.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                action = annot.get("/A")
                dest = annot.get("/Dest")
                if action is not None and action.get("/S") == "/URI":
                    links.append(Link(n, str(action.URI), None, None))
                    continue
                if action is not None and action.get("/S") == "/GoTo":
                    dest = action.D
                assert dest is not None, f"{path.name}, page {n}: a link goes nowhere: {annot!r}"
                name = None
                if isinstance(dest, pikepdf.String | pikepdf.Name):
                    name = str(dest).lstrip("/")
                    assert name in names, f"{path.name}, page {n}: no destination {name!r}"
                    dest = names[name]
                links.append(Link(n, None, page_of(dest), name))
        return links


def parts(path: Path) -> dict[str, int]:
    """Page label prefix (M1-, …) -> page number where that part of the handbook starts."""
    with pikepdf.open(path) as pdf:
        labels = pdf.Root.get("/PageLabels")
        nums = list(labels.Nums) if labels is not None else []
        return {
            str(d.P): int(i) + 1 for i, d in zip(nums[::2], nums[1::2], strict=True) if "/P" in d
        }


@functools.cache
def read(path: Path) -> Pdf:
    """The PDF at `path` (read once: the sites are built once per session)."""
    reader = PdfReader(path)
    return Pdf(path, Sheets(reader), _bookmarks(reader), _links(path))


def figures(path: Path) -> list[str]:
    """The alternative text of every Figure of the PDF's structure tree ("" when missing)."""
    found: list[str] = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    found.append(str(node.get("/Alt", "")))
                if "/K" in node:
                    stack.append(node.K)
    return found
