"""The bad-input corpus (tests/bad_inputs/cases.yml), on the fixture curriculum: every mistake
is reported in the right file, line and field, with a message an editor understands; the build
stops and publishes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import Workspace

from macros.errors import DataError, Problem

CASES_FILE = Path(__file__).parent / "bad_inputs" / "cases.yml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
EDIT_KEYS = {"replace", "content", "encode", "bom", "delete"}
EXPECT_KEYS = {"file", "line", "line_at", "field", "message", "fix"}


def apply_edit(ws: Workspace, edit: dict) -> None:
    rel = edit["file"]
    if "replace" in edit:
        ws.replace(rel, edit["replace"]["old"], edit["replace"]["new"])
    elif "content" in edit:
        ws.write(rel, edit["content"])
    elif "encode" in edit:
        ws.write(rel, ws.read(rel).encode(edit["encode"]))
    elif edit.get("bom"):
        ws.write(rel, b"\xef\xbb\xbf" + ws.path(rel).read_bytes())
    elif edit.get("delete"):
        ws.path(rel).unlink()


def expected_problems(ws: Workspace, case: dict) -> list[tuple[str, int, str, str, str]]:
    default_file = case["edits"][0]["file"]
    out = []
    for exp in case["expect"]:
        rel = exp.get("file", default_file)
        line = exp["line"] if "line" in exp else ws.line_of(rel, exp["line_at"])
        out.append((rel, line, exp["field"], exp["message"], exp.get("fix", "")))
    return out


def matches(problem: Problem, expected: tuple[str, int, str, str, str]) -> bool:
    rel, line, field, message, fix = expected
    return (
        problem.file == rel
        and problem.line == line
        and problem.field == field
        and message in problem.what
        and fix in problem.fix
    )


def test_corpus_is_well_formed():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert len(CASES) >= 30
    assert sum(1 for case in CASES if case.get("build")) >= 5  # a handful: builds are slow
    for case in CASES:
        assert set(case) <= {"id", "edits", "expect", "build"}, case["id"]
        for edit in case["edits"]:
            assert len(set(edit) & EDIT_KEYS) == 1, f"{case['id']}: one operation per edit"
        for exp in case["expect"]:
            assert set(exp) <= EXPECT_KEYS, case["id"]
            assert ("line" in exp) != ("line_at" in exp), f"{case['id']}: line or line_at"
            assert exp["message"], case["id"]


def test_good_data_loads(fixture_cur, curriculum):
    """The baseline the corpus breaks (the fixture) is valid, and so is the real curriculum."""
    assert fixture_cur.sessions and curriculum.sessions


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_is_reported(workspace: Workspace, case: dict):
    for edit in case["edits"]:
        apply_edit(workspace, edit)
    with pytest.raises(DataError) as caught:
        workspace.load()
    problems = caught.value.problems
    report = caught.value.report()
    expected = expected_problems(workspace, case)
    for exp in expected:
        assert any(matches(p, exp) for p in problems), f"expected {exp} in:\n{report}"
    # one mistake, one message: no cascade of follow-up errors hiding the real one
    assert len(problems) == len(expected), report
    # every message carries a way out
    for p in problems:
        assert p.fix.strip(), report
        assert str(p).startswith(f"{p.file}:{p.line}:" if p.line else f"{p.file}:"), str(p)


BUILD_CASES = [c for c in CASES if c.get("build")]


@pytest.mark.parametrize("case", BUILD_CASES, ids=[c["id"] for c in BUILD_CASES])
def test_bad_input_fails_the_build(workspace: Workspace, tmp_path: Path, case: dict):
    for edit in case["edits"]:
        apply_edit(workspace, edit)
    site_dir = tmp_path / "site"
    result = workspace.build(site_dir)
    assert result.code != 0, str(result)
    for rel, line, field, message, fix in expected_problems(workspace, case):
        where = f"{rel}:{line}:" if line else f"{rel}:"
        assert where in result.output, str(result)
        if field:
            assert f"field '{field}'" in result.output, str(result)
        assert message in result.output, str(result)
        assert fix in result.output, str(result)
    assert "How to fix:" in result.output, str(result)
    assert "Traceback" not in result.output, str(result)
    assert not site_dir.exists(), "a failed build must not publish a site"


# ------------------------------------------------------------------------------ page mistakes

PAGE_CASES = yaml.safe_load((CASES_FILE.parent / "page_cases.yml").read_text(encoding="utf-8"))


def test_page_corpus_is_well_formed():
    ids = [case["id"] for case in PAGE_CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in PAGE_CASES:
        assert set(case) == {"id", "edits", "expect"}, case["id"]
        assert set(case["expect"]) <= {"file", "line_at", "message", "fix"}, case["id"]


def page_error_shown(result, where: str, expect: dict) -> None:
    """One message: the page and line, what is wrong, how to fix it; nothing else of note."""
    assert result.code != 0, str(result)
    lines = [line for line in result.output.splitlines() if where in line]
    assert len(lines) == 1 and expect["message"] in lines[0], str(result)
    assert "How to fix:" in result.output and expect["fix"] in result.output, str(result)
    assert "Traceback" not in result.output, str(result)
    assert "Macro Rendering Error" not in result.output, str(result)
    assert "Macro Syntax Error" not in result.output, str(result)
    assert not result.site_dir.exists(), "a failed build must not publish a site"


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["id"] for c in PAGE_CASES])
def test_page_mistake_is_reported(workspace: Workspace, tmp_path: Path, case: dict):
    for edit in case["edits"]:
        apply_edit(workspace, edit)
    rel = case["expect"].get("file", case["edits"][0]["file"])
    where = f"{rel}:{workspace.line_of(rel, case['expect']['line_at'])}:"
    page_error_shown(workspace.build(tmp_path / "site"), where, case["expect"])


def test_page_mistake_in_every_mode(workspace: Workspace, tmp_path: Path):
    """Verbose builds show the same message; CURRICULUM_DEBUG=1 adds the Python traceback."""
    case = PAGE_CASES[0]
    for edit in case["edits"]:
        apply_edit(workspace, edit)
    rel = case["edits"][0]["file"]
    where = f"{rel}:{workspace.line_of(rel, case['expect']['line_at'])}:"
    page_error_shown(workspace.build(tmp_path / "a", "--verbose"), where, case["expect"])
    debug = workspace.build(tmp_path / "b", CURRICULUM_DEBUG="1")
    assert debug.code != 0 and case["expect"]["message"] in debug.output
    assert "Traceback" in debug.output, str(debug)
