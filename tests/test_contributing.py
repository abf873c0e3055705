"""CONTRIBUTING.md works when followed: its examples load and build, its errors are the real ones.

Each example block has a title saying where it goes: a new file (`data/...yml`, `docs/...md`) or
`add to the end of data/<file>.yml`. The tests apply them to a copy of the repository with the
real curriculum (the guide's examples name its ids), one recipe (section) at a time and all
together, and run the same loader as the build (and one strict build). Line numbers in the
guide's example errors are an example's: they are compared as "some line".
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invariants import built_file as built

from tools import schema

REPO = Path(__file__).resolve().parents[1]
GUIDE = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r'^```(\w+)(?: title="([^"]*)")?\n(.*?)^```\n', re.M | re.S)
APPEND = "add to the end of "


@dataclass
class Example:
    section: str
    lang: str
    title: str
    body: str

    def apply(self, ws) -> None:
        if self.title.startswith(APPEND):
            rel = self.title[len(APPEND) :]
            current = ws.read(rel)
            assert current.endswith("\n"), rel
            ws.write(rel, current + self.body)
        else:
            assert not ws.path(self.title).exists(), f"{self.title} exists already"
            ws.write(self.title, self.body)


def examples() -> list[Example]:
    out = []
    for match in FENCE.finditer(GUIDE):
        heading = re.findall(r"^## (.+)$", GUIDE[: match.start()], re.M)
        section = heading[-1] if heading else ""
        out.append(Example(section, match.group(1), match.group(2) or "", match.group(3)))
    return out


FILE_EXAMPLES = [e for e in examples() if e.lang in ("yaml", "markdown")]
RECIPES = sorted({e.section for e in FILE_EXAMPLES})


def test_every_yaml_and_page_example_says_where_it_goes():
    assert len(FILE_EXAMPLES) >= 8
    for e in FILE_EXAMPLES:
        target = e.title[len(APPEND) :] if e.title.startswith(APPEND) else e.title
        assert re.fullmatch(r"(data/[\w/.-]+\.yml|docs/[\w/.-]+\.md)", target), e.title
        if e.title.startswith(APPEND):
            assert (REPO / target).is_file(), target


def test_the_guide_covers_every_editors_task():
    for recipe in (
        "Fix a typo with the edit button",
        "Add a session",
        "Add a module",
        "Add a case study",
        "Add an organisation",
        "Add a glossary term",
        "Add an edition",
        "What each field means",
        "Preview on your own computer (optional)",
        "What the checks do",
    ):
        assert re.search(rf"^##+ {re.escape(recipe)}$", GUIDE, re.M), recipe


@pytest.mark.parametrize("recipe", RECIPES)
def test_each_recipe_alone_gives_valid_data(real_workspace, recipe):
    for e in FILE_EXAMPLES:
        if e.section == recipe:
            e.apply(real_workspace)
    cur = real_workspace.load()  # raises DataError with the editor's message if it is wrong
    assert cur.sessions


def test_all_examples_together_build_strictly(real_workspace):
    workspace = real_workspace
    for e in FILE_EXAMPLES:
        e.apply(workspace)
    cur = workspace.load()
    assert "2020-12-16-follow-up" in cur.sessions
    assert "module-5" in cur.modules and "leather-water-treatment" in cur.case_studies
    assert "lodz-example-cluster" in cur.organisations
    assert any(t.term == "Porter's diamond" for t in cur.terms)
    result = workspace.build()
    assert result.code == 0, str(result)
    site = result.site_dir
    page = built(site, cur.pages["sessions"]["2020-12-16-follow-up"]).read_text(encoding="utf-8")
    assert "Follow-up questions from the cluster managers" in page
    # "Add an edition": what step 5 of the recipe says the reader will see, whatever the
    # editions of the data: the editions latest first, each module page lists its editions
    new = "2022-2nd-online"
    hub = BeautifulSoup(built(site, "programme/index.md").read_text(encoding="utf-8"), "lxml")
    listed = [li.a["href"] for li in hub.select("ul.ct-editions > li")]
    assert listed == [f"{eid}/" for eid in reversed(cur.editions)]
    nav = hub.select_one("nav.md-nav--primary")
    assert nav.find(string=re.compile(re.escape(cur.editions[new].title))) is not None
    for mid in {cur.sessions[sid].module for sid in cur.edition_sessions(new)} - {None}:
        module = BeautifulSoup(built(site, cur.pages["modules"][mid]).read_text("utf-8"), "lxml")
        held = [p.a["href"] for p in module.select("p.ct-held-in")]
        assert held == [f"../../programme/{eid}/" for eid in cur.module_editions(mid)]
    for eid in cur.editions:
        assert built(site, f"programme/{eid}/index.md").is_file()
        assert (site / f"calendar/{eid}/programme.ics").is_file()


def test_a_strict_build_fails_on_a_warning(workspace):
    """What "builds strictly" above relies on: a warning (a link to no page) fails the build."""
    workspace.write("docs/glossary.md", workspace.read("docs/glossary.md") + "\n[x](nowhere.md)\n")
    assert workspace.build().code != 0


def test_every_model_field_is_documented():
    assert schema.undocumented(REPO) == []


def shape(text: str) -> list[str]:
    """A message as the guide can promise it, whatever the data: file paths, quoted values and
    numbers (lines, list indexes, times) stand for "some"."""
    text = re.sub(r"(?:data|docs)/[\w/.-]+\.(?:yml|md)", "FILE", text)
    text = re.sub(r"'[^']*'", "'X'", text)
    return [re.sub(r"\d+", "9", line).rstrip() for line in text.splitlines()]


def session_files(ws) -> list[Path]:
    return sorted(ws.root.glob("data/editions/*/sessions/*.yml"))


def test_the_data_error_shown_in_the_guide_is_what_make_check_prints(real_workspace):
    """The guide's example: a time typed with a dot (12.15) and a misspelt module id, made here
    in whichever session files of the data have such a time and a module."""
    shown = next(e for e in examples() if e.title == "make check").body.rstrip("\n")
    timed = re.compile(r"^  - start: (\d+):([1-5]\d)$", re.M)  # a time with minutes
    with_time = next(p for p in session_files(real_workspace) if timed.search(p.read_text()))
    text = with_time.read_text(encoding="utf-8")
    with_time.write_text(timed.sub(r"  - start: \1.\2", text, count=1), encoding="utf-8")
    moduled = re.compile(r"^module: ([a-z-]+?)(\d*)$", re.M)
    with_module = next(p for p in session_files(real_workspace) if moduled.search(p.read_text()))
    text = with_module.read_text(encoding="utf-8")
    with_module.write_text(moduled.sub(r"module: \g<1>0\2", text, count=1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tools.check"],
        cwd=real_workspace.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert sorted(shape(result.stderr)) == sorted(shape(shown))
    line = re.search(r"\.yml:(\d+): field 'module'", shown).group(1)
    assert f"to line {line}." in GUIDE  # the guide's explanation reads its own example


def test_the_page_error_shown_in_the_guide_is_what_the_build_prints(real_workspace):
    """The guide's example: `{{ agendaa() }}` in a session's page."""
    shown = next(e for e in examples() if e.title == "make site").body.rstrip("\n")
    pages = real_workspace.root.glob("docs/programme/*/sessions/*.md")
    page = next(p for p in sorted(pages) if "{{ agenda() }}" in p.read_text(encoding="utf-8"))
    rel = page.relative_to(real_workspace.root).as_posix()
    real_workspace.replace(rel, "{{ agenda() }}", "{{ agendaa() }}")
    result = real_workspace.build()
    assert result.code != 0
    printed = shape(result.output)
    for line in shape(shown):
        assert line in printed, (line, result.output)


def test_make_check_is_quiet_on_good_data():
    # how fast it is belongs to tools/bench.py, not to a timed test
    result = subprocess.run(
        [sys.executable, "-m", "tools.check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The curriculum data is valid")


def test_the_contributing_page_publishes_the_guide(site):
    source = (REPO / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert '--8<-- "CONTRIBUTING.md"' in source
    page = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    for heading in re.findall(r"^## (.+)$", GUIDE, re.M):
        assert heading.replace("(", "").split()[0] in page
    assert "Add a glossary term" in page
    # the examples show macro calls literally: the guide is not rendered by Jinja
    assert "{{ heading() }}" in page
    first_data_example = next(e.title for e in FILE_EXAMPLES if e.title.startswith("data/"))
    assert f'class="filename">{first_data_example}<' in page


def test_the_site_builds_from_another_directory(workspace, tmp_path: Path) -> None:
    """`mkdocs build -f path/to/mkdocs.yml` from anywhere: the Contributing page includes
    CONTRIBUTING.md from the folder of mkdocs.yml, not from the working directory."""
    from conftest import MKDOCS, hermetic

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config, site = workspace.root / "mkdocs.yml", tmp_path / "site"
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=elsewhere,
        env=hermetic(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (site / "contributing" / "index.html").read_text(encoding="utf-8")
    first_heading = re.search(r"^## (.+)$", GUIDE, re.M).group(1)
    assert first_heading.split("`")[0].strip() in page
