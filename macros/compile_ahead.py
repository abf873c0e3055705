"""A first build's template compiles done on another core while the pages build.

Without kept templates (.cache/jinja/: a first build, or after the code changed) a build
compiles every macros template and every page (mkdocs-macros compiles each page's Markdown as a
template): about 1 ms a page, a second at 50 modules, all on the build's path. `start()`, called
once the macros are set up (on_files), forks a child that compiles them in the order the build
asks for them: the macros' templates, then the pages in MkDocs' order. It hands the code over
in batches, files in a temporary folder: small batches first, so the first pages find theirs.
When the build looks for a template its cache does not hold, the cache first takes the batches
the child has finished (`TemplateCache.feed`); what the child has not reached yet the build
compiles itself, as before. `finish()` (on_post_build) stops the child and removes the folder.

The code is what the build would compile: the same environments, inherited by the fork, and the
same calls. A page whose Markdown another plugin changed before the macros render it finds no
match (Jinja checks the source's checksum) and is compiled in the build. A page the child
cannot compile (a syntax error) is left to the build, which reports it.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from mkdocs.utils import meta

from . import background
from .template_cache import TemplateCache

JOB = "compile ahead"
DONE = "done"
FIRST_BATCH, LARGEST_BATCH = 4, 64  # templates per batch: doubling from the first to the largest

# One template to compile: the name and filename its cache key is made of, its source, and
# whether Jinja compiles it with that name (a loader's template) or without (from_string).
Item = tuple[str, str | None, str, bool]


@dataclass
class Plan:
    """What one environment's cache may miss: `items()` runs in the child."""

    env: Environment
    store: TemplateCache
    items: Callable[[], Iterable[Item]]


def loader_items(env: Environment) -> Callable[[], Iterator[Item]]:
    def items() -> Iterator[Item]:
        for name in env.list_templates():
            source, filename, _ = env.loader.get_source(env, name)
            yield name, filename, source, True

    return items


def page_items(files) -> Callable[[], Iterator[Item]]:
    """The pages' Markdown as mkdocs-macros gets it: MkDocs' reading, front matter removed."""
    pages = list(files.documentation_pages())

    def items() -> Iterator[Item]:
        for file in pages:
            try:
                markdown, _ = meta.get_data(file.content_string)
            except (OSError, ValueError):
                continue  # the build reports a file it cannot read
            yield file.src_path, None, markdown, False

    return items


def compile_all(plans: list[Plan], folder: Path) -> None:
    """In the child: compile every item, writing batches `00001.batch`, … then `done`."""
    batch: dict[str, dict[str, bytes]] = {}
    size, count, number = FIRST_BATCH, 0, 0

    def flush() -> None:
        nonlocal batch, count, number, size
        number += 1
        temp = folder / f"{number:05d}.tmp"
        temp.write_bytes(marshal.dumps(batch))
        temp.replace(folder / f"{number:05d}.batch")  # whole or not there
        batch, count, size = {}, 0, min(size * 2, LARGEST_BATCH)

    try:
        for plan in plans:
            for name, filename, source, named in plan.items():
                bucket = plan.store.get_bucket(plan.env, name, filename, source)
                if bucket.code is not None:
                    continue  # already kept
                try:
                    if named:
                        code = plan.env.compile(source, name, filename)
                    else:
                        code = plan.env.compile(source)
                except Exception:  # the build compiles it again and reports the error
                    continue
                bucket.code = code
                batch.setdefault(plan.store.label, {})[bucket.key] = bucket.bytecode_to_string()
                count += 1
                if count >= size:
                    flush()
        if batch:
            flush()
    finally:
        (folder / DONE).touch()


@dataclass
class Ahead:
    """The build's side: takes finished batches into the caches."""

    folder: Path
    stores: dict[str, TemplateCache]
    taken: set[str] = field(default_factory=set)

    def feed(self) -> None:
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            names = [DONE]
        for name in names:
            if name.endswith(".batch") and name not in self.taken:
                self.taken.add(name)
                with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
                    for label, compiled in marshal.loads((self.folder / name).read_bytes()).items():
                        self.stores[label].add(compiled)
        if DONE in names:
            self.detach()

    def detach(self) -> None:
        for store in self.stores.values():
            store.feed = None


_CURRENT: Ahead | None = None


def start(plans: list[Plan]) -> None:
    """Compile `plans` in a child when a cache is empty (a first build; after an edit the few
    changed templates compile in the build). Nothing without background work."""
    global _CURRENT
    finish()
    if not background.enabled() or all(plan.store.stored for plan in plans):
        return
    folder = Path(tempfile.mkdtemp(prefix="curriculum-compile-"))
    background.start(JOB, lambda: compile_all(plans, folder))
    _CURRENT = Ahead(folder, {plan.store.label: plan.store for plan in plans})
    for plan in plans:
        plan.store.feed = _CURRENT.feed


@atexit.register  # a build that failed before on_post_build
def finish() -> None:
    """Stop the child if it still runs, and remove its folder (on_post_build, the next start
    after a build that failed, or the end of the process)."""
    global _CURRENT
    ahead, _CURRENT = _CURRENT, None
    if ahead is None:
        return
    ahead.detach()
    background.stop(JOB)
    shutil.rmtree(ahead.folder, ignore_errors=True)
