"""Shared fixtures: the real site built once, and throw-away copies of the repository.

- `site`: the repository's site, built once per test session with `mkdocs build --strict`.
- `workspace`: a copy of the repository in a temporary directory. Edit its files, then either
  `load()` the data (fast, the same validation the build runs first) or `build()` it with mkdocs.
"""

from __future__ import annotations

import filecmp
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

REPO = Path(__file__).resolve().parents[1]

MKDOCS = Path(sys.executable).with_name("mkdocs")
# Everything the build reads. Other top-level entries (tests, virtualenv, caches) stay behind.
COPIED = ("mkdocs.yml", "data", "docs", "macros", "overrides")
OPTIONAL = ("schemas", "CONTRIBUTING.md", "README.md", "hooks", "offline")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def build_env() -> dict[str, str]:
    """The environment of every test build: no MkDocs 2 banner, no PDF export."""
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", PDF_EXPORT="0", PYTHONDONTWRITEBYTECODE="1")
    return env


@dataclass
class BuildResult:
    code: int
    output: str  # stdout and stderr together
    site_dir: Path

    def __str__(self) -> str:  # shown by pytest when an assertion on the result fails
        return f"mkdocs exited with {self.code}:\n{self.output}"


def run_build(root: Path, site_dir: Path, **env: str) -> BuildResult:
    proc = subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=root,
        env={**build_env(), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        check=False,
    )
    return BuildResult(proc.returncode, proc.stdout, site_dir)


class Workspace:
    """A private copy of the repository that a test may break at will."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True)
        for name in COPIED + OPTIONAL:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, root / name, ignore=IGNORED)
            elif src.is_file():
                shutil.copy2(src, root / name)

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
        """1-based number of the line where the first occurrence of `needle` starts (the needle
        may span several lines, to pick one of several similar lines)."""
        text = self.path(rel).read_bytes().decode("utf-8", errors="replace")
        index = text.find(needle)
        assert index >= 0, f"{rel}: the text {needle!r} is not in the file"
        return text.count("\n", 0, index) + 1

    def load(self) -> Curriculum:
        return load(self.root)

    def build(self, site_dir: Path | None = None, **env: str) -> BuildResult:
        return run_build(self.root, site_dir or self.root / "built-site", **env)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "repo")


@pytest.fixture(scope="session")
def curriculum() -> Curriculum:
    """The repository's own data, validated."""
    return load(REPO)


def pdf_build(root: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """A strict build with PDF export on (the default outside tests)."""
    environ = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", **env)
    environ.pop("PDF_EXPORT", None)
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site with its PDFs, built once (reproducible dates)."""
    site_dir = tmp_path_factory.mktemp("pdf") / "site"
    proc = pdf_build(REPO, site_dir, SOURCE_DATE_EPOCH="1606435200")
    assert proc.returncode == 0, proc.stdout
    return site_dir


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site, built once with a strict build; returns the site directory."""
    site_dir = tmp_path_factory.mktemp("site") / "site"
    result = run_build(REPO, site_dir)
    assert result.code == 0, str(result)
    assert (site_dir / "index.html").is_file(), str(result)
    return site_dir


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


def counting(env) -> list[str]:
    """Record the templates a Jinja environment compiles in this process (a cache hit compiles
    nothing): their names, or the source of a template compiled from a string."""
    compiled: list[str] = []
    compile_ = env.compile

    def compile(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name or source)
        return compile_(source, name, filename, *args, **kwargs)

    env.compile = compile
    return compiled


def tree_differences(left: Path, right: Path) -> list[str]:
    """The files that differ between two folders, or are in one only (byte comparison)."""

    def walk(diff: filecmp.dircmp, prefix: str) -> list[str]:
        common = diff.common_files
        _, mismatch, errors = filecmp.cmpfiles(diff.left, diff.right, common, shallow=False)
        found = [prefix + n for n in (*diff.left_only, *diff.right_only, *mismatch, *errors)]
        for name, sub in diff.subdirs.items():
            found += walk(sub, f"{prefix}{name}/")
        return found

    return walk(filecmp.dircmp(left, right), "")
