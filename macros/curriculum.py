"""The validated curriculum and the relations the pages ask of it.

Made by macros/loader.py once data/ and the pages' front matter are valid; read-only after that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .models import CaseStudy, Edition, Lesson, Module, Organisation, Project, Session, Term
from .yaml_lines import line_of

EDITIONS_DOCS = "programme"  # an edition's pages: docs/programme/<edition id>/ (index.md first)
# Which front-matter key ties a page to which kind of data.
PAGE_KEYS = {
    "session": "sessions",
    "module": "modules",
    "lesson": "lessons",
    "case_study": "case_studies",
}


@dataclass(frozen=True)
class Source:
    """Where a piece of data came from, to point editors at the right line."""

    file: str
    node: Any  # the parsed YAML, carrying line numbers

    def line(self, *path: str | int) -> int:
        return line_of(self.node, path)


@dataclass(frozen=True, eq=False)
class Curriculum:
    root: Path
    project: Project
    editions: dict[str, Edition]  # the runs of the training, oldest first
    sessions: dict[str, Session]  # of every edition, in date order
    modules: dict[str, Module]  # in number order
    organisations: dict[str, Organisation]
    case_studies: dict[str, CaseStudy]
    lessons: dict[str, Lesson]
    terms: list[Term]  # alphabetical
    pages: dict[str, dict[str, str]]  # kind (sessions, …, editions) -> id -> docs page path
    sources: dict[tuple[str, str], Source] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        # Short: mkdocs-macros writes every page variable into its debug log.
        counts = ", ".join(
            f"{len(getattr(self, kind))} {kind}"
            for kind in ("sessions", "modules", "lessons", "case_studies", "organisations")
        )
        return f"<Curriculum {self.root}: {counts}>"

    # -- indexes, built on first use ----------------------------------------------------------
    @cached_property
    def _session_numbers(self) -> dict[str, int]:
        """Session id -> its number in its edition (1, 2, …)."""
        return {
            sid: n for eid in self.editions for n, sid in enumerate(self.edition_sessions(eid), 1)
        }

    @cached_property
    def _sessions_of(self) -> dict[tuple[str | None, str | None], list[str]]:
        """(module id or None, edition id or None) -> the sessions, in programme order; None
        stands for any (every session of an edition, a module's in every edition)."""
        out: dict[tuple[str | None, str | None], list[str]] = {}
        for sid, s in self.sessions.items():
            out.setdefault((None, s.edition_id), []).append(sid)
            if s.module:
                out.setdefault((s.module, None), []).append(sid)
                out.setdefault((s.module, s.edition_id), []).append(sid)
        return out

    @cached_property
    def _agenda_refs(self) -> dict[tuple[str, str], list[tuple[str, int]]]:
        """("presenter" or "case_study", id) -> (session id, agenda index) of the items naming
        it, in programme order."""
        refs: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for sid, s in self.sessions.items():
            for i, item in enumerate(s.agenda):
                for oid in dict.fromkeys(item.presenters):
                    refs.setdefault(("presenter", oid), []).append((sid, i))
                for cid in dict.fromkeys(item.case_studies):
                    refs.setdefault(("case_study", cid), []).append((sid, i))
        return refs

    @cached_property
    def _case_study_modules(self) -> dict[str, str]:
        """Case study id -> the first module (in module order) whose lessons or sessions use it."""
        out: dict[str, str] = {}
        for mid in self.modules:
            for cid in self.module_case_studies(mid):
                out.setdefault(cid, mid)
        return out

    # -- relations ----------------------------------------------------------------------------
    def published_modules(self) -> list[Module]:
        return [m for m in self.modules.values() if m.status == "published"]

    def current_edition(self) -> str:
        """The edition a visitor meets first: the latest (the last to start)."""
        return list(self.editions)[-1]

    def edition_sessions(self, edition_id: str) -> list[str]:
        return list(self._sessions_of.get((None, edition_id), []))

    def module_of(self, session_id: str) -> Module | None:
        return self.modules.get(self.sessions[session_id].module or "")

    def module_sessions(self, module_id: str, edition_id: str | None = None) -> list[str]:
        """The sessions that deliver a module (in one edition, or in every edition)."""
        return list(self._sessions_of.get((module_id, edition_id), []))

    def module_editions(self, module_id: str) -> list[str]:
        """The editions that delivered a module, oldest first."""
        return [eid for eid in self.editions if self.module_sessions(module_id, eid)]

    def session_number(self, session_id: str) -> int:
        return self._session_numbers[session_id]

    def presented_by(self, org_id: str) -> list[tuple[str, int]]:
        """(session id, agenda index) of the items an organisation presents."""
        return list(self._agenda_refs.get(("presenter", org_id), ()))

    def expert_in(self, org_id: str) -> list[str]:
        return [sid for sid, s in self.sessions.items() if s.expert == org_id]

    def items_with_case_study(self, cs_id: str) -> list[tuple[str, int]]:
        return list(self._agenda_refs.get(("case_study", cs_id), ()))

    def lessons_with_case_study(self, cs_id: str) -> list[str]:
        return [lid for lid, lesson in self.lessons.items() if cs_id in lesson.case_studies]

    def module_lessons(self, module_id: str) -> list[str]:
        return [lid for lid, lesson in self.lessons.items() if lesson.module == module_id]

    def module_case_studies(self, module_id: str) -> list[str]:
        """The case studies a module's lessons and sessions use: those of its lessons first,
        then those of its agenda items, each once."""
        found = [
            cid for lid in self.module_lessons(module_id) for cid in self.lessons[lid].case_studies
        ]
        for sid in self.module_sessions(module_id):
            found += [cid for item in self.sessions[sid].agenda for cid in item.case_studies]
        return list(dict.fromkeys(found))

    def case_study_module(self, cs_id: str) -> str | None:
        """The module a case study is filed under: the first that uses it, else None."""
        return self._case_study_modules.get(cs_id)

    def module_pages(self, module_id: str) -> set[str]:
        """The docs paths of the pages that belong to a module: its page, its sessions', its
        lessons' and its case studies'."""
        pages = self.pages
        return {
            pages["modules"][module_id],
            *(pages["sessions"][sid] for sid in self.module_sessions(module_id)),
            *(pages["lessons"][lid] for lid in self.module_lessons(module_id)),
            *(pages["case_studies"][cid] for cid in self.module_case_studies(module_id)),
        }

    def source_file(self, kind: str, item_id: str = "") -> str:
        return self.sources[(kind, item_id)].file
