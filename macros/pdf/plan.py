"""Which pages make which PDF, derived from data/ and the navigation (no page list in code).

- one PDF per published thematic module: the module page first, then its sessions, its lesson pages
  (data/lessons.yml `module`) and the case studies its sessions and lessons use;
- the handbook: every page of the navigation.
Pages are always in navigation order. A page opts out of every PDF with `pdf: false` in its
front matter (the Downloads page does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..loader import Curriculum

if TYPE_CHECKING:
    from ..models import Module
from . import HANDBOOK, OUTPUT_DIR


@dataclass
class Output:
    key: str  # module id or "handbook"
    title: str  # e.g. "Module 4: Strategy Design …"
    module: Module | None
    pages: list[str] = field(default_factory=list)  # docs-relative src paths, nav order

    @property
    def path(self) -> str:
        """Site-relative path of the PDF."""
        return f"{OUTPUT_DIR}/{self.key}.pdf"


def module_sources(cur: Curriculum, module_id: str) -> set[str]:
    """The docs paths of the pages that belong to a module."""
    srcs = {cur.pages["modules"][module_id]}
    srcs |= {cur.pages["sessions"][sid] for sid in cur.modules[module_id].sessions}
    srcs |= {cur.pages["lessons"][lid] for lid in cur.module_lessons(module_id)}
    srcs |= {cur.pages["case_studies"][cid] for cid in cur.module_case_studies(module_id)}
    return srcs


def published_modules(cur: Curriculum) -> list[Module]:
    return [m for m in cur.modules.values() if m.status == "published"]


def plan(cur: Curriculum, nav_sources: list[str], excluded: set[str]) -> list[Output]:
    """The PDFs to build: published modules first, then the handbook."""
    order = [src for src in nav_sources if src not in excluded]
    outputs = []
    for mod in published_modules(cur):
        members = module_sources(cur, mod.id)
        outputs.append(
            Output(
                mod.id,
                f"Module {mod.number}: {mod.title}",
                mod,
                # the module page opens its PDF; the rest follows the navigation
                sorted(
                    (src for src in order if src in members),
                    key=lambda src: src != cur.pages["modules"][mod.id],
                ),
            )
        )
    outputs.append(Output(HANDBOOK, "Handbook", None, order))
    return outputs


def containers(cur: Curriculum) -> dict[str, str]:
    """Docs path -> key of the PDF the page is downloaded as: the first published module that
    holds it. Pages of no module are not in it: theirs is the handbook (see container())."""
    owner: dict[str, str] = {}
    for mod in published_modules(cur):
        for src in module_sources(cur, mod.id):
            owner.setdefault(src, mod.id)
    return owner


def container(cur: Curriculum, src: str, index: dict[str, str] | None = None) -> str:
    """Key of the PDF a page is downloaded as: its module's PDF, else the handbook. Pass the
    `containers(cur)` index when asking for many pages."""
    return (containers(cur) if index is None else index).get(src, HANDBOOK)
