"""JSON Schemas of the data files, generated from the models in macros/models.py.

    python -m tools.schema           write schemas/<kind>.schema.json for every kind of data file
    python -m tools.schema --check   exit 1 when the committed schemas differ from the models

Each data file names its schema on its first line (`# yaml-language-server: $schema=...`), so
VS Code (with the YAML extension) and other editors complete field names and flag mistakes while
typing. The descriptions shown on hover come from the field tables in CONTRIBUTING.md: the guide
and the schema say the same thing, and a field missing from the guide stops the generation.
The build does not use these files; the loader (macros/loader.py) stays the one real check.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from macros import models

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = "schemas"
GUIDE = "CONTRIBUTING.md"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Kind:
    """One kind of data file: its schema's name, its model, and which files it describes."""

    name: str
    model: type[BaseModel]
    files: str  # glob, relative to the repository root
    title: str

    @property
    def path(self) -> str:
        return f"{SCHEMA_DIR}/{self.name}.schema.json"


KINDS = (
    Kind("project", models.Project, "data/project.yml", "The project"),
    Kind("edition", models.Edition, "data/editions/*/edition.yml", "One edition of the programme"),
    Kind("session", models.Session, "data/editions/*/sessions/*.yml", "One session of an edition"),
    Kind("modules", models.ModulesFile, "data/modules.yml", "The thematic modules"),
    Kind("organisations", models.OrganisationsFile, "data/organisations.yml", "Organisations"),
    Kind("case-studies", models.CaseStudiesFile, "data/case-studies.yml", "Case studies"),
    Kind("lessons", models.LessonsFile, "data/lessons.yml", "Lesson material"),
    Kind("glossary", models.GlossaryFile, "data/glossary.yml", "Glossary terms"),
)


def _ecma(pattern: str) -> str:
    """A Python regular expression as JSON Schema (ECMAScript) reads it: no named groups."""
    return re.sub(r"\(\?P<\w+>", "(", pattern)


# Written as plain text in YAML, so described as text with the loader's own patterns.
TEXT_TYPES = {
    "Duration": {
        "type": "string",
        "pattern": _ecma(models._DURATION.pattern),
        "examples": ["20 min", "circa 10 min"],
    },
}
CLOCK_TIME = {
    "type": "string",
    "pattern": _ecma(models._TIME.pattern),
    "examples": ["9:30", "13:15"],
}
DATE = {"type": "string", "format": "date", "examples": ["2020-12-10"]}


class _Generator(GenerateJsonSchema):
    """Pydantic's generator, with YAML's view of times, dates and durations."""

    def time_schema(self, schema):
        return dict(CLOCK_TIME)

    def date_schema(self, schema):
        return dict(DATE)

    def model_schema(self, schema):
        special = TEXT_TYPES.get(schema["cls"].__name__)
        return dict(special) if special else super().model_schema(schema)


# ---------------------------------------------------------------------- field tables of the guide

_TABLE_MARK = re.compile(r"^<!-- fields: (\w+) -->\s*$")


def field_tables(text: str) -> dict[str, dict[str, str]]:
    """{model name: {field: description}} from the guide's tables marked `<!-- fields: X -->`.

    A table's first column is the field name in backticks, its last but one the description.
    """
    tables: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        mark = _TABLE_MARK.match(line)
        if mark:
            current = tables.setdefault(mark.group(1), {})
            continue
        if current is None:
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            if stripped and current:  # the table has ended
                current = None
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        name = cells[0].strip("`")
        if len(cells) < 3 or not re.fullmatch(r"[a-z_]+", name):
            continue  # header or separator row
        current[name] = cells[-2]
    return tables


def documented_models(kind: Kind) -> list[type[BaseModel]]:
    """Every model a data file of this kind contains (the file's own model first)."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found or model.__name__ in TEXT_TYPES:
            return
        found.append(model)
        for info in model.model_fields.values():
            for inner in _models_in(info.annotation):
                visit(inner)

    visit(kind.model)
    return found


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_models_in(arg))
    origin = getattr(annotation, "__origin__", None)  # Annotated[Model, ...] keeps it here
    if origin is not None:
        out.extend(_models_in(origin))
    return out


def undocumented(root: Path = ROOT) -> list[str]:
    """'Model.field' for every field of every data file that the guide's tables leave out."""
    tables = field_tables((root / GUIDE).read_text(encoding="utf-8"))
    missing = []
    for kind in KINDS:
        for model in documented_models(kind):
            table = tables.get(model.__name__, {})
            missing += [f"{model.__name__}.{f}" for f in model.model_fields if f not in table]
    return sorted(set(missing))


# ---------------------------------------------------------------------------------- generation


def _describe(node: Any, tables: dict[str, dict[str, str]]) -> None:
    """Put the guide's description on each property of each model (in place)."""
    if isinstance(node, dict):
        title = node.get("title")
        props = node.get("properties")
        if isinstance(title, str) and isinstance(props, dict) and title in tables:
            for field, sub in props.items():
                text = tables[title].get(field)
                if text and isinstance(sub, dict):
                    sub["description"] = text
        for value in node.values():
            _describe(value, tables)
    elif isinstance(node, list):
        for value in node:
            _describe(value, tables)


def schema_for(kind: Kind, tables: dict[str, dict[str, str]]) -> dict[str, Any]:
    body = kind.model.model_json_schema(schema_generator=_Generator, mode="validation")
    _describe(body, tables)
    body.pop("title", None)
    head = {
        "$schema": DIALECT,
        "title": f"{kind.title} ({kind.files})",
        "description": f"Generated from macros/models.py by `make schema`; see {GUIDE}.",
    }
    return {**head, **body}


def render(kind: Kind, tables: dict[str, dict[str, str]]) -> str:
    return json.dumps(schema_for(kind, tables), indent=2, ensure_ascii=False) + "\n"


def generate(root: Path = ROOT) -> dict[str, str]:
    """{schema path: text} for every kind of data file."""
    missing = undocumented(root)
    if missing:
        raise SystemExit(
            f"{GUIDE} does not describe these fields: {', '.join(missing)}\n"
            f"    How to fix: add a row for each to the field table of its model in {GUIDE}"
        )
    tables = field_tables((root / GUIDE).read_text(encoding="utf-8"))
    return {kind.path: render(kind, tables) for kind in KINDS}


def stale(root: Path = ROOT) -> list[str]:
    """Schema files that are missing or differ from what the models generate."""
    out = []
    for rel, text in generate(root).items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--check"]:
        old = stale()
        if old:
            print(
                f"Out of date: {', '.join(old)}\n"
                "    How to fix: run `make schema` and commit the changed files",
                file=sys.stderr,
            )
            return 1
        print(f"{len(KINDS)} schemas in {SCHEMA_DIR}/ match the models")
        return 0
    if args:
        print(__doc__, file=sys.stderr)
        return 2
    (ROOT / SCHEMA_DIR).mkdir(exist_ok=True)
    for rel, text in generate().items():
        (ROOT / rel).write_text(text, encoding="utf-8")
        print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
