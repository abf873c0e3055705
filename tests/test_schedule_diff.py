"""`python -m macros.diff BASE HEAD`: schedule changes between two git refs, in plain words."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "gc.auto=0"]


class Repo:
    """A git repository holding a copy of the project, to commit changes and compare them."""

    def __init__(self, ws):
        self.ws = ws
        self.git("init", "-q", "-b", "main")
        self.commit("base")

    def git(self, *args: str) -> str:
        return subprocess.run(
            [*GIT, *args], cwd=self.ws.root, capture_output=True, text=True, check=True
        ).stdout

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def diff(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "macros.diff", *args],
            cwd=self.ws.root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def lines(self, *args: str) -> list[str]:
        result = self.diff(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()


@pytest.fixture
def repo(workspace) -> Repo:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    return Repo(workspace)


KX = "data/sessions/2020-12-10-knowledge-exchange.yml"
OPEN_MIC = "'“Open Mic” for exchanging ideas, experiences and best practices'"


def test_no_change(repo):
    repo.commit("nothing")
    assert repo.lines("HEAD~1", "HEAD") == ["No changes for participants between HEAD~1 and HEAD."]


def test_times_moved_and_item_removed(repo):
    ws = repo.ws
    # the 12:00 talk runs 15 minutes longer; the open mic moves; the wrap-up is dropped
    ws.replace(KX, "    end: 12:15\n", "    end: 12:30\n")
    ws.replace(KX, "  - start: 12:15\n    end: 13:15\n", "  - start: 12:30\n    end: 13:30\n")
    ws.replace(
        KX,
        "  - start: 13:15\n    end: 13:30\n    title: Wrap up and next session information\n"
        "    kind: wrap-up\n",
        "",
    )
    repo.commit("move the open mic")
    lines = repo.lines("HEAD~1", "HEAD")
    assert f"10 Dec: {OPEN_MIC} moves 12:15 → 12:30" in lines
    assert "10 Dec: item 'Wrap up and next session information' (13:15) removed" in lines
    assert any(line.endswith("now ends at 12:30 (was 12:15)") for line in lines), lines
    assert len(lines) == 3, lines


def test_new_and_removed_sessions(repo):
    ws = repo.ws
    ws.write(
        "data/sessions/2020-12-16-follow-up.yml",
        "date: 2020-12-16\nstart: 9:30\nend: 11:00\ntitle: Follow-up\nagenda:\n"
        "  - start: 9:30\n    title: Questions\n    kind: training\n",
    )
    ws.write(
        "docs/programme/sessions/2020-12-16-follow-up.md",
        "---\nsession: 2020-12-16-follow-up\n---\n",
    )
    ws.path("data/sessions/2020-12-18-governance-2.yml").unlink()
    ws.path("docs/programme/sessions/2020-12-18-governance-2.md").unlink()
    repo.commit("add and remove")
    lines = repo.lines("HEAD~1", "HEAD")
    assert "new session 16 Dec: 'Follow-up' (9:30–11:00)" in lines
    assert "session removed: 18 Dec 'Cluster governance and Change management (Part 2)'" in lines, (
        lines
    )


def test_session_moves_to_another_day_and_changes_expert(repo):
    ws = repo.ws
    ws.replace(
        "data/sessions/2020-12-04-cluster-strategy-2.yml", "date: 2020-12-04", "date: 2020-12-03"
    )
    ws.replace(
        "data/sessions/2020-12-04-cluster-strategy-2.yml",
        "expert: cluster-development",
        "expert: eucles",
    )
    repo.commit("move")
    lines = repo.lines("HEAD~1", "HEAD")
    assert (
        "'Cluster strategy and Cluster vision and action plan (Part 2)' moves from 4 Dec to 3 Dec"
        in lines
    )
    assert "3 Dec: expert EUCLES (was Cluster Development)" in lines


def test_renames_presenters_and_module_membership(repo):
    ws = repo.ws
    ws.replace(
        "data/case-studies.yml",
        'title: "Strategic options: the Mezcal cluster"',
        "title: Mezcal cluster",
    )
    ws.replace(KX, "presenters: [spri]", "presenters: [spri, mlc]")
    ws.replace("data/modules.yml", "      - 2020-12-10-knowledge-exchange\n", "")
    ws.replace(
        "data/organisations.yml", "name: EUCLES", "name: EUCLES (European Cluster Excellence)"
    )
    repo.commit("renames")
    lines = repo.lines("HEAD~1", "HEAD")
    assert "case study 'Strategic options: the Mezcal cluster' renamed 'Mezcal cluster'" in lines
    assert (
        "10 Dec: 'Clusters’ role in the definition and implementation of RIS3': presented by "
        "SPRI, Mobility and Logistics Cluster (was SPRI)" in lines
    )
    assert any(
        line.startswith("session 10 Dec 'Knowledge exchange") and "removed from module" in line
        for line in lines
    ), lines
    assert "organisation 'EUCLES' renamed 'EUCLES (European Cluster Excellence)'" in lines


def test_markdown_for_the_job_summary(repo):
    repo.ws.replace(KX, "title: Coffee break", "title: Coffee *break*")
    repo.commit("markdown")
    result = repo.diff("HEAD~1", "HEAD", "--markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("### What changes for participants (HEAD~1 → HEAD)")
    assert "**Sessions**" in out
    assert "- 10 Dec: 'Coffee break' renamed 'Coffee \\*break\\*'" in out


def test_working_tree_is_the_default_head(repo):
    repo.ws.replace(KX, "title: Coffee break", "title: Coffee and tea")
    assert repo.lines("HEAD") == ["10 Dec: 'Coffee break' renamed 'Coffee and tea'"]


def test_invalid_data_or_ref_cannot_be_compared(repo):
    result = repo.diff("no-such-ref", "HEAD")
    assert result.returncode == 2
    assert "cannot read data/ and docs/ at 'no-such-ref'" in result.stderr
    repo.ws.replace(KX, "  - start: 12:15\n", "  - start: 12.15\n")
    result = repo.diff("HEAD")
    assert result.returncode == 2
    assert "data/sessions/2020-12-10-knowledge-exchange.yml:" in result.stderr
    assert "'12.15'" in result.stderr
