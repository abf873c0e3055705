"""Shared fixtures: sites built once per session, and throw-away copies of the project.

Two curricula are built:
- the fixture (tests/fixtures/curriculum/): the machinery's tests run on it. It is made for the
  cases the code must handle and never changes when the real curriculum does;
- the real one (data/, docs/): its tests check invariants derived from data/, never literals of
  today's content, so editors' edits keep them green.

A `Workspace` is a copy of the project's machinery (mkdocs.yml, macros/, hooks/, overrides/, …)
with the content (data/ and docs/) of one of the two, which a test may edit and build.

Every build and every test runs with the variables the build reads removed from the
environment (`hermetic`), and set only where a test says so: the caller's SOURCE_DATE_EPOCH,
PDF_EXPORT, SITE_URL… never change a result.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from macros.curriculum import Curriculum
from macros.loader import load
from tools import synth

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "curriculum"
MKDOCS = Path(sys.executable).with_name("mkdocs")
# The machinery: what a build reads besides the content (data/ and docs/), and the tools that
# tests run on a copy (tools/synth.py keeps the list).
MACHINERY = (*synth.MACHINERY, "tools")
CONTENT = ("data", "docs")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")
# Environment variables that change what a build writes (macros/settings.py, mkdocs.yml).
BUILD_VARIABLES = (
    "SOURCE_DATE_EPOCH",
    "PDF_EXPORT",
    "SITE_URL",
    "REPO_URL",
    "OFFLINE_COPY",
    "CURRICULUM_DEBUG",
)
# The fixture's pages that machinery tests name (tests/fixtures/curriculum/docs/)
E = "programme/fixture-2021/"  # the fixture's edition: its overview, at a glance, sessions
S = E + "sessions/"
OPENING = S + "2021-03-22-opening.md"
FIRST_1 = S + "2021-03-24-first-topic-1.md"
SMART_1 = S + "2021-03-26-second-topic-1.md"
FIRST_2 = S + "2021-03-29-first-topic-2.md"
BETWEEN = S + "2021-04-01-between.md"
SMART_2 = S + "2021-04-10-second-topic-2.md"
EPOCH = "1616371200"  # 2021-03-22 00:00 UTC: a fixed build time for reproducible outputs


def hermetic(**settings: str) -> dict[str, str]:
    """The environment of a build: the caller's, without the build's variables, plus
    `settings`. PDFs are off unless a test asks for them."""
    env = {k: v for k, v in os.environ.items() if k not in BUILD_VARIABLES}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PDF_EXPORT="0")
    env.update(settings)
    return env


@pytest.fixture(autouse=True)
def _hermetic_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that call the build's Python directly see no build variables either."""
    for name in BUILD_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@dataclass
class BuildResult:
    code: int
    output: str  # stdout and stderr together
    site_dir: Path

    def __str__(self) -> str:  # shown by pytest when an assertion on the result fails
        return f"mkdocs exited with {self.code}:\n{self.output}"


def run_build(root: Path, site_dir: Path, *args: str, **settings: str) -> BuildResult:
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", *args, "--site-dir", str(site_dir)],
        cwd=root,
        env=hermetic(**settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    return BuildResult(proc.returncode, proc.stdout, site_dir)


class Workspace:
    """A private copy of the project, with the content of the fixture or of the repository."""

    def __init__(self, root: Path, content: Path = FIXTURE):
        self.root = root
        for name in MACHINERY:
            src, dest = REPO / name, root / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dest, ignore=IGNORED)
            elif src.is_file():
                shutil.copy2(src, dest)
        for name in CONTENT:
            shutil.copytree(content / name, root / name, ignore=IGNORED, dirs_exist_ok=True)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str | bytes) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8", newline="")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace text that must occur exactly `count` times (guards against stale edits)."""
        text = self.read(rel)
        found = text.count(old)
        assert found == count, f"{rel}: expected {count} occurrence(s) of {old!r}, found {found}"
        self.write(rel, text.replace(old, new))

    def line_of(self, rel: str, needle: str) -> int:
        """1-based number of the line where the first occurrence of `needle` starts."""
        text = self.path(rel).read_bytes().decode("utf-8", errors="replace")
        index = text.find(needle)
        assert index >= 0, f"{rel}: the text {needle!r} is not in the file"
        return text.count("\n", 0, index) + 1

    def load(self) -> Curriculum:
        return load(self.root)

    def build(self, site_dir: Path | None = None, *args: str, **settings: str) -> BuildResult:
        return run_build(self.root, site_dir or self.root / "built-site", *args, **settings)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A copy of the project with the fixture curriculum, to break at will."""
    return Workspace(tmp_path / "repo")


@pytest.fixture
def real_workspace(tmp_path: Path) -> Workspace:
    """A copy of the project with the real curriculum, to edit as an editor would."""
    return Workspace(tmp_path / "repo", REPO)


def built(factory: pytest.TempPathFactory, content: Path, name: str, **settings) -> Path:
    ws = Workspace(factory.mktemp(name) / "repo", content)
    result = ws.build(ws.root / "site", SOURCE_DATE_EPOCH=EPOCH, **settings)
    assert result.code == 0, str(result)
    return result.site_dir


@pytest.fixture(scope="session")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace of the fixture that tests only read."""
    return Workspace(tmp_path_factory.mktemp("fixture") / "repo").root


@pytest.fixture(scope="session")
def fixture_cur(fixture_root: Path) -> Curriculum:
    return load(fixture_root)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's site, without PDFs (built once)."""
    return built(tmp_path_factory, FIXTURE, "fixture-site")


@pytest.fixture(scope="session")
def fixture_pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's site with its PDFs (built once)."""
    return built(tmp_path_factory, FIXTURE, "fixture-pdf", PDF_EXPORT="1")


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    """The repository's own data, validated."""
    return load(REPO)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, without PDFs (built once)."""
    return built(tmp_path_factory, REPO, "site")


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site with its PDFs (built once)."""
    return built(tmp_path_factory, REPO, "pdf-site", PDF_EXPORT="1")


# ------------------------------------------------------------------------------ built pages


def page_file(site_dir: Path, docs_path: str) -> Path:
    """The HTML file MkDocs writes for a page of docs/ (directory URLs)."""
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return site_dir / "index.html"
    if stem.endswith("/index"):
        return site_dir / stem.removesuffix("/index") / "index.html"
    return site_dir / stem / "index.html"


def soup(site_dir: Path, docs_path: str) -> BeautifulSoup:
    path = page_file(site_dir, docs_path)
    assert path.is_file(), f"{docs_path} was not built ({path} is missing)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(site_dir: Path, docs_path: str) -> Tag:
    """The page's own content (the <article>), without the theme's header, nav and footer."""
    article = soup(site_dir, docs_path).find("article")
    assert article is not None, f"{docs_path}: no <article>"
    return article


def text(node: Tag) -> str:
    """Visible text with whitespace collapsed, the headerlink pilcrows removed."""
    for link in node.select("a.headerlink"):
        link.decompose()
    return " ".join(node.get_text(" ").split())


# ----------------------------------------------------------- `from conftest import ...` in tests/

_THIS = sys.modules[__name__]


def pytest_collectstart(collector: pytest.Collector) -> None:
    """Test modules in tests/ import helpers with `from conftest import ...`. A conftest.py in a
    subfolder (tests/browser/) is also imported as `conftest` and would shadow this one: point
    the name back here before each test module of this folder is imported."""
    if isinstance(collector, pytest.Module) and collector.path.parent == Path(__file__).parent:
        sys.modules["conftest"] = _THIS
