"""Subscribed calendars update: a session moved in data/ (and committed) reaches the client as
the same event (same UID) with a higher SEQUENCE, a newer LAST-MODIFIED and its new time, in
every calendar that holds it (its own, its module's and its edition's, over every edition and
for its edition), while the other events keep theirs. SEQUENCE and LAST-MODIFIED come from the
git history of each session's data file (data/editions/<edition>/sessions/<id>.yml, wherever it
lived before), read with one `git log` per build (macros/schedule/ics.py)."""

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
MOVED_FILE = f"data/editions/fixture-2021/sessions/{MOVED}.yml"
MOVED_IN = [  # the calendars that hold it
    f"{MOVED}.ics",
    "module-smart.ics",
    "programme.ics",
    "fixture-2021/module-smart.ics",
    "fixture-2021/programme.ics",
]


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
    ws.replace(MOVED_FILE, "date: 2021-03-26\n", "date: 2021-03-30\n")
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


def calendar_names(site: Path) -> list[str]:
    """The calendars of a site, by their path under calendar/."""
    return sorted(p.relative_to(site / "calendar").as_posix() for p in site.rglob("*.ics"))


def test_unchanged_sessions_keep_sequence_and_last_modified(two_builds):
    before_site, after_site = two_builds
    names = calendar_names(before_site)
    assert names == calendar_names(after_site)
    assert set(MOVED_IN) <= set(names)
    checked = 0
    for name in names:
        before, after = events(before_site, name), events(after_site, name)
        assert before.keys() == after.keys(), name
        assert (MOVED in before) == (name in MOVED_IN), name
        for sid in before.keys() - {MOVED}:
            old, new = before[sid], after[sid]
            assert (old.sequence, old.LAST_MODIFIED) == (0, FIRST), (name, sid)
            assert (new.sequence, new.LAST_MODIFIED) == (0, FIRST), (name, sid)
            assert (old.start, old.end) == (new.start, new.end)
            checked += 1
    # the 5 unchanged sessions: each in its own calendar, in the programme's (over every
    # edition and the edition's) and, for the 3 of them in modules, in their module's (same)
    assert checked == 5 + 2 * 5 + 2 * 3


# ------------------------------------------------------------- reading the history (no builds)


SESSIONS = "data/editions/first/sessions"


def project_with_history(repo: Path, project: str = ".") -> Path:
    """A repository holding a project (possibly in a subfolder) whose session `a` was
    committed three times and `b` once; a commit outside the sessions' folders (the edition's
    edition.yml) does not count."""
    root = repo / project
    (root / SESSIONS).mkdir(parents=True)
    git(repo, "init", "-q")
    times = [datetime(2021, 1, day, 12, tzinfo=UTC) for day in (1, 2, 3, 4)]
    (root / SESSIONS / "a.yml").write_text("date: 2021-01-01\n")
    (root / SESSIONS / "b.yml").write_text("date: 2021-01-02\n")
    commit_all(repo, "a and b", times[0])
    (root / SESSIONS / "a.yml").write_text("date: 2021-01-05\n")
    commit_all(repo, "a moves", times[1])
    (root / "data/editions/first/edition.yml").write_text("title: x\n")
    commit_all(repo, "not a session", times[2])
    (root / SESSIONS / "a.yml").write_text("date: 2021-01-06\n")
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


def test_history_follows_a_session_file_to_another_folder(tmp_path):
    """A session file keeps its history when it moves: from data/sessions/ (before editions)
    into an edition's folder, then to another edition's, rewritten in the same commit (git
    then names both paths, the old one removed and the new one added): each commit counts
    once, so SEQUENCE grows by one per commit that changed the session."""
    repo = tmp_path / "repo"
    (repo / "data" / "sessions").mkdir(parents=True)
    git(repo, "init", "-q")
    times = [datetime(2021, 1, day, 12, tzinfo=UTC) for day in (1, 2, 3)]
    (repo / "data/sessions/a.yml").write_text("date: 2021-01-01\ntitle: A session\n")
    commit_all(repo, "a, before editions", times[0])
    (repo / SESSIONS).mkdir(parents=True)
    git(repo, "mv", "data/sessions/a.yml", f"{SESSIONS}/a.yml")
    commit_all(repo, "editions: a moves into the first", times[1])
    second = repo / "data/editions/second/sessions"
    second.mkdir(parents=True)
    git(repo, "mv", f"{SESSIONS}/a.yml", "data/editions/second/sessions/a.yml")
    (second / "a.yml").write_text("date: 2022-10-25\nstart: 10:00\nend: 12:00\nagenda: []\n")
    commit_all(repo, "a moves to the second edition and changes", times[2])
    moved = git(repo, "show", "--name-status", "--format=", "HEAD").split()
    assert "D" in moved and "A" in moved  # git sees a removal and an addition: two paths
    assert session_commits(repo) == {"a": list(reversed(times))}


def test_no_history_without_git_or_in_a_shallow_clone(tmp_path, monkeypatch):
    root = project_with_history(tmp_path / "repo")
    (tmp_path / "plain" / SESSIONS).mkdir(parents=True)
    assert session_commits(tmp_path / "plain") == {}  # not a repository
    # a shallow clone's oldest commit seems to add every file: its history is not used
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{root}", "shallow")
    assert session_commits(tmp_path / "shallow") == {}
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    assert session_commits(root) == {}  # git is not installed
