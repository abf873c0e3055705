"""Read data/*.yml and the pages' front matter, validate everything, build the Curriculum.

    load(root) = read and validate each file -> check the references between them -> check
    that every item has its page and every page names an item that exists.

Nothing renders until this succeeds: every problem found is raised at once, as one DataError
listing file, line, field, what is wrong and how to fix it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import models
from .curriculum import PAGE_KEYS, Curriculum, Source
from .errors import DataError, Problem, did_you_mean, loc_text, problems_from
from .pages_meta import check_pages
from .yaml_lines import line_of, read_yaml

# kind (also the key of its list) -> (file in data/, model of the file, what one entry is called)
LISTS = {
    "modules": ("modules.yml", models.ModulesFile, "module"),
    "organisations": ("organisations.yml", models.OrganisationsFile, "organisation"),
    "case_studies": ("case-studies.yml", models.CaseStudiesFile, "case study"),
    "lessons": ("lessons.yml", models.LessonsFile, "lesson"),
}
EDITIONS_DIR = "data/editions"  # one folder per edition: edition.yml and sessions/*.yml


def load(root: Path | str, docs_dir: str = "docs") -> Curriculum:
    """Validate data/ and the pages' front matter; raise DataError with every problem found."""
    reader = DataReader(Path(root))
    data = reader.read()
    pages = check_pages(reader.root, docs_dir, reader.known(), reader.sources, reader.problems)
    if reader.problems or data["project"] is None:
        raise DataError(reader.problems)
    return Curriculum(root=reader.root, pages=pages, sources=reader.sources, **data)


