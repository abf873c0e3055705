"""A synthetic curriculum for the bench: N copies of a published module, held in M editions.

    .venv/bin/python -m tools.synth DEST [--modules 50] [--editions 10]
                                         [--content tests/fixtures/curriculum] [--sessions N]

DEST receives the project's machinery (mkdocs.yml, macros/, hooks/, overrides/, …, as
tests/conftest.py's Workspace copies it) with the content (data/ and docs/) of `--content` (the
repository's own by default), then `--modules` new published modules delivered across
`--editions` new editions (default: one edition per 5 modules), added to the content's own.

- The template module is the published module with the most sessions (the first in number
  order on a tie), found in the data, so editors' changes never break the generator. A copy has
  the template's sessions (dates moved by whole weeks, weekdays kept; `module:` the copy), its
  lessons and the case studies its sessions and lessons use, each with its page, under new ids
  (`synth-007-<old id>`) and page names (`synth-007-<old name>.md`, next to the original).
- The editions are copies of the template's edition (the edition of its first session): each
  is its own folder, data/editions/synth-edition-03/ with edition.yml (its own title, dates,
  module labels and a time zone taken in turn from ZONES) and sessions/, and its pages in
  docs/programme/synth-edition-03/ (the overview index.md, at a glance and any other page of
  the template's edition folder, and the session pages of its modules). The modules are spread
  evenly over the editions, in order, one after the other: the editions follow the content's
  last edition and do not overlap.
- The copied pages and data point at the copy's own items (ids in macro calls and front matter,
  relative links resolved again from the page's new place), so the result builds with --strict.
- `--sessions N` gives each copy N sessions instead: the template's in turn, each further round
  through them under its own prefix (`synth-007-2-<old id>`) and dated a span later (the nav
  tests use it for modules larger than the real one).

One function per step: `template_module` picks what to copy, `copy_module` writes one module's
copy (its session files and pages) and returns its new data entries, `copy_edition` writes one
edition (edition.yml and its pages), `generate` puts them together.
"""

from __future__ import annotations

