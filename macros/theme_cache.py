"""Material's compiled templates kept between builds, and compiled on another core when none are.

MkDocs makes a new Jinja environment for the theme on every build (`Theme.get_env()`), and
every `mkdocs serve` rebuild too, so each build compiles the theme's templates again: on this
site 44 of them (main.html, base.html, the partials it includes, a dozen icons), about 160 ms of
a 0.9 s build, the largest single cost after Markdown. Plain Material pays it as well.

- Kept: `attach()` (hooks/theme_cache.py, at on_env, after every other on_env) gives that
  environment a TemplateCache, .cache/jinja/theme.cache (macros/template_cache.py): the same
  checks as the project's own caches (the source's checksum, the compiler's fingerprint), plus
  the versions of MkDocs and Material, whose Python shapes the environment.
- Ahead: when there is no usable cache (a first build, a new Material), `start()` (at
  on_config) forks a child that makes the theme's environment as MkDocs will and compiles
  main.html, the theme's static templates (404.html, sitemap.xml) and every template they name
  with a constant (`{% include "partials/header.html" %}`), while MkDocs reads the files, builds
  the navigation and converts the Markdown. `attach()` collects what it compiled. A template
  named only at render time (`"partials/languages/" ~ lang ~ ".html"`, the icons) is compiled
  in the build, as before. The child's code is used only if its environment's fingerprint is
  the build's: a plugin that changed the environment at on_env gets no stale code.

The compiled code is what Jinja compiles in the build; the site is byte-identical with or
without the cache (tests/test_theme_cache.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from jinja2 import Environment, TemplateNotFound, meta

from . import background
from .template_cache import TemplateCache, fingerprint

LABEL = "theme"
JOB = "theme templates"  # the background job's name
DISTRIBUTIONS = ("mkdocs", "mkdocs-material")  # besides Jinja's: MkDocs makes the environment

# What on_config prepared, by project root: the cache it read, and the function that waits for
# the child compiling ahead (macros.background), if one was started.
_PREPARED: dict[Path, tuple[TemplateCache, Callable[[], dict[str, bytes]] | None]] = {}


def project_root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def store_for(env: Environment, root: Path) -> TemplateCache:
    return TemplateCache(root, LABEL, env, DISTRIBUTIONS)


def entry_templates(config) -> list[str]:
    """The templates MkDocs renders by name: main.html for pages (a page's front matter may
    name another, compiled in the build) and the theme's static templates."""
    return ["main.html", *config.theme.static_templates]


def compile_templates(env: Environment, root: Path, names: Iterable[str]) -> dict[str, bytes]:
    """Compile `names` and every template they name with a constant, as the build would:
    {cache key: compiled code}, the entries of a TemplateCache for `env`."""
    store = store_for(env, root)
    store.stored = {}  # compile everything: this is what fills an empty or stale cache
    todo, seen, out = deque(names), set(), {}
    while todo:
        name = todo.popleft()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            continue  # e.g. a theme without sitemap.xml; the build reports what it needs
        tree = env.parse(source, name, filename)
        todo.extend(n for n in meta.find_referenced_templates(tree) if n is not None)
        bucket = store.get_bucket(env, name, filename, source)
        bucket.code = env.compile(tree, name, filename)
        out[bucket.key] = bucket.bytecode_to_string()
    return out


def start(config) -> None:
    """At on_config: read the kept templates; if there are none for this setup, compile the
    theme's templates in a forked child (see the module's docstring)."""
    root = project_root(config)
    _discard(root)  # an earlier build of `mkdocs serve` that stopped before on_env
    env = config.theme.get_env()
    store = store_for(env, root)
    waiter = None
    if not store.stored:  # kept templates are used as they are: a changed one compiles in the build
        names = entry_templates(config)
        waiter = background.start(JOB, lambda: compile_templates(env, root, names))
    _PREPARED[root] = (store, waiter)


def _discard(root: Path) -> None:
    """Forget what on_config prepared, and stop its child if it still runs."""
    _PREPARED.pop(root, None)
    background.stop(JOB)


def attach(env: Environment, config) -> Environment:
    """At on_env: the theme's environment reads and keeps compiled templates in
    .cache/jinja/theme.cache, with what a child compiled ahead for this environment."""
    root = project_root(config)
    store, waiter = _PREPARED.pop(root, (None, None))
    if store is None or store.fingerprint != fingerprint(env, DISTRIBUTIONS):
        background.stop(JOB)  # compiled for another environment: not used
        store = store_for(env, root)  # a plugin changed the environment at on_env
    elif waiter is not None:
        store.add(background.result_or(waiter, {}, "compiling the theme's templates"))
    env.bytecode_cache = store
    return env
