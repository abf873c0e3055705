"""Material's compiled templates kept in .cache/jinja/theme.cache (macros/theme_cache.py,
hooks/theme_cache.py), compiled ahead in a child on a first build.

- what the child compiles is what the build would compile: the build then compiles only the
  templates named at render time;
- the next build compiles nothing, and an edited template is compiled again;
- code compiled for another environment (a plugin changed it at on_env) is not used;
- the real site is the same, byte for byte, built with and without the cache.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import counting, tree_differences
from jinja2 import Environment
from mkdocs.config import load_config

from macros import background, theme_cache
from macros.template_cache import save_caches

THEME = {
    "main.html": '{% extends "base.html" %}{% block body %}[{{ page_title }}]{% endblock %}',
    "base.html": (
        '<html>{% include "partials/header.html" %}{% block body %}{% endblock %}'
        '{% include "partials/" ~ part ~ ".html" %}</html>'
    ),
    "partials/header.html": '{% import "partials/macros.html" as m %}{{ m.title(site) }}',
    "partials/macros.html": "{% macro title(s) %}<h1>{{ s }}</h1>{% endmacro %}",
    "partials/footer.html": "<footer>{{ site }}</footer>",  # named at render time only
    "404.html": '{% extends "base.html" %}{% block body %}not found{% endblock %}',
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, source in THEME.items():
        path = tmp_path / "theme" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: null\n  custom_dir: theme\n", encoding="utf-8"
    )
    return tmp_path


def build(project: Path, on_env=None) -> tuple[str, list[str]]:
    """The hook's part of one build: on_config, on_env (after `on_env`, as a plugin would),
    a page rendered, the cache saved."""
    config = load_config(str(project / "mkdocs.yml"))
    theme_cache.start(config)
    env = config.theme.get_env()  # what MkDocs' build() does
    if on_env:
        on_env(env)
    compiled = counting(env)  # after the fork: counts what this process compiles
    theme_cache.attach(env, config)
    out = env.get_template("main.html").render(page_title="P", site="S", part="footer")
    save_caches()
    return out, compiled


def test_a_first_build_compiles_ahead_what_a_build_would(project: Path) -> None:
    assert background.enabled()
    out, compiled = build(project)
    assert out == "<html><h1>S</h1>[P]<footer>S</footer></html>"
    assert compiled == ["partials/footer.html"]  # the only one named at render time
    assert (project / ".cache" / "jinja" / "theme.cache").is_file()


def test_the_next_build_compiles_nothing_and_an_edit_compiles_again(project: Path) -> None:
    build(project)
    out, compiled = build(project)
    assert (out, compiled) == ("<html><h1>S</h1>[P]<footer>S</footer></html>", [])
    (project / "theme" / "partials" / "header.html").write_text("<h2>{{ site }}</h2>")
    out, compiled = build(project)
    assert (out, compiled) == (
        "<html><h2>S</h2>[P]<footer>S</footer></html>",
        ["partials/header.html"],
    )


def test_no_child_when_the_kept_templates_are_for_this_setup(project: Path) -> None:
    build(project)
    theme_cache.start(load_config(str(project / "mkdocs.yml")))
    assert not background._RUNNING
    theme_cache._discard(project.resolve())


def test_code_compiled_for_another_environment_is_not_used(project: Path) -> None:
    def plugin_on_env(env: Environment) -> None:
        env.filters["shout"] = str.upper  # a filter the child's environment did not have

    out, compiled = build(project, on_env=plugin_on_env)
    assert out == "<html><h1>S</h1>[P]<footer>S</footer></html>"
    assert sorted(compiled) == sorted(
        [
            "main.html",
            "base.html",
            "partials/header.html",
            "partials/macros.html",
            "partials/footer.html",
        ]
    )


def test_without_background_work_the_same_templates_compile_here(project, monkeypatch) -> None:
    monkeypatch.setenv(background.ENV, "0")
    out, compiled = build(project)
    assert out == "<html><h1>S</h1>[P]<footer>S</footer></html>"
    assert compiled == ["partials/footer.html"]  # the rest compiled by the same code, at on_env


def test_the_site_is_the_same_with_the_kept_templates(workspace) -> None:
    first = workspace.build(workspace.path("site-cold"))
    assert first.code == 0, str(first)
    kept = workspace.path(".cache/jinja/theme.cache")
    assert kept.is_file()
    stamp = kept.stat().st_mtime_ns
    second = workspace.build(workspace.path("site-warm"))
    assert second.code == 0, str(second)
    assert kept.stat().st_mtime_ns == stamp  # nothing compiled: the cache was not rewritten
    assert not tree_differences(first.site_dir, second.site_dir)
