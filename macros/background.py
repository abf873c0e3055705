"""Work that depends only on the data, done on another core while MkDocs builds the pages.

The calendars and programme.json (macros/schedule.py) need nothing that the page build makes,
but writing them costs icalendar's import and an event per session: about 60 ms of a 1 s
build of this site, half a second at 50 modules. `start(fn)` runs `fn` in a forked child as
soon as the data is loaded; MkDocs meanwhile renders the pages on the first core, and the
result is collected at the end of the build (on_post_build). The result is exactly what
`fn()` returns in this process (tests/test_background.py); without os.fork (Windows) or with
BUILD_BACKGROUND=0 the work runs here, when the result is asked for.

A child's failure is reported, with its traceback, when the result is collected, so the build
fails as it would have failed in-process. A child that has not finished WAIT seconds after the
result is asked for (stuck: a fork of a process with threads, as mkdocs serve is, can deadlock
in rare cases) is killed and the work is done here instead, with a warning. Jobs are named,
and several may run at once (the data's validation and the theme's templates, on a first
build). A build that stops before collecting (an error in a page) leaves its child behind: it is
killed and reaped when a job of the same name starts (the next build of mkdocs serve) or at
exit.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import pickle
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

ENV = "BUILD_BACKGROUND"
WAIT = 120.0  # seconds a child may still need once its result is asked for
log = logging.getLogger("mkdocs.plugins.curriculum.background")
_RUNNING: dict[int, tuple[str, str]] = {}  # child pid -> (job name, its result file)


class BackgroundError(RuntimeError):
    """The forked child failed; the message holds its traceback."""


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get(ENV, "1").strip() != "0"


def _forget(pid: int) -> None:
    path = _RUNNING.pop(pid, (None, None))[1]
    if path:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _reap(pid: int) -> None:
    """Stop a child whose result nobody will read, and forget it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    _forget(pid)


def _wait(pid: int, seconds: float) -> int | None:
    """The child's exit status, or None when it is still running after `seconds`."""
    deadline = time.monotonic() + seconds
    pause = 0.001
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


@atexit.register
def _reap_all() -> None:
    for pid in list(_RUNNING):
        _reap(pid)


def _child(fn: Callable[[], Any], path: str) -> None:
    # What the child inherited stays out of its garbage collector's walks: walking it would
    # cost time and write to every page of memory holding an object (copy-on-write copies).
    gc.freeze()
    status = 1
    try:
        try:
            payload = (True, fn())
        except BaseException as exc:
            payload = (False, "".join(traceback.format_exception(exc)))
        with open(path, "wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers


def result_or(waiter: Callable[[], Any], default: Any, what: str) -> Any:
    """The result of a job whose work the build can do itself: on the child's failure, logged
    (debug), `default`, and the build goes on without it."""
    try:
        return waiter()
    except BackgroundError as err:
        log.debug("%s in the background failed, done in the build: %s", what, err)
        return default


def stop(name: str) -> None:
    """Stop the job of this name if it still runs, and forget it (its result is not wanted)."""
    for pid, (job, _path) in list(_RUNNING.items()):
        if job == name:
            _reap(pid)


def start(name: str, fn: Callable[[], Any]) -> Callable[[], Any]:
    """Start `fn()` in a forked child; return a function that waits for its result. A job of
    the same `name` still running is stopped: its build ended before collecting it."""
    if not enabled():
        return fn
    stop(name)
    fd, path = tempfile.mkstemp(prefix="curriculum-background-", suffix=".pickle")
    os.close(fd)
    pid = os.fork()
    if pid == 0:
        _child(fn, path)
    _RUNNING[pid] = (name, path)

    def result() -> Any:
        if pid not in _RUNNING:
            raise BackgroundError("this result was already collected")
        status = _wait(pid, WAIT)
        if status is None:
            _reap(pid)
            log.warning("background job still running after %.0f s: stopped, done here", WAIT)
            return fn()
        try:
            with open(path, "rb") as fh:
                ok, value = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError):
            raise BackgroundError(
                f"the background job stopped (exit status {status}) without a result"
            ) from None
        finally:
            _forget(pid)
        if not ok:
            raise BackgroundError(f"the background job failed:\n{value}")
        return value

    return result