import argparse
import math
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
# What a build reads besides the content (data/ and docs/); tests/conftest.py copies it too.
MACHINERY = (
    "mkdocs.yml",
    "macros",
    "hooks",
    "overrides",
    "offline",
    "schemas",
    "CONTRIBUTING.md",
    "README.md",
    "docs/assets/curriculum.css",
    "docs/assets/localtime.js",
    "docs/contributing.md",
    "docs/programme/programme.schema.json",
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
# data file -> the key of its list, for the kinds a copy adds entries to
LIST_FILES = {
    "modules": "modules.yml",
    "lessons": "lessons.yml",
    "case_studies": "case-studies.yml",
}
MODULES_PER_EDITION = 5  # the default number of editions: 50 modules in 10 editions
ZONES = ("Europe/Rome", "Europe/Dublin", "Europe/Helsinki", "Europe/Lisbon", "Europe/Warsaw")
EDITIONS_DATA = "data/editions"
EDITIONS_DOCS = "programme"  # as macros/curriculum.py: docs/programme/<edition id>/
# A Markdown link's or image's target: `](target` up to a space, `)`, `>` or `#`.
LINK = re.compile(r"\]\(\s*<?([^)\s>#{]+)")


def copy_project(dest: Path, content: Path = ROOT) -> Path:
    """The project's machinery and `content`'s data/ and docs/, copied into dest (created)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in MACHINERY:
        src, target = ROOT / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, ignore=IGNORED, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy2(src, target)
    for name in ("data", "docs"):
        shutil.copytree(content / name, dest / name, ignore=IGNORED, dirs_exist_ok=True)
    return dest


def mkdocs_config(project: Path) -> dict:
    """The project's mkdocs.yml as MkDocs reads it (`!ENV` resolved, each `!relative` the
    project's folder): for the bench's plain config and the nav tests."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    loader.add_constructor("!relative", lambda _loader, _node: str(project))
    with (project / "mkdocs.yml").open("rb") as fh:
        return yaml_load(fh, loader)


def template_module(cur):
    """The published module to copy: the one with the most sessions, the first on a tie."""
    published = cur.published_modules()
    if not published:
        raise SystemExit("tools/synth.py: the curriculum has no published module to copy")
    # max keeps the first of equals
    return max(published, key=lambda m: len(cur.module_sessions(m.id)))


# ----------------------------------------------------------------------------- rewriting
def _ids(ids, prefix: str) -> dict[str, str]:
    return {old: f"{prefix}-{old}" for old in ids}


def _sub_words(text: str, mapping: dict[str, str], before: str = "", after: str = "") -> str:
    """Replace each key of `mapping` where it stands as a whole id (not inside a longer one),
    between the lookarounds `before` and `after`; one pass, so new ids are never replaced."""
    if not mapping:
        return text
    alternatives = "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True))
    pattern = rf"(?<![\w-]){before}({alternatives}){after}(?![\w-])"
    return re.sub(pattern, lambda m: mapping[m.group(1)], text)


@dataclass
class Rewrite:
    """How a copied page or data file points at the copy's items."""

    ids: dict[str, str] = field(default_factory=dict)  # dated ids (sessions, editions): anywhere
    quoted: dict[str, str] = field(default_factory=dict)  # other ids: in quotes, front matter
    moved: dict[str, str] = field(default_factory=dict)  # docs path -> the copy's docs path

    def page(self, text: str, old: str, new: str) -> str:
        """A page copied from docs path `old` to `new`: ids replaced outside link targets,
        each relative link resolved from the old place and written from the new one."""
        out, pos = [], 0
        for m in LINK.finditer(text):
            out += [self.words(text[pos : m.start(1)]), self.link(m.group(1), old, new)]
            pos = m.end(1)
        return "".join([*out, self.words(text[pos:])])

    def words(self, text: str) -> str:
        text = _sub_words(text, self.ids)
        text = _sub_words(text, self.quoted, "(?<=[\"'])", "(?=[\"'])")  # in macro calls
        return re.sub(  # front matter: `lesson: <id>` and the like
            r"^(module|lesson|case_study): *(\S+) *$",
            lambda m: f"{m.group(1)}: {self.quoted.get(m.group(2), m.group(2))}",
            text,
            flags=re.M,
        )

    def link(self, target: str, old: str, new: str) -> str:
        if re.match(r"[a-zA-Z][\w+.-]*:", target) or target.startswith("/"):
            return target  # an address or an absolute path
        full = posixpath.normpath(posixpath.join(posixpath.dirname(old), target))
        full = self.moved.get(full, full)
        return posixpath.relpath(full, posixpath.dirname(new) or ".")


def _in_edition(doc: str, old_eid: str, eid: str) -> str:
    """A docs path of edition `old_eid`'s folder, moved into edition `eid`'s."""
    prefix = f"{EDITIONS_DOCS}/{old_eid}/"
    return f"{EDITIONS_DOCS}/{eid}/{doc[len(prefix) :]}" if doc.startswith(prefix) else doc


def _renamed(doc: str, prefix: str) -> str:
    return posixpath.join(posixpath.dirname(doc), f"{prefix}-{posixpath.basename(doc)}")


# --------------------------------------------------------------------------------- steps
@dataclass
class Plan:
    """What every copy shares: the template, its edition and the dates' steps."""

    cur: object  # the content's Curriculum
    template: object  # the module copied
    olds: list[str]  # its sessions, in date order
    home: str  # the edition whose pages are copied: the edition of its first session
    span: int  # weeks from the template's first session to its last, rounded up
    sessions: int | None  # sessions per copy (None: the template's number)

    def edition_pages(self) -> list[str]:
        """The pages of the home edition's folder other than session pages."""
        folder = self.cur.root / "docs" / EDITIONS_DOCS / self.home
        return sorted(p.relative_to(folder.parents[1]).as_posix() for p in folder.glob("*.md"))

    def moved(self, eid: str, mid: str) -> dict[str, str]:
        """Docs paths of the template's pages and its edition's -> those of copy `mid` in
        edition `eid` (for links)."""
        cur, pages = self.cur, self.cur.pages
        moved = {doc: _in_edition(doc, self.home, eid) for doc in self.edition_pages()}
        moved[pages["modules"][self.template.id]] = _renamed(
            pages["modules"][self.template.id], mid
        )
        for kind, ids in (
            ("lessons", cur.module_lessons(self.template.id)),
            ("case_studies", cur.module_case_studies(self.template.id)),
        ):
            moved |= {pages[kind][i]: _renamed(pages[kind][i], mid) for i in ids}
        for sid in self.olds:
            doc = pages["sessions"][sid]
            moved[doc] = _renamed(_in_edition(doc, cur.sessions[sid].edition_id, eid), mid)
        return moved

    def rewrite(self, eid: str, mid: str, session_prefix: str | None = None) -> Rewrite:
        cur, tid = self.cur, self.template.id
        editions = {cur.sessions[sid].edition_id: eid for sid in self.olds}
        return Rewrite(
            ids=_ids(self.olds, session_prefix or mid) | editions,
            quoted=_ids(cur.module_lessons(tid), mid)
            | _ids(cur.module_case_studies(tid), mid)
            | {tid: mid},
            moved=self.moved(eid, mid),
        )


def copy_module(
    dest: Path, plan: Plan, eid: str, number: int, weeks: int
) -> tuple[dict[str, list[dict]], list[date]]:
    """Write copy `number` of the template, delivered in edition `eid`, into dest (session
    files and pages); return its new data entries (kind -> list, for the list files) and its
    sessions' dates. Its dates are `weeks` weeks later than the template's; each further round
    through the template's sessions (`plan.sessions`) `plan.span` weeks later."""
    cur, template, olds = plan.cur, plan.template, plan.olds
    mid = f"synth-{number:03d}"
    count = plan.sessions or len(olds)
    rounds = [  # (id prefix, weeks later) of each round through the template's sessions
        (mid if r == 0 else f"{mid}-{r + 1}", weeks + r * plan.span)
        for r in range(math.ceil(count / len(olds)))
    ]
    copies = [(old, *rounds[j // len(olds)]) for j, old in enumerate(olds * len(rounds))][:count]
    first = plan.rewrite(eid, mid)  # what the module's other pages and data point at
    cases = _ids(cur.module_case_studies(template.id), mid)
    dates = []
    # Data: each session file as text (its date moved, its module and case studies renamed).
    folder = dest / EDITIONS_DATA / eid / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    for old, prefix, later in copies:
        text = (cur.root / cur.source_file("sessions", old)).read_text(encoding="utf-8")
        day = cur.sessions[old].date + timedelta(weeks=later)
        dates.append(day)
        text = re.sub(r"^date:.*$", f"date: {day.isoformat()}", text, count=1, flags=re.M)
        text = re.sub(r"^module:.*$", f"module: {mid}", text, count=1, flags=re.M)
        (folder / f"{prefix}-{old}.yml").write_text(_sub_words(text, cases), encoding="utf-8")
    module = template.model_dump(mode="json", exclude_defaults=True)
    module |= {
        "id": mid,
        "number": max(m.number for m in cur.modules.values()) + number,
        "title": f"{template.title} (copy {number})",
    }
    new_lessons = []
    for old in cur.module_lessons(template.id):
        lesson = cur.lessons[old].model_dump(mode="json", exclude_defaults=True)
        lesson |= {
            "id": first.quoted[old],
            "module": mid,
            "sessions": [first.ids.get(s, s) for s in lesson.get("sessions", [])],
            "case_studies": [cases.get(c, c) for c in lesson.get("case_studies", [])],
        }
        new_lessons.append({k: v for k, v in lesson.items() if v != []})
    new_cases = [
        cur.case_studies[old].model_dump(mode="json") | {"id": new} for old, new in cases.items()
    ]
    # Pages: the module's, its lessons' and case studies' next to the original; its sessions'
    # in the edition's folder; each pointing at the copies.
    pages = cur.pages
    docs = [pages["modules"][template.id]]
    docs += [pages["lessons"][i] for i in cur.module_lessons(template.id)]
    docs += [pages["case_studies"][i] for i in cases]
    todo = [(doc, first.moved[doc], first) for doc in docs]  # (old, new, rewrite)
    for old, prefix, _ in copies:
        doc = pages["sessions"][old]
        new = _renamed(_in_edition(doc, cur.sessions[old].edition_id, eid), prefix)
        todo.append((doc, new, first if prefix == mid else plan.rewrite(eid, mid, prefix)))
    for doc, new, rewrite in todo:
        text = rewrite.page((cur.root / "docs" / doc).read_text(encoding="utf-8"), doc, new)
        (dest / "docs" / new).parent.mkdir(parents=True, exist_ok=True)
        (dest / "docs" / new).write_text(text, encoding="utf-8")
    return {"modules": [module], "lessons": new_lessons, "case_studies": new_cases}, dates


def copy_edition(
    dest: Path, plan: Plan, eid: str, number: int, mids: list[str], dates: list[date]
) -> None:
    """Write edition `eid` (copy `number` of the template's edition) delivering the modules
    `mids` on `dates`: its edition.yml and the pages of its folder (its overview points at its
    first module)."""
    cur, home = plan.cur, plan.home
    yaml = _round_trip()
    source = cur.root / cur.source_file("editions", home)
    doc = yaml.load(source.read_text(encoding="utf-8"))
    doc["title"] = f"{cur.editions[home].title} (copy {number})"
    doc["timezone"] = ZONES[(number - 1) % len(ZONES)]
    doc["first_date"], doc["last_date"] = min(dates), max(dates)
    label = cur.editions[home].module_labels.get(plan.template.id)
    if label:
        doc["module_labels"] = dict.fromkeys(mids, label)
    elif "module_labels" in doc:
        del doc["module_labels"]
    target = dest / EDITIONS_DATA / eid / "edition.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    rewrite = plan.rewrite(eid, mids[0])
    for old in plan.edition_pages():
        new = rewrite.moved[old]
        text = rewrite.page((cur.root / "docs" / old).read_text(encoding="utf-8"), old, new)
        (dest / "docs" / new).parent.mkdir(parents=True, exist_ok=True)
        (dest / "docs" / new).write_text(text, encoding="utf-8")


def generate(
    dest: Path,
    modules: int = 50,
    content: Path = ROOT,
    sessions: int | None = None,
    editions: int | None = None,
) -> dict[str, int]:
    """Copy the project with `content` into dest and add `modules` copies of the template
    module, each with `sessions` sessions (default: as many as the template), delivered across
    `editions` new editions (default: one per MODULES_PER_EDITION modules; never more than
    modules). Returns the number of pages of each kind and in all."""
    from macros.loader import load

    copy_project(dest, content)
    cur = load(dest)
    template = template_module(cur)
    olds = cur.module_sessions(template.id)
    dates = [cur.sessions[s].date for s in olds]
    plan = Plan(
        cur=cur,
        template=template,
        olds=olds,
        home=cur.sessions[olds[0]].edition_id,
        # Whole weeks keep weekdays; each copy gets the template's span (times the rounds
        # through its sessions).
        span=math.ceil(((max(dates) - min(dates)).days + 1) / 7),
        sessions=sessions,
    )
    window = plan.span * math.ceil((sessions or len(olds)) / len(olds))
    last = max(e.last_date for e in cur.editions.values())
    first = math.ceil(((last - min(dates)).days + 1) / 7)  # after the content's editions
    count = min(editions or math.ceil(modules / MODULES_PER_EDITION), modules)
    added: dict[str, list[dict]] = {kind: [] for kind in LIST_FILES}
    for k in range(count):
        eid, held = f"synth-edition-{k + 1:02d}", []
        numbers = range(k * modules // count + 1, (k + 1) * modules // count + 1)
        for number in numbers:
            weeks = first + (number - 1) * window
            entries, days = copy_module(dest, plan, eid, number, weeks)
            held += days
            for kind, new in entries.items():
                added[kind] += new
        copy_edition(dest, plan, eid, k + 1, [f"synth-{n:03d}" for n in numbers], held)
    yaml = _round_trip()
    for kind, name in LIST_FILES.items():
        path = dest / "data" / name
        doc = yaml.load(path.read_text(encoding="utf-8"))
        doc[kind].extend(added[kind])
        with path.open("w", encoding="utf-8") as fh:
            yaml.dump(doc, fh)
    return _counts(dest)


def _round_trip() -> YAML:
    """A YAML reader and writer that keeps the files' comments and layout."""
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _counts(dest: Path) -> dict[str, int]:
    from macros.loader import load

    cur = load(dest)
    counts = {kind: len(pages) for kind, pages in cur.pages.items()}
    counts["total"] = sum(1 for _ in (dest / "docs").rglob("*.md"))
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument(
        "--editions", type=int, help=f"default: one per {MODULES_PER_EDITION} modules"
    )
    parser.add_argument("--content", type=Path, default=ROOT, help="holds data/ and docs/")
    parser.add_argument("--sessions", type=int, help="sessions per copy (default: the template's)")
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    counts = generate(args.dest, args.modules, args.content, args.sessions, args.editions)
    print(f"{args.dest}: {counts}")


if __name__ == "__main__":
    main()
