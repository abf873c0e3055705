"""Subscribed calendars update: a session moved in data/ (and committed) reaches the client as
the same event (same UID) with a higher SEQUENCE, a newer LAST-MODIFIED and its new time, while
the other events keep theirs. SEQUENCE and LAST-MODIFIED come from the git history of each
session's data file, read with one `git log` per build (macros/schedule/ics.py)."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from conftest import Workspace

from macros.schedule.ics import session_commits

ROME = ZoneInfo("Europe/Rome")
FIRST = datetime(2021, 3, 1, 10, 0, tzinfo=UTC)  # commit times, chosen
SECOND = datetime(2021, 3, 15, 16, 30, tzinfo=UTC)
MOVED = "2021-03-26-second-topic-1"  # moved from Friday 26 March (CET) to Tuesday 30 (CEST)
MOVED_IN = [f"{MOVED}.ics", "module-smart.ics", "programme.ics"]


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    env = dict(os.environ)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    return subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def commit_all(root: Path, message: str, when: datetime) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=when)


def events(site: Path, name: str) -> dict[str, icalendar.Event]:
    """UID -> event of a calendar, read with icalendar (vobject agrees: checked below)."""
    raw = (site / "calendar" / name).read_bytes()
    cal = icalendar.Calendar.from_ical(raw)
    out = {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    for ve in vobject.readOne(raw.decode("utf-8")).vevent_list:
        e = out[ve.uid.value.split("@")[0]]
        assert int(ve.sequence.value) == e.sequence
        assert ve.last_modified.value == e.LAST_MODIFIED
        assert ve.dtstart.value == e.start
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture in a git repository: committed and built, then a session moved, committed
    and built again (each build at its commit's time, as `make site` does)."""
    ws = Workspace(tmp_path_factory.mktemp("updates") / "repo")
    git(ws.root, "init", "-q")
    commit_all(ws.root, "the fixture", FIRST)
    before = ws.build(ws.root.parent / "before", SOURCE_DATE_EPOCH=str(int(FIRST.timestamp())))
    assert before.code == 0, str(before)
    ws.replace(f"data/sessions/{MOVED}.yml", "date: 2021-03-26\n", "date: 2021-03-30\n")
    commit_all(ws.root, "move a session", SECOND)
    after = ws.build(ws.root.parent / "after", SOURCE_DATE_EPOCH=str(int(SECOND.timestamp())))
    assert after.code == 0, str(after)
    return before.site_dir, after.site_dir


@pytest.mark.parametrize("name", MOVED_IN)
def test_the_moved_session_updates(two_builds, name):
    before, after = (events(site, name)[MOVED] for site in two_builds)
    assert before["UID"] == after["UID"]
    assert (before.sequence, after.sequence) == (0, 1)
    assert (before.LAST_MODIFIED, after.LAST_MODIFIED) == (FIRST, SECOND)
    assert before.start == datetime(2021, 3, 26, 14, 0, tzinfo=ROME)
    assert after.start == datetime(2021, 3, 30, 14, 0, tzinfo=ROME)
    assert after.start.utcoffset().total_seconds() == 2 * 3600  # now in summer time
    assert after.end == datetime(2021, 3, 30, 16, 0, tzinfo=ROME)
    assert (before.DTSTAMP, after.DTSTAMP) == (FIRST, SECOND)  # the build's time


def test_unchanged_sessions_keep_sequence_and_last_modified(two_builds):
    before_site, after_site = two_builds
    checked = 0
    for path in sorted((before_site / "calendar").glob("*.ics")):
        before, after = events(before_site, path.name), events(after_site, path.name)
        assert before.keys() == after.keys(), path.name
        for sid in before.keys() - {MOVED}:
            old, new = before[sid], after[sid]
            assert (
                (old.sequence, old.LAST_MODIFIED)
                == (new.sequence, new.LAST_MODIFIED)
                == (
                    0,
                    FIRST,
                )
            ), (path.name, sid)
            assert (old.start, old.end) == (new.start, new.end)
            checked += 1
    assert checked > 6  # the unchanged sessions, in their own, module and programme calendars


# ------------------------------------------------------------- reading the history (no builds)


def project_with_history(repo: Path, project: str = ".") -> Path:
    """A repository holding a project (possibly in a subfolder) whose session `a` was
    committed three times and `b` once; a commit outside data/sessions does not count."""
    root = repo / project
    (root / "data" / "sessions").mkdir(parents=True)
    git(repo, "init", "-q")
    times = [datetime(2021, 1, day, 12, tzinfo=UTC) for day in (1, 2, 3, 4)]
    (root / "data/sessions/a.yml").write_text("date: 2021-01-01\n")
    (root / "data/sessions/b.yml").write_text("date: 2021-01-02\n")
    commit_all(repo, "a and b", times[0])
    (root / "data/sessions/a.yml").write_text("date: 2021-01-05\n")
    commit_all(repo, "a moves", times[1])
    (root / "data/programme.yml").write_text("title: x\n")
    commit_all(repo, "not a session", times[2])
    (root / "data/sessions/a.yml").write_text("date: 2021-01-06\n")
    commit_all(repo, "a moves again", times[3])
    return root


def test_history_of_the_session_files(tmp_path):
    root = project_with_history(tmp_path / "repo")
    assert session_commits(root) == {
        "a": [datetime(2021, 1, 4, 12, tzinfo=UTC), datetime(2021, 1, 2, 12, tzinfo=UTC),
              datetime(2021, 1, 1, 12, tzinfo=UTC)],
        "b": [datetime(2021, 1, 1, 12, tzinfo=UTC)],
    }  # fmt: skip


def test_history_of_a_project_in_a_subfolder_of_the_repository(tmp_path):
    root = project_with_history(tmp_path / "repo", "site-source")
    assert {sid: len(times) for sid, times in session_commits(root).items()} == {"a": 3, "b": 1}


def test_no_history_without_git_or_in_a_shallow_clone(tmp_path, monkeypatch):
    root = project_with_history(tmp_path / "repo")
    (tmp_path / "plain" / "data" / "sessions").mkdir(parents=True)
    assert session_commits(tmp_path / "plain") == {}  # not a repository
    # a shallow clone's oldest commit seems to add every file: its history is not used
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", "shallow")
    assert session_commits(tmp_path / "shallow") == {}
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert session_commits(root) == {}  # git is not installed