class DataReader:
    """Reads every file of data/ once, collecting problems instead of stopping at the first."""

    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.sources: dict[tuple[str, str], Source] = {}
        self.failed: set[str] = set()  # kinds whose file could not be read: not checked further
        self.invalid_sessions: set[str] = set()  # session files that exist but failed
        self.failed_editions: set[str] = set()  # edition folders whose edition.yml failed
        self.data: dict[str, Any] = {}

    def read(self) -> dict[str, Any]:
        """Each file validated, then the references between them checked."""
        self.data["project"] = self.read_model("project.yml", models.Project, "project")
        for kind in LISTS:
            self.data[kind] = self.read_list(kind)
        self.data["terms"] = self.read_glossary()
        self.data["editions"], self.data["sessions"] = self.read_editions()
        self.check_references()
        self.data["modules"] = dict(
            sorted(self.data["modules"].items(), key=lambda kv: kv[1].number)
        )
        return self.data

    def known(self) -> dict[str, dict | None]:
        """kind -> the ids known to exist (None: the kind's file failed, ids unknown). Session
        files that failed validation count as known: they are reported once, where they fail."""
        known: dict[str, dict | None] = {
            kind: None if kind in self.failed else self.data[kind] for kind in PAGE_KEYS.values()
        }
        known["sessions"] = {**self.data["sessions"], **dict.fromkeys(self.invalid_sessions)}
        known["editions"] = {**self.data["editions"], **dict.fromkeys(self.failed_editions)}
        return known

    def report(self, src: Source | str, loc: tuple, what: str, fix: str) -> None:
        """One problem at `loc` (a path of fields) of a parsed file, or of a file or folder."""
        if isinstance(src, str):
            self.problems.append(Problem(src, 0, "", what, fix))
        else:
            self.problems.append(Problem(src.file, src.line(*loc), loc_text(loc), what, fix))

    # -- one file ----------------------------------------------------------------------------
    def read_file(self, rel: str, model: type[BaseModel]) -> tuple[Any, Any]:
        """(the parsed YAML, the validated model) of one file; the model is None when the file
        is missing, cannot be parsed or is not valid (reported)."""
        path = self.root / rel
        if not path.exists():
            self.report(rel, (), "the file is missing", "restore it from the repository")
            return None, None
        try:
            node = read_yaml(path, rel)
        except DataError as err:
            self.problems.extend(err.problems)
            return None, None
        if not isinstance(node, dict):
            what = "the file is empty or is not a set of 'field: value' lines"
            fix = "compare it with a neighbouring data file and start from its structure"
            self.problems.append(Problem(rel, 1, "", what, fix))
            return node, None
        try:
            return node, model.model_validate(dict(node))
        except ValidationError as err:
            self.problems.extend(problems_from(err, rel, node, model, line_of))
            return node, None

    def read_model(self, name: str, model: type[BaseModel], kind: str, item_id: str = "") -> Any:
        rel = f"data/{name}"
        node, parsed = self.read_file(rel, model)
        if parsed is None:
            self.failed.add(kind if not item_id else f"{kind}/{item_id}")
        else:
            self.sources[(kind, item_id)] = Source(rel, node)
        return parsed

    def read_list(self, kind: str) -> dict:
        """The entries of one list file by id; an id used twice is reported."""
        name, model, _ = LISTS[kind]
        parsed = self.read_model(name, model, kind)
        if parsed is None:
            return {}
        src = self.sources[(kind, "")]
        items: dict = {}
        for i, item in enumerate(getattr(parsed, kind)):
            self.sources[(kind, item.id)] = Source(src.file, src.node[kind][i])
            if item.id in items:
                why = f"the id '{item.id}' is used twice"
                self.report(src, (kind, i, "id"), why, f"give every entry in {src.file} its own id")
            items[item.id] = item
        return items

    def read_glossary(self) -> list[models.Term]:
        parsed = self.read_model("glossary.yml", models.GlossaryFile, "glossary")
        if parsed is None:
            return []
        src = self.sources[("glossary", "")]
        seen: set[str] = set()
        for i, t in enumerate(parsed.terms):
            if t.term in seen:
                why = f"the term '{t.term}' is defined twice"
                self.report(src, ("terms", i, "term"), why, "keep one definition")
            seen.add(t.term)
        return sorted(parsed.terms, key=lambda t: t.term.lower())

    # -- editions: a folder each (its name is the id), with edition.yml and sessions/ ---------
    def read_editions(self) -> tuple[dict[str, models.Edition], dict[str, models.Session]]:
        editions: dict[str, models.Edition] = {}
        sessions: dict[str, models.Session] = {}
        for folder in sorted(p for p in (self.root / EDITIONS_DIR).glob("*") if p.is_dir()):
            rel = f"{EDITIONS_DIR}/{folder.name}"
            if not self.is_id(folder.name, rel, "an edition", "2022-2nd"):
                continue
            name = f"editions/{folder.name}/edition.yml"
            edition = self.read_model(name, models.Edition, "editions", folder.name)
            if edition is None:  # reported: its sessions are known, not checked further
                self.failed_editions.add(folder.name)
                self.invalid_sessions |= {p.stem for p in (folder / "sessions").glob("*.y*ml")}
                continue
            editions[folder.name] = edition
            for path in sorted((folder / "sessions").glob("*")):
                session = self.read_session(path, folder.name, edition)
                if session is not None and self.unique(path.stem, sessions):
                    sessions[path.stem] = session
        if not sessions and not any(p.file.startswith(EDITIONS_DIR) for p in self.problems):
            fix = "add a folder per edition with its edition.yml and a sessions/ folder "
            fix += "(see 'Add an edition' in CONTRIBUTING.md)"
            self.report(EDITIONS_DIR, (), "there are no sessions", fix)
        editions = dict(sorted(editions.items(), key=lambda kv: kv[1].first_date))
        return editions, dict(sorted(sessions.items(), key=lambda kv: (kv[1].date, kv[1].start)))

    def is_id(self, name: str, rel: str, what: str, example: str) -> bool:
        """A file or folder name that is an id (`what`: "a session", "an edition")."""
        if re.match(models.ID_PATTERN, name):
            return True
        fix = f"name {what.split()[-1]} files and folders with lowercase letters, digits and "
        self.report(rel, (), f"'{name}' cannot be {what} id", fix + f"hyphens, e.g. {example}")
        return False

    def unique(self, sid: str, sessions: dict[str, models.Session]) -> bool:
        """A session id is used by one edition only (it is the session's page and calendar id)."""
        if sid not in sessions:
            return True
        why = f"the session id '{sid}' is also used by edition '{sessions[sid].edition_id}'"
        fix = "give the session file another name (start it with its date)"
        self.report(self.sources[("sessions", sid)].file, (), why, fix)
        return False

    def read_session(self, path: Path, edition_id: str, edition) -> models.Session | None:
        rel = path.relative_to(self.root).as_posix()
        if path.suffix not in (".yml", ".yaml"):
            self.report(rel, (), "this is not a .yml file", "rename it to end in .yml")
            return None
        if not self.is_id(path.stem, rel, "a session", "2020-12-01-cluster-strategy-1.yml"):
            return None
        node, session = self.read_file(rel, models.Session)
        if session is None:
            self.invalid_sessions.add(path.stem)
            return None
        session.held_in(edition_id, edition)
        src = self.sources[("sessions", path.stem)] = Source(rel, node)
        for i, fld, what, fix in session.timeline_issues():
            self.report(src, ("agenda", i, fld), what, fix)
        if not edition.first_date <= session.date <= edition.last_date:
            span = f"({edition.first_date} to {edition.last_date})"
            what = f"{session.date} is outside the edition {span}"
            fix = "correct the date, or the edition's first_date/last_date in "
            self.report(src, ("date",), what, fix + f"{EDITIONS_DIR}/{edition_id}/edition.yml")
        return session

    # -- references between files -------------------------------------------------------------
    def refs(self, kind: str, ids: list[str], src: Source, path: tuple) -> None:
        """Report the ids in `ids` (found at `path` of `src`: one value, a list, or the keys of
        a mapping) that name no entry of `kind`."""
        if kind in self.failed:
            return  # the file that defines them failed: reported there, once
        if kind == "sessions":
            known, what, where = self.known()["sessions"], "session", f"{EDITIONS_DIR}/*/sessions/"
        else:
            known, what, where = self.data[kind], LISTS[kind][2], f"data/{LISTS[kind][0]}"
        node = value_at(src.node, path)
        for j, ref in enumerate(ids):
            if ref not in known:
                at = (*path, j) if isinstance(node, list) else path
                at = (*path, ref) if isinstance(node, dict) else at
                fix = did_you_mean(ref, known) + f"use an id defined in {where}"
                self.report(src, at, f"unknown {what} '{ref}'", fix)

    def check_references(self) -> None:
        for sid, s in self.data["sessions"].items():
            src = self.sources[("sessions", sid)]
            if s.module:
                self.refs("modules", [s.module], src, ("module",))
            if s.expert:
                self.refs("organisations", [s.expert], src, ("expert",))
            for i, item in enumerate(s.agenda):
                self.refs("organisations", item.presenters, src, ("agenda", i, "presenters"))
                self.refs("case_studies", item.case_studies, src, ("agenda", i, "case_studies"))
        for lid, lesson in self.data["lessons"].items():
            src = self.sources[("lessons", lid)]
            self.refs("modules", [lesson.module], src, ("module",))
            self.refs("sessions", lesson.sessions, src, ("sessions",))
            self.refs("case_studies", lesson.case_studies, src, ("case_studies",))
        self.check_modules()

    def check_modules(self) -> None:
        """Module numbers are unique; a published module is delivered by a session (when every
        session file could be read); the modules an edition names in module_labels exist."""
        numbers: dict[int, str] = {}
        delivered = {s.module for s in self.data["sessions"].values()}
        for mid, m in self.data["modules"].items():
            src = self.sources[("modules", mid)]
            if m.number in numbers:
                why = f"module number {m.number} is also used by '{numbers[m.number]}'"
                self.report(src, ("number",), why, "give every module its own number")
            numbers[m.number] = mid
            if m.status == "published" and mid not in delivered and not self.invalid_sessions:
                fix = f"add 'module: {mid}' to its sessions in {EDITIONS_DIR}/*/sessions/, "
                why = "a published module is delivered by no session"
                self.report(src, ("status",), why, fix + "or set status: planned")
        for eid, edition in self.data["editions"].items():
            labels = list(edition.module_labels)
            self.refs("modules", labels, self.sources[("editions", eid)], ("module_labels",))


def value_at(node: Any, path: tuple) -> Any:
    """The value at `path` in the parsed YAML, or None."""
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node
