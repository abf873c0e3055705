"""Which pages make which PDF, derived from data/ and the navigation (no page list in code).

- one PDF per published thematic module: the module page first, then its sessions, its lesson
  pages (data/lessons.yml `module`) and the case studies its sessions and lessons use;
- the handbook: every other page of the navigation, then the module PDFs as its parts
  (macros/pdf/join.py), so each page is laid out once.
Pages are in navigation order. A page opts out of every PDF with `pdf: false` in its front
matter (the Downloads page does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..curriculum import Curriculum
from ..models import Module

PDF_DIR = "pdf"  # in the site: pdf/<module id>.pdf and pdf/handbook.pdf
HANDBOOK = "handbook"


@dataclass
class Output:
    key: str  # module id or "handbook"
    title: str  # e.g. "Module 4: Strategy Design …"
    module: Module | None
    pages: list[str] = field(default_factory=list)  # docs-relative src paths, nav order
    parts: list[Output] = field(default_factory=list)  # the handbook's: the module PDFs

    @property
    def path(self) -> str:
        return pdf_path(self.key)


def pdf_path(key: str) -> str:
    return f"{PDF_DIR}/{key}.pdf"


def plan(cur: Curriculum, nav_sources: list[str], excluded: set[str]) -> list[Output]:
    """The PDFs to build: published modules first, then the handbook, which holds the pages of
    no module and the module PDFs."""
    order = [src for src in nav_sources if src not in excluded]
    modules, in_modules = [], set(containers(cur))
    for mod in cur.published_modules():
        members = cur.module_pages(mod.id)
        first = cur.pages["modules"][mod.id]  # the module page opens its PDF
        pages = sorted((src for src in order if src in members), key=lambda src: src != first)
        modules.append(Output(mod.id, f"Module {mod.number}: {mod.title}", mod, pages))
    rest = [src for src in order if src not in in_modules]
    return [*modules, Output(HANDBOOK, "Handbook", None, rest, modules)]


def containers(cur: Curriculum) -> dict[str, str]:
    """Docs path -> key of the PDF the page is downloaded as: the first published module that
    holds it. Pages of no module are not in it: theirs is the handbook."""
    owner: dict[str, str] = {}
    for mod in cur.published_modules():
        for src in cur.module_pages(mod.id):
            owner.setdefault(src, mod.id)
    return owner
