"""hooks/lazy_git.py: mkdocs-macros' `git` variable is read from git only when a page reads it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import jinja2
import mkdocs_macros.context as macros_context
from super_collections import SuperDict

ROOT = Path(__file__).resolve().parents[1]


def load_hook():
    """Import the hook as MkDocs does (by file path); each call is a fresh import."""
    spec = importlib.util.spec_from_file_location("lazy_git_hook", ROOT / "hooks" / "lazy_git.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_nothing_is_computed_until_a_read_and_then_once():
    hook = load_hook()
    compute, calls = counting({"short_commit": "abc1234", "status": True})
    git = hook.LazyGitInfo(compute)
    assert calls == []
    assert git["short_commit"] == "abc1234"
    assert git.get("status") is True and "short_commit" in git and len(git) == 2
    assert calls == [1]


def test_mkdocs_macros_debug_serialization_does_not_read_it():
    # what the plugin's on_pre_build does with all its variables before every build
    hook = load_hook()
    compute, calls = counting({"commit": "x"})
    variables = SuperDict({"git": hook.LazyGitInfo(compute), "other": {"a": 1}})
    assert "LazyGitInfo(not read yet)" in variables.to_json()
    assert calls == []


def test_pages_read_it_as_before():
    hook = load_hook()
    compute, _ = counting({"short_commit": "abc1234", "tag": "", "status": True})
    page = "{{ git.short_commit }}|{{ git['tag'] }}|{{ git.status }}|{{ git | length }}"
    rendered = jinja2.Template(page).render(git=hook.LazyGitInfo(compute))
    assert rendered == "abc1234||True|3"


def test_no_git_command_gives_the_plugin_own_failure_value():
    hook = load_hook()
    git = hook.LazyGitInfo(lambda: None)  # get_git_info() returns None without a git binary
    assert git["status"] is False and git["date"] is None


def test_the_hook_replaces_the_plugin_function_once_and_keeps_its_values():
    hook = load_hook()
    again = load_hook()  # mkdocs serve imports hooks again on each rebuild
    assert macros_context.get_git_info is again.lazy_git_info
    assert again.lazy_git_info.eager is hook.lazy_git_info.eager
    eager = hook.lazy_git_info.eager()
    lazy = macros_context.get_git_info()
    assert isinstance(lazy, again.LazyGitInfo)
    assert lazy["commit"] == eager["commit"] and lazy["status"] == eager["status"]
