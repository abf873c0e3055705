"""The compiled-template cache (.cache/jinja/, macros/template_cache.py) never serves stale code.

- a cached template is used again only for the same source and the same compiler settings;
- an edit of a macros template, a page or a data file shows in the next (warm) build;
- a cache that cannot be read or written costs a compile, not the build.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import counting
from jinja2 import Environment, FileSystemLoader

from macros.template_cache import (
    CACHE_DIR,
    cache_from_string,
    cached_environment,
    fingerprint,
    save_caches,
)


def template_env(templates: Path, root: Path, **options) -> tuple[Environment, list[str]]:
    env = Environment(loader=FileSystemLoader(templates), **options)
    compiled = counting(env)
    return cached_environment(env, root, "test"), compiled


def test_loader_templates_are_cached_by_source_and_settings(tmp_path: Path) -> None:
    templates, root = tmp_path / "templates", tmp_path / "project"
    templates.mkdir()
    (templates / "t.html").write_text("{% if x %}\n{{ x }}!\n{% endif %}\n", encoding="utf-8")

    def build(**options) -> tuple[str, list[str]]:
        """One build: a new environment renders the template, then the cache is saved."""
        env, compiled = template_env(templates, root, **options)
        out = env.get_template("t.html").render(x="a")
        save_caches()
        return out, compiled

    assert build() == ("\na!\n", ["t.html"])
    assert build() == ("\na!\n", [])  # the next build: from the cache
    (templates / "t.html").write_text("{% if x %}\n{{ x }}?\n{% endif %}\n", encoding="utf-8")
    assert build() == ("\na?\n", ["t.html"])  # edited: compiled again
    assert build() == ("\na?\n", [])
    # other settings shape other code: the cache of the old ones is not used, then replaced
    assert build(trim_blocks=True) == ("a?\n", ["t.html"])
    assert build(trim_blocks=True) == ("a?\n", [])
    assert build() == ("\na?\n", ["t.html"])
    assert [p.name for p in (root / CACHE_DIR).iterdir()] == ["test.cache"]


def test_pages_from_string_are_cached(tmp_path: Path) -> None:
    def page_env(name: str) -> tuple[Environment, list[str]]:
        env = Environment()
        compiled = counting(env)
        cache_from_string(env, tmp_path, "pages", lambda: name)
        return env, compiled

    env, compiled = page_env("a.md")
    assert env.from_string("# {{ 6 * 7 }}").render() == "# 42"
    assert len(compiled) == 1
    save_caches()
    env, compiled = page_env("a.md")
    assert env.from_string("# {{ 6 * 7 }}").render() == "# 42"
    assert compiled == []
    assert env.from_string("# {{ 6 * 8 }}").render() == "# 48"  # the page was edited
    assert len(compiled) == 1


def test_damaged_cache_is_ignored(tmp_path: Path) -> None:
    templates, root = tmp_path / "templates", tmp_path / "project"
    templates.mkdir()
    (templates / "t.html").write_text("{{ x }}", encoding="utf-8")
    (root / CACHE_DIR).mkdir(parents=True)
    for damaged in (b"", b"not marshal data", b"\xe9" * 40):
        (root / CACHE_DIR / "test.cache").write_bytes(damaged)
        env, compiled = template_env(templates, root)
        assert env.get_template("t.html").render(x="ok") == "ok"
        assert compiled == ["t.html"]
        save_caches()
        env, compiled = template_env(templates, root)
        assert env.get_template("t.html").render(x="ok") == "ok"
        assert compiled == []


def test_unwritable_cache_only_costs_a_compile(tmp_path: Path) -> None:
    templates, root = tmp_path / "templates", tmp_path / "project"
    templates.mkdir()
    (templates / "t.html").write_text("{{ x }}", encoding="utf-8")
    root.mkdir()
    (root / ".cache").write_text("a file where the cache folder would go", encoding="utf-8")
    for _ in range(2):
        env, compiled = template_env(templates, root)
        assert env.get_template("t.html").render(x="ok") == "ok"
        assert compiled == ["t.html"]
        save_caches()


def test_edits_show_in_a_warm_build(workspace) -> None:
    first = workspace.build(workspace.path("site-1"))
    assert first.code == 0, str(first)
    assert workspace.path(".cache/jinja/pages.cache").is_file()
    assert workspace.path(".cache/jinja/macros.cache").is_file()
    session = "docs/programme/sessions/2020-12-01-cluster-strategy-1.md"
    workspace.replace(session, "{{ agenda() }}", "{{ agenda() }}\n\nEdited {{ 6 * 7 }} times.")
    workspace.replace("macros/templates/agenda.html", "</table>", "</table><!-- edited -->")
    data = "data/sessions/2020-12-01-cluster-strategy-1.yml"
    title = next(line for line in workspace.read(data).splitlines() if line.startswith("title: "))
    assert '"' not in title and "'" not in title
    workspace.replace(data, title, title + " (edited)")
    second = workspace.build(workspace.path("site-2"))
    assert second.code == 0, str(second)
    page = "programme/sessions/2020-12-01-cluster-strategy-1/index.html"
    before = (first.site_dir / page).read_text(encoding="utf-8")
    after = (second.site_dir / page).read_text(encoding="utf-8")
    for edit in ("Edited 42 times.", "</table><!-- edited -->", "(edited)"):
        assert edit not in before and edit in after


@pytest.mark.parametrize("optimized", [True, False])
def test_a_data_dependent_filter_keys_the_cache(tmp_path: Path, optimized: bool) -> None:
    """Jinja runs a filter on a constant at compile time: `{{ "S3"|abbr }}` compiles to the
    glossary's text, so another glossary must not reuse that code. Without Jinja's optimizer
    too (the project's environments): the code generator computes constant output itself."""
    from macros.render import abbreviations

    templates, root = tmp_path / "templates", tmp_path / "project"
    templates.mkdir()
    (templates / "t.html").write_text('{{ "S3 plan"|abbr }}', encoding="utf-8")

    def build(glossary: dict[str, str]) -> tuple[str, list[str]]:
        env = Environment(loader=FileSystemLoader(templates), autoescape=True, optimized=optimized)
        env.filters["abbr"] = abbreviations(glossary)
        compiled = counting(env)
        out = cached_environment(env, root, "test").get_template("t.html").render()
        save_caches()
        return out, compiled

    assert build({"S3": "one"}) == ('<abbr title="one">S3</abbr> plan', ["t.html"])
    assert build({"S3": "one"}) == ('<abbr title="one">S3</abbr> plan', [])
    assert build({"S3": "two"}) == ('<abbr title="two">S3</abbr> plan', ["t.html"])


def test_pages_and_templates_compile_without_the_optimizer(tmp_path: Path) -> None:
    """Both environments skip Jinja's constant-folding pass (a tenth of the compile a build
    without the cache pays, for code that comes out the same): the pages' environment gets
    it with `finalize`, before its cache, whose fingerprint holds the setting."""
    from macros import pages_environment
    from macros.render import finalize, make_environment

    assert make_environment().optimized is False
    pages = Environment()
    file = SimpleNamespace(src_path="a.md", src_uri="a.md")
    macros_env = SimpleNamespace(
        env=pages,
        conf=SimpleNamespace(
            config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs")
        ),
        page=SimpleNamespace(meta={}, edit_url=None, file=file),
    )
    compiled = counting(pages)
    pages_environment(macros_env, tmp_path)
    assert pages.finalize is finalize and pages.optimized is False
    source = "{{ 'a*b' }} {{ [1, 2][-1] * 3 }}"
    assert pages.from_string(source).render() == "a\\*b 6"
    assert len(compiled) == 1
    save_caches()
    stored = marshal.loads((tmp_path / CACHE_DIR / "pages.cache").read_bytes())
    assert (
        stored["fingerprint"] == fingerprint(pages) != fingerprint(Environment(finalize=finalize))
    )
