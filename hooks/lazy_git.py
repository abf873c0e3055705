"""MkDocs hook: mkdocs-macros' `git` variable, read from git only when a page uses it.

mkdocs-macros (1.5.0) fills its `git` page variable (commit, tag, author, date, …) in its
on_config by running 12 `git` commands, one after the other, on every build and every rebuild
of `mkdocs serve`, about 25 ms of a 1 s build of this site. No page here prints `git`, and the
plugin has no setting to turn it off. This hook, imported while the configuration is read (so
before the plugin's on_config), makes the variable lazy: the same dictionary, filled by the
plugin's own function on its first read. A page that writes `{{ git.short_commit }}` still gets
it; a build that never reads it runs no git command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import mkdocs_macros.context as macros_context


class LazyGitInfo(Mapping):
    """A read-only mapping that asks `compute` for its content on its first read.

    Not a dict on purpose: before every build mkdocs-macros turns each dict among its variables
    into a SuperDict (and serializes them all for a debug line it may not print), which would
    read this one; a Mapping is left alone and printed with its repr.
    """

    def __init__(self, compute: Callable[[], dict | None]) -> None:
        self._compute: Callable[[], dict | None] | None = compute
        self._data: dict = {}

    def _filled(self) -> dict:
        if self._compute is not None:
            compute, self._compute = self._compute, None
            # get_git_info() returns None when git is not installed (it returns r.update(...))
            self._data = compute() or {"status": False, "date": None}
        return self._data

    def __getitem__(self, key: Any) -> Any:
        return self._filled()[key]

    def __iter__(self) -> Iterator:
        return iter(self._filled())

    def __len__(self) -> int:
        return len(self._filled())

    def __repr__(self) -> str:
        return "LazyGitInfo(not read yet)" if self._compute is not None else repr(self._data)

    __str__ = __repr__


_eager = getattr(macros_context.get_git_info, "eager", macros_context.get_git_info)


def lazy_git_info() -> LazyGitInfo:
    return LazyGitInfo(_eager)


lazy_git_info.eager = _eager  # a second import of this hook (mkdocs serve) wraps the original
macros_context.get_git_info = lazy_git_info
