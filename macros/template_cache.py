"""Compiled Jinja templates kept between builds, in .cache/jinja/ (gitignored).

Compiling templates is a fixed cost of every build. Jinja can keep the compiled code of a
template (a `bytecode_cache`); this project uses one for the macros' templates
(macros/templates/), the pages' Markdown, which mkdocs-macros compiles with `from_string()`, a
path Jinja never caches (`cache_from_string` below routes it through the cache), and Material's
templates (macros/theme_cache.py, with the versions of MkDocs and Material in the fingerprint).

A cached template is used only when it was compiled from the same source (Jinja stores a
checksum of the source with the code, and compiles again when the source differs) by the same
compiler: the cache of an environment is stored with a fingerprint of everything else the
compiled code depends on (Python, Jinja, MarkupSafe and mkdocs-macros versions, the
environment's options, the names of its filters and tests, and the source of this package,
whose filters and `finalize` Jinja runs at compile time on constant expressions); a cache with
another fingerprint is not read. A filter whose result depends on data as well as on its code
(the `abbr` filter and the glossary) says so in a `cache_key` attribute, which the fingerprint
holds too: Jinja folds `{{ "S3"|abbr }}` into the compiled code.

One file per environment (.cache/jinja/<label>.cache), read when the build starts and written
once, after the pages are rendered (`save_caches()`, from the macros' on_post_build), holding
the templates that build used: creating a file per template cost more than reading them all.
The cache is best effort: one that cannot be read or written costs a compile, nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path

from jinja2 import BytecodeCache, Environment, Template
from jinja2.bccache import Bucket

from .fingerprint import code_fingerprint

CACHE_DIR = Path(".cache") / "jinja"  # under the project's root

# Environment settings that shape the code Jinja generates.
COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "autoescape",
    "finalize",
    "undefined",
    "newstyle_gettext",  # set by Jinja's i18n extension (the theme's environment)
)


def _describe(value: object) -> str:
    if callable(value):  # a function or class: by name (its code is in the package hash)
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def fingerprint(env: Environment, distributions: tuple[str, ...] = ()) -> str:
    """What the compiled code of a template depends on, besides its source; `distributions`:
    the packages that made the environment, when they are not this project."""
    dists = ("jinja2", "markupsafe", "mkdocs-macros-plugin", *distributions)
    digest = hashlib.sha256(code_fingerprint(*dists))
    parts = [
        *(f"{name}={_describe(getattr(env, name, None))}" for name in COMPILE_OPTIONS),
        "extensions " + " ".join(sorted(env.extensions)),
        "filters " + " ".join(sorted(env.filters)),
        *(
            f"filter {name} {key}"
            for name, f in sorted(env.filters.items())
            if (key := getattr(f, "cache_key", None)) is not None
        ),
        "tests " + " ".join(sorted(env.tests)),
    ]
    digest.update("\n".join(parts).encode())
    return digest.hexdigest()[:20]


class TemplateCache(BytecodeCache):
    """A Jinja bytecode cache in one file, for one environment (see the module's docstring)."""

    def __init__(
        self, root: Path, label: str, env: Environment, distributions: tuple[str, ...] = ()
    ):
        self.label = label
        self.path = Path(root) / CACHE_DIR / f"{label}.cache"
        self.fingerprint = fingerprint(env, distributions)
        self.stored: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}  # what this build loaded or compiled: the next file
        self.compiled = False
        # Asked for more code before a miss: macros/compile_ahead.py, on a first build.
        self.feed: Callable[[], None] | None = None
        try:
            data = marshal.loads(self.path.read_bytes())
            if data["fingerprint"] == self.fingerprint and isinstance(data["templates"], dict):
                self.stored = data["templates"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no cache yet, or an unreadable one: it is rewritten at the end of the build

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.stored.get(bucket.key)
        if data is None and self.feed is not None:
            self.feed()
            data = self.stored.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)  # stays empty if the source's checksum differs
            if bucket.code is not None:
                self.used[bucket.key] = data

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.used[bucket.key] = bucket.bytecode_to_string()
        self._to_save()

    def add(self, compiled: dict[str, bytes]) -> None:
        """Code compiled for this cache's environment in a child process (macros/theme_cache.py,
        macros/compile_ahead.py): used and kept like code compiled here."""
        self.stored.update(compiled)
        if compiled:
            self._to_save()

    def _to_save(self) -> None:
        if not self.compiled:
            self.compiled = True
            _TO_SAVE.append(self)

    def save(self) -> None:
        data = marshal.dumps({"fingerprint": self.fingerprint, "templates": self.used})
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data)
            temp.replace(self.path)  # atomic: a build reading it sees the old or the new file
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()
        self.stored, self.compiled = dict(self.used), False


_TO_SAVE: list[TemplateCache] = []  # caches that compiled something in this build


def save_caches() -> None:
    """Write the caches that compiled templates in this build (once its pages are rendered).
    Oldest first: a cache left by a failed build of `mkdocs serve` cannot overwrite a newer."""
    for store in _TO_SAVE:
        store.save()
    _TO_SAVE.clear()


def cached_environment(env: Environment, root: Path, label: str) -> Environment:
    """Give `env` (fully configured: options and filters) a cache in root/.cache/jinja/."""
    env.bytecode_cache = TemplateCache(root, label, env)
    return env


def cache_from_string(
    env: Environment, root: Path, label: str, name: Callable[[], str]
) -> TemplateCache:
    """Route `env.from_string()` through a cache: mkdocs-macros compiles each page's Markdown
    with it. `name()` names the template being compiled (the page's docs path): one entry per
    page, replaced when the page changes. Same compile as Jinja's own from_string()."""
    store = TemplateCache(root, label, env)

    def from_string(source, globals=None, template_class=None) -> Template:
        if not isinstance(source, str):  # an already parsed template: nothing to look up
            code = env.compile(source)
        else:
            bucket = store.get_bucket(env, name(), None, source)
            if bucket.code is None:
                bucket.code = env.compile(source)
                store.set_bucket(bucket)
            code = bucket.code
        cls = template_class or env.template_class
        return cls.from_code(env, code, env.make_globals(globals), None)

    env.from_string = from_string
    return store
