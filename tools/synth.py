"""A synthetic curriculum for the bench: N copies of a published module, added to a curriculum.

    .venv/bin/python -m tools.synth DEST [--modules 50] [--content tests/fixtures/curriculum]
                                         [--sessions N]

DEST receives the project's machinery (mkdocs.yml, macros/, hooks/, overrides/, …, as
tests/conftest.py's Workspace copies it) with the content (data/ and docs/) of `--content` (the
repository's own by default), then `--modules` new published modules. Each is a copy of the
template module: the published module with the most sessions (the first in number order on a
tie), found in the data, so editors' changes never break the generator. A copy has the template's
sessions (dates moved by whole weeks past the programme, weekdays kept), its lessons and the
case studies its sessions and lessons use, each with its page, under new ids
(`synth-007-<old id>`) and page names (`synth-007-<old name>.md`, next to the original). The
copied pages and data point at the copy's own items, so the result builds with --strict.
`--sessions N` gives each copy N sessions instead: the template's in turn, each further round
through them under its own prefix (`synth-007-2-<old id>`) and dated a span later (the nav
tests use it for modules larger than the real one).

The structure is one function per step: `template_module` picks what to copy, `copy_module`
writes one copy (its data entries and pages) and returns its new data entries, `generate` puts
them together and widens the programme's dates.
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
# What a build reads besides the content (data/ and docs/): as in tests/conftest.py.
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
    return max(published, key=lambda m: len(m.sessions))  # max keeps the first of equals


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


def copy_module(
    dest: Path, cur, template, number: int, weeks: int, span: int, sessions: int | None = None
) -> dict[str, list[dict]]:
    """Write copy `number` of `template` into dest (session files and pages); return its new
    data entries, kind -> list, for the list files. Its dates are `weeks` weeks later than the
    template's. `sessions`: how many sessions the copy has (default: the template's number),
    the template's in turn, each further round `span` weeks later."""
    mid = f"synth-{number:03d}"
    olds = template.sessions
    rounds = [  # (id prefix, weeks later) of each round through the template's sessions
        (mid if r == 0 else f"{mid}-{r + 1}", weeks + r * span)
        for r in range(math.ceil((sessions or len(olds)) / len(olds)))
    ]
    copies = [(old, *rounds[j // len(olds)]) for j, old in enumerate(olds * len(rounds))]
    copies = copies[: sessions or len(olds)]  # (template session, id prefix, weeks later)
    first = _ids(olds, mid)  # what the module's other pages and data point at
    lessons = _ids(cur.module_lessons(template.id), mid)
    cases = _ids(cur.module_case_studies(template.id), mid)
    # Data: each session file as text (its date moved, its case studies renamed).
    for old, prefix, later in copies:
        source = cur.source_file("sessions", old)
        text = (cur.root / source).read_text(encoding="utf-8")
        day = (cur.sessions[old].date + timedelta(weeks=later)).isoformat()
        text = re.sub(r"^date:.*$", f"date: {day}", text, count=1, flags=re.M)
        text = _sub_words(text, cases)
        (dest / source).with_name(f"{prefix}-{old}.yml").write_text(text, encoding="utf-8")
    module = template.model_dump(mode="json", exclude_defaults=True)
    module |= {
        "id": mid,
        "number": max(m.number for m in cur.modules.values()) + number,
        "title": f"{template.title} (copy {number})",
        "sessions": [f"{prefix}-{old}" for old, prefix, _ in copies],
    }
    new_lessons = []
    for old, new in lessons.items():
        lesson = cur.lessons[old].model_dump(mode="json", exclude_defaults=True)
        lesson |= {
            "id": new,
            "module": mid,
            "sessions": [first.get(s, s) for s in lesson.get("sessions", [])],
            "case_studies": [cases.get(c, c) for c in lesson.get("case_studies", [])],
        }
        new_lessons.append({k: v for k, v in lesson.items() if v != []})
    new_cases = [
        cur.case_studies[old].model_dump(mode="json") | {"id": new} for old, new in cases.items()
    ]
    # Pages: next to the original, named `<prefix>-<old name>.md`, pointing at the copies.
    pages = cur.pages
    docs = [pages["modules"][template.id], *map(pages["lessons"].get, lessons)]
    docs += map(pages["case_studies"].get, cases)
    names = {
        Path(doc).stem: f"{mid}-{Path(doc).stem}"
        for doc in [*docs, *map(pages["sessions"].get, olds)]
    }
    names.pop("index", None)  # a link to index.md names a folder's index, not this page
    quoted = {**lessons, **cases, template.id: mid}
    todo = [(doc, mid, first) for doc in docs]
    todo += [(pages["sessions"][old], p, _ids(olds, p)) for old, p, _ in copies]
    for doc, prefix, session_ids in todo:
        text = (cur.root / "docs" / doc).read_text(encoding="utf-8")
        text = _sub_words(text, session_ids)  # dated ids: anywhere (front matter, macro calls)
        text = _sub_words(text, quoted, "(?<=[\"'])", "(?=[\"'])")  # in macro calls
        text = re.sub(  # front matter: `lesson: <id>` and the like
            r"^(module|lesson|case_study): *(\S+) *$",
            lambda m: f"{m.group(1)}: {quoted.get(m.group(2), m.group(2))}",
            text,
            flags=re.M,
        )
        text = _sub_words(text, {f"{k}.md": f"{v}.md" for k, v in names.items()})  # links
        target = (dest / "docs" / doc).with_name(f"{prefix}-{Path(doc).name}")
        target.write_text(text, encoding="utf-8")
    return {"modules": [module], "lessons": new_lessons, "case_studies": new_cases}


def generate(
    dest: Path, modules: int = 50, content: Path = ROOT, sessions: int | None = None
) -> dict[str, int]:
    """Copy the project with `content` into dest and add `modules` copies of the template
    module, each with `sessions` sessions (default: as many as the template). Returns the
    number of pages of each kind and in all."""
    from macros.loader import load

    copy_project(dest, content)
    cur = load(dest)
    template = template_module(cur)
    dates = [cur.sessions[s].date for s in template.sessions]
    # Whole weeks keep weekdays; each copy gets the template's span (times the rounds through
    # its sessions), after the programme's end.
    span = math.ceil(((max(dates) - min(dates)).days + 1) / 7)
    window = span * math.ceil((sessions or len(dates)) / len(dates))
    first = math.ceil(((cur.programme.last_date - min(dates)).days + 1) / 7)
    added: dict[str, list[dict]] = {kind: [] for kind in LIST_FILES}
    for number in range(1, modules + 1):
        weeks = first + (number - 1) * window
        for kind, entries in copy_module(
            dest, cur, template, number, weeks, span, sessions
        ).items():
            added[kind] += entries
    yaml = YAML()  # round trip: the files keep their comments and layout
    yaml.width = 4096
    for kind, name in LIST_FILES.items():
        path = dest / "data" / name
        doc = yaml.load(path.read_text(encoding="utf-8"))
        doc[kind].extend(added[kind])
        with path.open("w", encoding="utf-8") as fh:
            yaml.dump(doc, fh)
    if modules:
        last = max(dates) + timedelta(weeks=first + modules * window - span)
        _set_last_date(dest / "data" / "programme.yml", max(last, cur.programme.last_date))
    return _counts(dest)


def _set_last_date(path: Path, last: date) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^last_date:.*$", f"last_date: {last.isoformat()}", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


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
    parser.add_argument("--content", type=Path, default=ROOT, help="holds data/ and docs/")
    parser.add_argument("--sessions", type=int, help="sessions per copy (default: the template's)")
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    print(f"{args.dest}: {generate(args.dest, args.modules, args.content, args.sessions)}")


if __name__ == "__main__":
    main()
