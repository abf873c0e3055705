"""The pages' front matter: read, checked like data, and matched with the data they present.

Every page's front matter is validated (`PageMeta`: a misspelt key or a value of the wrong type
is reported with its line). Every session, published module, lesson and case study has exactly
one page, every page names an item that exists, and a page in a folder of session pages (or
lesson pages, …) says which one it presents.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from pydantic import ConfigDict, ValidationError

from .curriculum import EDITIONS_DOCS, PAGE_KEYS, Source
from .errors import DataError, Problem, did_you_mean, problems_from
from .models import Id, Model
from .yaml_lines import line_of, parse_yaml

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*\r?\n", re.S)


class SearchMeta(Model):
    exclude: bool = False
    boost: float | None = None


class PageMeta(Model):
    """The front-matter keys a page may use: MkDocs', Material's, mkdocs-macros' and ours."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # MkDocs and Material for MkDocs
    title: str | None = None
    description: str | None = None
    hide: tuple[Literal["navigation", "toc", "footer", "path", "tags", "feedback"], ...] = ()
    template: str | None = None
    icon: str | None = None
    status: str | None = None
    subtitle: str | None = None
    search: SearchMeta | None = None
    # mkdocs-macros
    render_macros: bool | None = None
    # the curriculum: which data item the page presents, and what its PDF and edit link do
    session: Id | None = None
    module: Id | None = None
    lesson: Id | None = None
    case_study: Id | None = None
    pdf: bool = True  # false: the page is in no PDF
    edit_source: str | None = None  # "Edit this page" opens this file of the repository
    data: tuple[str, ...] = ()  # files or folders of data/ whose facts the page shows


def front_matter(text: str, rel: str) -> tuple[Any, int]:
    """(the parsed front matter or None, how many lines it spans with its two --- lines)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, 0
    meta = parse_yaml(match.group(1) or "", rel, line_offset=1)
    return meta, match.group(0).count("\n")


def read_page(path: Path, rel: str, problems: list[Problem]) -> Any:
    """A page's validated front matter (a dict, empty without one), or None if unreadable."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # MkDocs accepts a BOM in pages
        meta, _ = front_matter(text, rel)
    except UnicodeDecodeError as err:
        what = f"the page is not valid UTF-8 (byte 0x{raw[err.start]:02x})"
        line = raw[: err.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "", what, "save the file with the UTF-8 encoding"))
        return None
    except DataError as err:
        problems.extend(err.problems)
        return None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        what = "the front matter is not a set of 'key: value' lines"
        fix = "write one 'key: value' per line between the two --- lines"
        problems.append(Problem(rel, 2, "", what, fix))
        return None
    try:
        PageMeta.model_validate(dict(meta))
    except ValidationError as err:
        # front-matter lines count from the page's first line (the opening ---)
        found = problems_from(err, rel, meta, PageMeta, line_of)
        problems.extend(replace(p, line=p.line + 1) for p in found)
    return meta


def scan_pages(root: Path, docs_dir: str, problems: list[Problem]):
    """Which page presents which session, module, lesson or case study.

    Returns (pages: kind -> id -> docs path, lines: (kind, id) -> (file, line), metas: docs
    path -> front matter, complete: False when some page could not be read)."""
    pages: dict[str, dict[str, str]] = {kind: {} for kind in PAGE_KEYS.values()}
    lines: dict[tuple[str, str], tuple[str, int]] = {}
    metas: dict[str, dict] = {}
    complete = True
    docs = root / docs_dir
    for path in sorted(docs.rglob("*.md")):
        rel, doc = path.relative_to(root).as_posix(), path.relative_to(docs).as_posix()
        meta = read_page(path, rel, problems)
        if meta is None:
            complete = False
            continue
        metas[doc] = meta
        problems.extend(_missing_data(root, rel, meta))
        for key, kind in PAGE_KEYS.items():
            if key not in meta:
                continue
            item_id, line = str(meta[key]), line_of(meta, (key,)) + 1
            if item_id in pages[kind]:
                what = f"{key} '{item_id}' already has a page: {docs_dir}/{pages[kind][item_id]}"
                fix = "each one has exactly one page; remove this line or the other page"
                problems.append(Problem(rel, line, key, what, fix))
                continue
            pages[kind][item_id] = doc
            lines[(kind, item_id)] = (rel, line)
    return pages, lines, metas, complete


def _missing_data(root: Path, rel: str, meta: dict) -> list[Problem]:
    """The files a page names under `data:` exist (the "Edit the facts" buttons open them)."""
    named = meta.get("data")
    if not isinstance(named, list):
        return []
    fix = "name a file or folder of data/, e.g. data/glossary.yml or data/editions/"
    return [
        Problem(rel, line_of(meta, ("data", i)) + 1, f"data[{i}]", f"'{entry}' does not exist", fix)
        for i, entry in enumerate(named)
        if not str(entry).startswith("data/") or not (root / str(entry)).exists()
    ]


