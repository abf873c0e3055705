"""A first build's templates and pages compiled in a child while the pages build
(macros/compile_ahead.py).

- what the child compiled is used, and the build compiles only what the child did not reach;
- a page whose source changed after the child read it, or that does not compile, is compiled
  (and reported) by the build;
- a build with kept templates starts no child; the child's folder is removed at the end;
- the real site is the same, byte for byte, with the work in a child or in the build.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import counting, tree_differences
from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError

from macros import background, compile_ahead
from macros.compile_ahead import DONE, Plan, loader_items, page_items
from macros.template_cache import cache_from_string, cached_environment, save_caches

PAGES = {
    f"p{i}.md": f"---\ntitle: P{i}\n---\n# P{i}\n\n{{{{ greet('{i}') }}}}\n" for i in range(20)
}


class File(SimpleNamespace):
    @property
    def content_string(self) -> str:
        return Path(self.abs_src_path).read_text(encoding="utf-8-sig")


class Files(list):
    def documentation_pages(self):
        return list(self)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "greet.html").write_text("<b>{{ who }}</b>", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    return tmp_path


class Build:
    """The parts of one build that compile_ahead serves: the macros' template environment,
    mkdocs-macros' page environment with its cache, and the pages as MkDocs lists them."""

    def __init__(self, root: Path):
        self.root = root
        self.templates = cached_environment(
            Environment(loader=FileSystemLoader(root / "templates")), root, "macros"
        )
        self.pages = Environment()
        self.pages.globals["greet"] = lambda who: self.templates.get_template("greet.html").render(
            who=who
        )
        self.page = None
        self.store = cache_from_string(self.pages, root, "pages", lambda: self.page.src_path)
        self.files = Files(
            File(src_path=name, abs_src_path=str(root / "docs" / name)) for name in sorted(PAGES)
        )
        self.compiled_templates = counting(self.templates)
        self.page_compiles = counting(self.pages)

    def start(self, wait: bool = True) -> None:
        compile_ahead.start(
            [
                Plan(self.templates, self.templates.bytecode_cache, loader_items(self.templates)),
                Plan(self.pages, self.store, page_items(self.files)),
            ]
        )
        ahead = compile_ahead._CURRENT
        if wait and ahead is not None:  # the child done: every lookup finds its code
            deadline = time.monotonic() + 30
            while not (ahead.folder / DONE).exists() and time.monotonic() < deadline:
                time.sleep(0.01)

    def render(self, name: str) -> str:
        self.page = next(f for f in self.files if f.src_path == name)
        markdown = Path(self.page.abs_src_path).read_text(encoding="utf-8").split("---\n", 2)[2]
        return self.pages.from_string(markdown).render()

    def render_all(self) -> dict[str, str]:
        out = {name: self.render(name) for name in sorted(PAGES)}
        compile_ahead.finish()
        save_caches()
        return out


def test_the_build_uses_what_the_child_compiled(project: Path) -> None:
    assert background.enabled()
    build = Build(project)
    build.start()
    folder = compile_ahead._CURRENT.folder
    out = build.render_all()
    assert out["p3.md"] == "# P3\n\n<b>3</b>"
    assert build.page_compiles == [] and build.compiled_templates == []
    assert not folder.exists()  # removed at the end
    assert not background._RUNNING


def test_a_warm_build_starts_no_child(project: Path) -> None:
    Build(project).render_all()  # no child (nothing started): compiles and keeps everything
    build = Build(project)
    build.start(wait=False)
    assert compile_ahead._CURRENT is None and not background._RUNNING
    build.render_all()
    assert build.page_compiles == [] and build.compiled_templates == []


def test_what_the_child_has_not_reached_is_compiled_in_the_build(project: Path) -> None:
    build = Build(project)
    build.start()
    # edited after the child read it: its code is for another source
    (project / "docs" / "p5.md").write_text("---\n---\nnew {{ greet('x') }}", encoding="utf-8")
    out = build.render_all()
    assert out["p5.md"] == "new <b>x</b>"
    assert len(build.page_compiles) == 1


def test_a_page_that_does_not_compile_is_reported_by_the_build(project: Path) -> None:
    (project / "docs" / "p7.md").write_text("---\n---\n{{ broken( }}", encoding="utf-8")
    build = Build(project)
    build.start()
    with pytest.raises(TemplateSyntaxError):
        build.render("p7.md")
    assert build.render("p8.md") == "# P8\n\n<b>8</b>"
    compile_ahead.finish()


def test_a_build_that_stopped_leaves_nothing_behind(project: Path) -> None:
    build = Build(project)
    build.start(wait=False)
    folder = compile_ahead._CURRENT.folder
    Build(project).start(wait=False)  # the next build (mkdocs serve) after a failed one
    assert not folder.exists()
    compile_ahead.finish()
    assert not background._RUNNING


def test_the_site_is_the_same_with_the_compiles_in_a_child_or_here(workspace) -> None:
    ahead = workspace.build(workspace.path("site-ahead"))
    assert ahead.code == 0, str(ahead)
    shutil.rmtree(workspace.path(".cache"))
    here = workspace.build(workspace.path("site-here"), BUILD_BACKGROUND="0")
    assert here.code == 0, str(here)
    assert not tree_differences(ahead.site_dir, here.site_dir)


def test_a_failed_build_leaves_no_folder_behind(workspace, tmp_path: Path) -> None:
    page = "docs/programme/sessions/2020-12-01-cluster-strategy-1.md"
    workspace.replace(page, "{{ agenda() }}", "{{ agenda( }}")
    temp = tmp_path / "temp"
    temp.mkdir()
    failed = workspace.build(TMPDIR=str(temp))
    assert failed.code != 0, str(failed)  # mkdocs-macros stops the build
    assert not list(temp.iterdir())
