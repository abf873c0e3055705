"""The JSON Schemas in schemas/: generated from the models, committed, and usable by editors.

Editors' tools read the `# yaml-language-server: $schema=...` first line of each data file; here
check-jsonschema (the same kind of validator, offline) plays the editor.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools import schema

REPO = Path(__file__).resolve().parents[1]
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
MODELINE = "# yaml-language-server: $schema="


def validate(schema_file: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_file), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def modeline_schema(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{path}: first line must be '{MODELINE}…'"
    return (path.parent / first[len(MODELINE) :].strip()).resolve()


def test_committed_schemas_match_the_models():
    assert schema.stale(REPO) == [], "run `make schema` and commit schemas/"


def test_python_m_macros_schema_check_passes():
    result = subprocess.run(
        [sys.executable, "-m", "tools.schema", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_changed_field_description_makes_the_schema_stale(tmp_path):
    for rel in schema.generate(REPO):
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((REPO / rel).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / schema.GUIDE).write_text(
        (REPO / schema.GUIDE)
        .read_text(encoding="utf-8")
        .replace("The day of the session, year-month-day.", "The day."),
        encoding="utf-8",
    )
    assert schema.stale(tmp_path) == ["schemas/session.schema.json"]


def test_schemas_are_valid_json_schema():
    files = sorted((REPO / "schemas").glob("*.schema.json"))
    assert len(files) == len(schema.KINDS)
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--check-metaschema", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", schema.KINDS, ids=lambda k: k.name)
def test_every_data_file_names_its_schema_and_passes_it(kind):
    files = sorted(REPO.glob(kind.files))
    assert files, kind.files
    for path in files:
        assert modeline_schema(path) == (REPO / kind.path).resolve(), path
    result = validate(REPO / kind.path, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_field_shows_a_description_on_hover():
    for kind in schema.KINDS:
        body = json.loads((REPO / kind.path).read_text(encoding="utf-8"))
        objects = [body, *body.get("$defs", {}).values()]
        for obj in objects:
            for name, prop in obj.get("properties", {}).items():
                assert prop.get("description"), f"{kind.path}: '{name}' has no description"


BROKEN_SESSION = """\
date: 2020-12-10
start: 9:30
end: 13:30
titel: Knowledge exchange
agenda:
  - start: 9.30
    duration: ten minutes
    title: Welcome
    kind: welcom
    presenters: [Torino Wireless]
"""


def test_a_broken_session_is_flagged_where_the_editor_typed(tmp_path):
    broken = tmp_path / "2020-12-10-broken.yml"
    broken.write_text(BROKEN_SESSION, encoding="utf-8")
    result = validate(REPO / "schemas" / "session.schema.json", broken)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    for expected in (
        "'titel' was unexpected",  # misspelt field
        "'title' is a required property",
        "$.agenda[0].start",  # 9.30 is a number, not a clock time
        "$.agenda[0].duration",  # not "10 min"
        "$.agenda[0].kind",  # not one of the kinds
        "$.agenda[0].presenters[0]",  # not an id
    ):
        assert expected in out, out


def test_a_broken_list_file_is_flagged(tmp_path):
    broken = tmp_path / "case-studies.yml"
    broken.write_text("case_studies:\n  - id: Mezcal Cluster\n    title: Mezcal\n", "utf-8")
    result = validate(REPO / "schemas" / "case-studies.schema.json", broken)
    out = result.stdout
    assert result.returncode == 1
    assert "$.case_studies[0].id" in out and "'summary' is a required property" in out, out


def test_what_the_loader_accepts_the_schema_accepts_too(tmp_path):
    """Windows line endings, non-ASCII names and an item with no end are all fine."""
    text = (REPO / "data" / "organisations.yml").read_text(encoding="utf-8")
    text += "  - id: lodz-cluster\n    name: Łódź — Київ cluster\n    description: Example.\n"
    path = tmp_path / "organisations.yml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = validate(REPO / "schemas" / "organisations.schema.json", path)
    assert result.returncode == 0, result.stdout