def check_pages(
    root: Path,
    docs_dir: str,
    known: dict[str, dict | None],
    sources: dict[tuple[str, str], Source],
    problems: list[Problem],
) -> dict[str, dict[str, str]]:
    """Pages and data match. `known`: kind -> items by id (None when its file failed).
    Returns the pages: kind -> id -> docs path."""
    pages, lines, metas, complete = scan_pages(root, docs_dir, problems)
    for key, kind in PAGE_KEYS.items():
        items = known[kind]
        if items is None:
            continue
        for (page_kind, page_id), (rel, line) in lines.items():
            if page_kind == kind and page_id not in items:
                what = f"the page names {key.replace('_', ' ')} '{page_id}', which is not in data/"
                fix = "use an id that exists in data/, or add the data first"
                problems.append(Problem(rel, line, key, what, did_you_mean(page_id, items) + fix))
        if complete:  # else a page we could not read may be the one presenting an item
            problems.extend(_without_page(key, kind, items, pages[kind], sources, docs_dir))
    problems.extend(_pages_without_id(metas, pages, docs_dir))
    if known["editions"] is not None:
        pages["editions"] = _edition_pages(metas, pages, known, sources, docs_dir, problems)
    return pages


def _edition_pages(metas, pages, known, sources, docs_dir: str, problems: list[Problem]):
    """Each edition's pages sit in docs/programme/<edition id>/, its overview in index.md;
    a session's page sits in the folder of the session's edition."""
    editions = known["editions"]  # an edition whose edition.yml failed is None
    found = {}
    for eid, edition in editions.items():
        doc = f"{EDITIONS_DOCS}/{eid}/index.md"
        if edition is not None and doc in metas:
            found[eid] = doc
        elif edition is not None:
            what = f"the edition '{eid}' has no page in {docs_dir}/"
            fix = f"add {docs_dir}/{doc}: copy {docs_dir}/{EDITIONS_DOCS}/<another edition>/"
            fix += " and edit it"
            problems.append(Problem(sources[("editions", eid)].file, 1, "", what, fix))
    for doc in metas:
        parts = doc.split("/")
        if len(parts) > 2 and parts[0] == EDITIONS_DOCS and parts[1] not in editions:
            what = f"the folder {EDITIONS_DOCS}/{parts[1]}/ is not the folder of an edition"
            fix = (
                did_you_mean(parts[1], editions)
                + "name the folder after an edition in data/editions/"
            )
            problems.append(Problem(f"{docs_dir}/{doc}", 1, "", what, fix))
    for sid, doc in pages["sessions"].items():
        session = known["sessions"].get(sid)
        home = f"{EDITIONS_DOCS}/{session.edition_id}/" if session else ""
        parts = doc.split("/")
        in_an_edition = len(parts) > 2 and parts[0] == EDITIONS_DOCS and parts[1] in editions
        if session and in_an_edition and not doc.startswith(home):
            what = f"the page of session '{sid}' sits in another edition's folder"
            fix = f"move it to {docs_dir}/{home}sessions/"
            problems.append(Problem(f"{docs_dir}/{doc}", 1, "session", what, fix))
    return found


def _without_page(key, kind, items, pages, sources, docs_dir) -> list[Problem]:
    out = []
    for item_id, item in items.items():
        if item is None or item_id in pages:
            continue
        if kind == "modules" and item.status != "published":
            continue
        src, field = sources[(kind, item_id)], "id" if kind != "sessions" else ""
        what = f"'{item_id}' has no page in {docs_dir}/"
        fix = f"add a page whose front matter says '{key}: {item_id}' (copy a neighbouring page)"
        out.append(Problem(src.file, src.line("id") if field else 1, field, what, fix))
    return out


def _pages_without_id(metas: dict[str, dict], pages, docs_dir: str) -> list[Problem]:
    """A page (other than index.md) in a folder that holds only session pages, say, but which
    names no session: its front matter lost its `session:` line."""
    out = []
    for key, kind in PAGE_KEYS.items():
        folders = {str(Path(doc).parent) for doc in pages[kind].values()}
        for doc, meta in metas.items():
            in_folder = str(Path(doc).parent) in folders and Path(doc).name != "index.md"
            if in_folder and not any(k in meta for k in PAGE_KEYS):
                what = f"the page sits with the {kind.replace('_', ' ')} pages but its "
                what += f"front matter names no {key.replace('_', ' ')}"
                fix = f"add '{key}: <id>' to its front matter (between the --- lines), "
                fix += "with the id of the data it presents"
                out.append(Problem(f"{docs_dir}/{doc}", 1, key, what, fix))
    return out
