"""The handbook: its front document followed by the module PDFs, joined into one tagged PDF.

Each module PDF is laid out once (macros/pdf/renderer.py) and goes into the handbook whole, as
a part with its own cover, contents and page numbers ("Module 4 · page 3 of 19"); PDF page
labels (M4-1, M4-2, …) make a viewer show the same numbers. Joining keeps what WeasyPrint
wrote for PDF/UA and for navigation:

- the structure tree: each part's top-level elements move under the front document's Document
  element, and the keys of its parent tree (pages' /StructParents, annotations' /StructParent)
  are shifted past the keys already used, so they stay unique;
- named destinations and bookmarks, which pikepdf's `add_pages_from` carries over; each
  part's bookmarks are then put under one bookmark for the part;
- links: a link to a page of the site (written as its web address, or `pdf-part:<key>` for the
  start of a part) becomes a jump inside the handbook when the handbook holds that page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

PART_LINK = "pdf-part:"  # href of a link to the start of a part (its cover)


@dataclass(frozen=True)
class Part:
    key: str  # module id
    title: str  # its bookmark
    label: str  # page label prefix, e.g. "M4-"
    pdf: Path
    cover: str  # the named destination of its first page


def join(front: Path, parts: list[Part], target: Path, site_url: str) -> None:
    """Write the handbook (front, then every part) to `target`."""
    with pikepdf.open(front) as pdf:
        tree = StructTree(pdf)
        targets = destinations(pdf, pdf, 0)  # every id of the handbook -> where it is
        labels: list = [0, Dictionary(S=Name.D)]
        marks = []  # (part, its first page, how many top-level bookmarks it brought)
        for part in parts:
            first = len(pdf.pages)
            with pikepdf.open(part.pdf) as src:
                with src.open_outline() as outline:
                    marks.append((part, first, len(outline.root)))
                pdf.add_pages_from(src)
                tree.append(src, pdf.pages[first:])
                targets |= destinations(src, pdf, first)
                targets[PART_LINK + part.key] = targets[part.cover]
            labels += [first, Dictionary(S=Name.D, P=String(part.label))]
        tree.finish()
        _group_bookmarks(pdf, marks)
        pdf.Root.PageLabels = Dictionary(Nums=Array(labels))
        _link_inside(pdf, targets, site_url)
        pdf.save(
            target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )


class StructTree:
    """The front document's structure tree, which the parts' trees join."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        root = pdf.Root.StructTreeRoot
        self.document = root.K[0]  # WeasyPrint: StructTreeRoot.K = [Document]
        self.nums = list(root.ParentTree.Nums)  # [key, value, key, value, ...]
        self.next_key = max((int(k) for k in self.nums[::2]), default=-1) + 1

    def append(self, src: pikepdf.Pdf, pages) -> None:
        """The part's elements under our Document, its parent tree keys shifted."""
        offset = self.next_key
        src_nums = list(src.Root.StructTreeRoot.ParentTree.Nums)
        kids = copy(self.pdf, src.Root.StructTreeRoot.K[0].K)
        for kid in kids:
            kid.P = self.document
            self.document.K.append(kid)
        for key, value in zip(src_nums[::2], src_nums[1::2], strict=True):
            self.nums += [int(key) + offset, copy(self.pdf, value)]
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        self.next_key = offset + max((int(k) for k in src_nums[::2]), default=-1) + 1

    def finish(self) -> None:
        """The parent tree written once, with every part's keys."""
        self.pdf.Root.StructTreeRoot.ParentTree = Dictionary(Nums=Array(self.nums))


def _group_bookmarks(pdf: pikepdf.Pdf, marks: list) -> None:
    """Each part's bookmarks (added after the front's, in order) under one for the part."""
    with pdf.open_outline() as outline:
        start = len(outline.root) - sum(count for _, _, count in marks)
        grouped = list(outline.root[:start])
        for part, first, count in marks:
            item = OutlineItem(part.title, first)
            item.children = outline.root[start : start + count]
            grouped.append(item)
            start += count
        outline.root[:] = grouped


def copy(pdf: pikepdf.Pdf, obj):
    """An object of another PDF in `pdf`: indirect objects copied (once: pikepdf keeps a map
    per source, so a page copied by pages.extend is the page the copies point to), direct
    arrays and dictionaries rebuilt around them."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array([copy(pdf, item) for item in obj])
    if isinstance(obj, Dictionary):
        return Dictionary({key: copy(pdf, value) for key, value in obj.items()})
    return obj


def destinations(src: pikepdf.Pdf, pdf: pikepdf.Pdf, first: int) -> dict[str, Array]:
    """Name -> explicit destination in `pdf` of every named destination of `src`, whose pages
    were appended to `pdf` from page index `first` on."""
    names = src.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    index = {page.objgen: i for i, page in enumerate(src.pages)}
    out = {}
    for name, dest in pikepdf.NameTree(names.Dests).items():
        if isinstance(dest, Dictionary):  # a destination may be wrapped as << /D [...] >>
            dest = dest.D
        page = pdf.pages[first + index[dest[0].objgen]].obj
        out[str(name)] = Array([page, *list(dest)[1:]])
    return out


def _link_inside(pdf: pikepdf.Pdf, targets: dict[str, Array], site_url: str) -> None:
    """Links to pages the handbook holds (written as their web address, or `pdf-part:<key>`
    for the start of a part) jump inside it."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            dest = targets.get(_name(str(action.URI), site_url))
            if dest is not None:
                del annot.A
                annot.Dest = dest


def _name(uri: str, site_url: str) -> str:
    """The id a link to the site stands for: the ids of the page at <path> are "<path>:<id>",
    its top is "<path>:"; a part link stands for itself. The site's own address (the covers'
    "Published at") stays a link to the site."""
    if uri.startswith(PART_LINK) or not site_url or not uri.startswith(site_url) or uri == site_url:
        return uri
    path, _, fragment = uri[len(site_url) :].partition("#")
    return f"{unquote(path)}:{unquote(fragment)}"
