"""macros/background.py: data-only work (calendars, programme.json) in a forked child while
MkDocs builds the pages; the result is the one the work gives in-process, and a failure fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from macros import background
from macros.loader import load
from macros.schedule import Schedule

ROOT = Path(__file__).resolve().parents[1]


def test_the_work_runs_in_another_process_and_hands_its_result_back():
    collect = background.start("test", lambda: {"pid": os.getpid(), "data": b"\r\n" * 100_000})
    result = collect()
    assert result["pid"] != os.getpid()
    assert result["data"] == b"\r\n" * 100_000
    assert not background._RUNNING  # reaped, its file removed


def test_the_child_leaves_what_it_inherited_out_of_garbage_collection():
    """Walking the inherited heap would copy every page of it (copy-on-write) for nothing."""
    import gc

    gc.unfreeze()  # whatever an earlier test left frozen
    inherited = [[] for _ in range(1000)]  # lists: objects the collector tracks
    frozen = background.start("test", gc.get_freeze_count)()
    assert frozen >= len(inherited)
    assert gc.get_freeze_count() == 0  # the build process itself is untouched


def test_switched_off_it_runs_here(monkeypatch):
    monkeypatch.setenv(background.ENV, "0")
    assert background.start("test", os.getpid)() == os.getpid()


def test_a_failure_in_the_child_is_raised_with_its_traceback():
    def broken():
        raise ValueError("no such session: 2020-12-32")

    collect = background.start("test", broken)
    with pytest.raises(background.BackgroundError) as err:
        collect()
    assert "ValueError: no such session: 2020-12-32" in str(err.value)
    assert "in broken" in str(err.value)  # the child's traceback


def test_a_child_that_dies_is_reported():
    collect = background.start("test", lambda: os._exit(3))
    with pytest.raises(background.BackgroundError, match=r"exit status 3\) without a result"):
        collect()


def test_a_result_is_collected_once_and_a_forgotten_job_is_reaped():
    first = background.start("test", lambda: 1)
    files = [path for _name, path in background._RUNNING.values()]
    second = background.start("test", lambda: 2)  # a build that stopped before collecting `first`
    assert not any(Path(f).exists() for f in files)
    assert second() == 2
    with pytest.raises(background.BackgroundError, match="already collected"):
        first()


def test_the_schedule_writes_the_same_files_either_way(tmp_path, monkeypatch):
    cur = load(ROOT)
    sched = Schedule(cur, "https://example.org/", "docs")
    sched.start_outputs()
    forked = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in sched.write(tmp_path / "a")}
    monkeypatch.setenv(background.ENV, "0")
    sched.start_outputs()
    here = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in sched.write(tmp_path / "b")}
    assert forked == here == {Path(k): v for k, v in sched.outputs().items()}
    assert len(forked) == 2 + len(cur.sessions) + len(sched.published_modules())


def test_a_stuck_child_is_stopped_and_the_work_done_here(monkeypatch, caplog):
    parent = os.getpid()

    def work():
        if os.getpid() != parent:  # stuck in the child only
            while True:
                time.sleep(1)
        return "done here"

    monkeypatch.setattr(background, "WAIT", 0.3)
    collect = background.start("test", work)
    (pid,) = background._RUNNING
    assert collect() == "done here"
    assert "still running" in caplog.text
    assert not background._RUNNING
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped


def test_a_forgotten_stuck_child_is_killed_at_the_next_start_of_its_job():
    background.start("test", lambda: time.sleep(3600))
    (pid,) = background._RUNNING
    assert background.start("test", lambda: "next")() == "next"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_jobs_of_other_names_run_side_by_side():
    """A first build validates the data and compiles the theme's templates at once: starting
    one job must not stop the other."""
    data = background.start("data", lambda: "validated")
    theme = background.start("theme", lambda: "compiled")
    assert (data(), theme()) == ("validated", "compiled")
    assert not background._RUNNING
