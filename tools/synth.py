"""Generate a synthetic curriculum from the real data's shape (for tools/bench.py and tests).

    .venv/bin/python -m tools.synth DEST [--modules 50] [--sessions 8]

DEST receives a copy of the project (mkdocs.yml, data/, docs/, macros/, overrides/, hooks/, …)
with N generated thematic modules added to the real data. Each generated module is Module 4 at
a larger scale: `--sessions` sessions (copies of the six real sessions, in turn, with new ids and
dates), copies of Module 4's five lesson pages and four case studies, and its module page. Every
copy is rewritten to point at its own module's sessions, lessons and case studies, so the
generated site builds with --strict and the cross-references grow with the data. Nothing is
written into the repository: DEST is meant to be a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What a build needs; everything else (tests, .git, .venv, built sites) stays out of the copy.
PROJECT_FILES = ("mkdocs.yml", "CONTRIBUTING.md")
PROJECT_DIRS = ("data", "docs", "macros", "overrides", "hooks", "offline", "schemas")
FIRST_DAY = date(2021, 1, 4)  # a Monday after the real programme
MODULE = "module-4"  # the real module whose shape is copied


def copy_project(dest: Path, root: Path = ROOT) -> Path:
    """Copy what a build of the site needs into dest (created)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        if (root / name).exists():
            shutil.copy2(root / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_DIRS:
        if (root / name).is_dir():
            shutil.copytree(root / name, dest / name, ignore=ignore, dirs_exist_ok=True)
    return dest


def mkdocs_config(project: Path) -> dict:
    """The project's mkdocs.yml as data, read as MkDocs reads it (`!ENV` resolved), with each
    `!relative` path read as the project's folder."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    loader.add_constructor("!relative", lambda _loader, _node: str(project))
    with (project / "mkdocs.yml").open("rb") as fh:
        return yaml_load(fh, loader)


def _weekdays(start: date):
    day = start
    while True:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def _front_matter_id(text: str, key: str, new: str) -> str:
    return re.sub(rf"^{key}: .*$", f"{key}: {new}", text, count=1, flags=re.M)


def _rewrite(text: str, ids: dict[str, str], files: dict[str, str]) -> str:
    """Point a copied page or data file at its own module's items."""
    for old, new in ids.items():  # session ids: distinctive (dated), replaced everywhere
        text = text.replace(old, new)
    for old, new in files.items():  # lesson and case-study pages: file names in links
        text = re.sub(rf"(?<=[(/\"'])({re.escape(old)})\.md", f"{new}.md", text)
    return text


def _yaml_list_ids(text: str, mapping: dict[str, str]) -> str:
    """Replace ids inside YAML flow lists ([a, b]) and list items (- a)."""
    for old, new in mapping.items():
        text = re.sub(rf"(?<=[\[ ,]){re.escape(old)}(?=[\],\n])", new, text)
    return text


def generate(dest: Path, modules: int = 50, sessions: int = 8, root: Path = ROOT) -> dict:
    """Copy the project into dest and add `modules` generated modules. Returns counts."""
    copy_project(dest, root)
    data, docs = dest / "data", dest / "docs"
    from ruamel.yaml import YAML  # the project's YAML library (YAML 1.2: 9:30 stays text)

    yaml = YAML()
    mod_data = yaml.load((data / "modules.yml").read_text(encoding="utf-8"))
    real = next(m for m in mod_data["modules"] if m["id"] == MODULE)
    lessons_data = yaml.load((data / "lessons.yml").read_text(encoding="utf-8"))
    cases_data = yaml.load((data / "case-studies.yml").read_text(encoding="utf-8"))
    real_lessons = [lsn for lsn in lessons_data["lessons"] if lsn["module"] == MODULE]
    real_cases = list(cases_data["case_studies"])
    session_files = sorted((data / "sessions").glob("*.yml"))
    session_pages = {p.stem: p for p in (docs / "programme" / "sessions").glob("*.md")}
    pages = {"sessions": 0, "modules": 0, "lessons": 0, "case_studies": 0}

    days = _weekdays(FIRST_DAY)
    numbers = {int(m["number"]) for m in mod_data["modules"]}
    last = None
    new_modules, new_lessons, new_cases = [], [], []
    for k in range(1, modules + 1):
        mid = f"synth-{k:03d}"
        number = max(numbers) + 1
        numbers.add(number)
        sids = [f"{mid}-session-{j + 1}" for j in range(sessions)]
        ids: dict[str, str] = {}  # real session id -> its first copy in this module
        for j, sid in enumerate(sids):
            ids.setdefault(session_files[j % len(session_files)].stem, sid)
        files = {lsn["id"]: f"{mid}-{lsn['id']}" for lsn in real_lessons}
        files |= {c["id"]: f"{mid}-{c['id']}" for c in real_cases}
        for j, sid in enumerate(sids):
            src = session_files[j % len(session_files)]
            last = next(days)
            text = src.read_text(encoding="utf-8")
            text = re.sub(r"^date: .*$", f"date: {last.isoformat()}", text, count=1, flags=re.M)
            text = _yaml_list_ids(text, {c["id"]: files[c["id"]] for c in real_cases})
            (data / "sessions" / f"{sid}.yml").write_text(text, encoding="utf-8")
            page = session_pages[src.stem].read_text(encoding="utf-8")
            page = _rewrite(page, ids, files)
            page = _front_matter_id(page, "session", sid)
            (docs / "programme" / "sessions" / f"{sid}.md").write_text(page, encoding="utf-8")
            pages["sessions"] += 1
        new_modules.append(
            {
                "id": mid,
                "number": number,
                "title": f"{real['title']} (synthetic copy {k})",
                "status": "published",
                "programme_label": str(real.get("programme_label", "")) or None,
                "summary": str(real["summary"]),
                "sessions": sids,
            }
        )
        for lsn in real_lessons:
            new = {key: lsn[key] for key in lsn}
            new["id"] = files[lsn["id"]]
            new["module"] = mid
            new["sessions"] = [ids.get(s, sids[0]) for s in lsn.get("sessions", [])]
            if lsn.get("case_studies"):
                new["case_studies"] = [files[c] for c in lsn["case_studies"]]
            new_lessons.append(new)
            text = (docs / "material" / f"{lsn['id']}.md").read_text(encoding="utf-8")
            text = _front_matter_id(_rewrite(text, ids, files), "lesson", new["id"])
            (docs / "material" / f"{new['id']}.md").write_text(text, encoding="utf-8")
            pages["lessons"] += 1
        for case in real_cases:
            new = {key: case[key] for key in case}
            new["id"] = files[case["id"]]
            new_cases.append(new)
            text = (docs / "case-studies" / f"{case['id']}.md").read_text(encoding="utf-8")
            text = _front_matter_id(_rewrite(text, ids, files), "case_study", new["id"])
            (docs / "case-studies" / f"{new['id']}.md").write_text(text, encoding="utf-8")
            pages["case_studies"] += 1
        text = (docs / "modules" / f"{MODULE}.md").read_text(encoding="utf-8")
        text = _front_matter_id(_rewrite(text, ids, files), "module", mid)
        (docs / "modules" / f"{mid}.md").write_text(text, encoding="utf-8")
        pages["modules"] += 1

    for m in new_modules:
        if m["programme_label"] is None:
            del m["programme_label"]
    mod_data["modules"].extend(new_modules)
    lessons_data["lessons"].extend(new_lessons)
    cases_data["case_studies"].extend(new_cases)
    for name, doc in (
        ("modules.yml", mod_data),
        ("lessons.yml", lessons_data),
        ("case-studies.yml", cases_data),
    ):
        with (data / name).open("w", encoding="utf-8") as fh:
            yaml.dump(doc, fh)
    if last is not None:
        programme = (data / "programme.yml").read_text(encoding="utf-8")
        programme = re.sub(
            r"^last_date: .*$", f"last_date: {last.isoformat()}", programme, count=1, flags=re.M
        )
        (data / "programme.yml").write_text(programme, encoding="utf-8")
    pages["total"] = sum(1 for _ in docs.rglob("*.md"))
    return pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--modules", type=int, default=50)
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args(argv)
    if args.dest.exists() and any(args.dest.iterdir()):
        parser.error(f"{args.dest} is not empty")
    counts = generate(args.dest, args.modules, args.sessions)
    print(f"{args.dest}: {counts}")


if __name__ == "__main__":
    main()
