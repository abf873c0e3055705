"""hooks/gc_freeze.py: long-lived objects frozen once the site's files and data are loaded, and
a rebuild of `mkdocs serve` frees what the previous build left behind instead of freezing it."""

from __future__ import annotations

import gc
import importlib.util
import weakref

import pytest
from conftest import REPO


@pytest.fixture
def hook():
    spec = importlib.util.spec_from_file_location("gc_freeze", REPO / "hooks" / "gc_freeze.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    gc.unfreeze()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_objects_alive_at_on_files_are_frozen(hook):
    kept = Cycle()
    assert any(o is kept for o in gc.get_objects())
    files = object()
    assert hook.on_files(files, None) is files
    frozen = gc.get_freeze_count()
    assert frozen > 0
    assert not any(o is kept for o in gc.get_objects())  # out of the collector's generations
    gc.collect()
    assert gc.get_freeze_count() == frozen  # a collection leaves them where they are


def test_a_rebuild_frees_the_previous_builds_garbage(hook):
    hook.on_files(None, None)  # first build
    garbage = Cycle()
    ref = weakref.ref(garbage)
    hook.on_files(None, None)  # a rebuild of `mkdocs serve`: `garbage` is still alive, so frozen
    del garbage
    hook.on_files(None, None)  # the next rebuild unfreezes and collects before freezing again
    assert ref() is None


def test_the_hook_runs_after_every_other_on_files():
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    events = config.plugins.events["files"]
    assert getattr(events[-1], "__module__", "") == "hooks/gc_freeze.py"
    assert any(getattr(e, "__module__", "") == "hooks/curriculum.py" for e in events[:-1])
