"""`python -m tools.diff BASE HEAD`: schedule changes between two git refs, in plain words.

On a git repository of the fixture curriculum (the `workspace`), committed in each test; for
the changes of several editions, with the second edition of tests/fixtures/second-edition/
added in a commit. A session's changes are grouped by its edition (a section per edition in
Markdown, the edition's title before each line in plain text when several editions changed);
a session belongs to a module by its `module:`."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURE

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
            [sys.executable, "-m", "tools.diff", *args],
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


OPEN = "data/editions/fixture-2021/sessions/2021-03-22-opening.yml"
SATURDAY = "data/editions/fixture-2021/sessions/2021-04-10-second-topic-2.yml"
BETWEEN = "data/editions/fixture-2021/sessions/2021-04-01-between.yml"
EDITION = "data/editions/fixture-2021/edition.yml"
CLOSING = "data/editions/fixture-2022/sessions/2022-11-02-closing.yml"
ROUNDTABLE = "'A roundtable without presenters'"
FIRST_TITLE, SECOND_TITLE = "Fixture Training Programme", "Second Fixture Edition"


def add_second_edition(repo: Repo) -> None:
    """The second edition (its data and pages), committed."""
    for part in ("data", "docs"):
        shutil.copytree(
            FIXTURE.parent / "second-edition" / part, repo.ws.root / part, dirs_exist_ok=True
        )
    repo.commit("a second edition")


def test_no_change(repo):
    repo.commit("nothing")
    assert repo.lines("HEAD~1", "HEAD") == ["No changes for participants between HEAD~1 and HEAD."]


def test_times_moved_and_item_removed(repo):
    ws = repo.ws
    # the roundtable moves a quarter of an hour later; the wrap-up is dropped, and the
    # presentation before the break ends later
    ws.replace(OPEN, "  - start: 11:00\n    end: 12:30\n", "  - start: 11:15\n    end: 12:45\n")
    ws.replace(
        OPEN,
        "  - start: 12:30\n    title: Wrap-up until the end of the session\n    kind: wrap-up\n",
        "",
    )
    ws.replace(OPEN, "    end: 10:30\n    title: Two", "    end: 10:20\n    title: Two")
    repo.commit("move the roundtable")
    lines = repo.lines("HEAD~1", "HEAD")
    assert f"22 Mar: {ROUNDTABLE} moves 11:00 → 11:15" in lines
    assert "22 Mar: item 'Wrap-up until the end of the session' (12:30) removed" in lines
    assert "22 Mar: 'Two presenters at once' now ends at 10:20 (was 10:30)" in lines
    # the break runs until the next item: it follows the roundtable
    assert "22 Mar: 'Break until the next item' now ends at 11:15 (was 11:00)" in lines
    assert len(lines) == 4, lines


def test_new_and_removed_sessions(repo):
    ws = repo.ws
    ws.write(
        "data/editions/fixture-2021/sessions/2021-04-06-follow-up.yml",
        "date: 2021-04-06\nstart: 9:30\nend: 11:00\ntitle: Follow-up\nagenda:\n"
        "  - start: 9:30\n    title: Questions\n    kind: training\n",
    )
    ws.write(
        "docs/programme/fixture-2021/sessions/2021-04-06-follow-up.md",
        "---\nsession: 2021-04-06-follow-up\n---\n",
    )
    ws.path("data/editions/fixture-2021/sessions/2021-04-01-between.yml").unlink()
    ws.path("docs/programme/fixture-2021/sessions/2021-04-01-between.md").unlink()
    repo.commit("add and remove")
    lines = repo.lines("HEAD~1", "HEAD")
    assert "new session 6 Apr: 'Follow-up' (9:30–11:00)" in lines
    assert "session removed: 1 Apr 'Between the modules, from Łódź to Київ'" in lines, lines


def test_session_moves_to_another_day_and_changes_expert(repo):
    ws = repo.ws
    first = "data/editions/fixture-2021/sessions/2021-03-24-first-topic-1.yml"
    ws.replace(first, "date: 2021-03-24", "date: 2021-03-23")
    ws.replace(first, "expert: gamma", "expert: delta")
    repo.commit("move")
    lines = repo.lines("HEAD~1", "HEAD")
    assert "'The first topic, part 1' moves from 24 Mar to 23 Mar" in lines
    assert "23 Mar: expert Delta Łódź Київ (was Gamma Experts)" in lines


def test_renames_presenters_and_module_membership(repo):
    """A session leaves its module when its `module:` goes: said of the session and of the
    module."""
    ws = repo.ws
    ws.replace("data/case-studies.yml", "title: An unused case", "title: A case nobody uses")
    ws.replace(OPEN, "presenters: [alpha, beta]", "presenters: [alpha, beta, delta]")
    ws.replace(SATURDAY, "module: module-smart\n", "")
    ws.replace("data/organisations.yml", "name: Gamma Experts", "name: Gamma Expert Group")
    repo.commit("renames")
    lines = repo.lines("HEAD~1", "HEAD")
    assert "case study 'An unused case' renamed 'A case nobody uses'" in lines
    assert (
        "22 Mar: 'Two presenters at once': presented by Alpha Cluster, Beta <Network> & Co, "
        "Delta Łódź Київ (was Alpha Cluster, Beta <Network> & Co)" in lines
    )
    assert "10 Apr: 'The second topic on a Saturday' now delivers no module (was Module 2)" in lines
    assert (
        "session 10 Apr 'The second topic on a Saturday' removed from module "
        "'Smart & <Cities> *with* markup'" in lines
    )
    assert "organisation 'Gamma Experts' renamed 'Gamma Expert Group'" in lines
    assert len(lines) == 5, lines


def test_a_session_joins_a_module(repo):
    repo.ws.replace(BETWEEN, "title: Between", "module: module-first\ntitle: Between")
    repo.commit("join")
    assert repo.lines("HEAD~1", "HEAD") == [
        "1 Apr: 'Between the modules, from Łódź to Київ' now delivers Module 1 (was no module)",
        "session 1 Apr 'Between the modules, from Łódź to Київ' added to module 'The first topic'",
    ]


def test_markdown_for_the_job_summary(repo):
    repo.ws.replace(OPEN, "title: Break until the next item", "title: Break *until* the next item")
    repo.commit("markdown")
    result = repo.diff("HEAD~1", "HEAD", "--markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("### What changes for participants (HEAD~1 → HEAD)")
    assert "**Sessions of the Fixture Training Programme**" in out  # the session's edition
    assert "- 22 Mar: 'Break until the next item' renamed 'Break \\*until\\* the next item'" in out


def test_a_new_edition(repo):
    add_second_edition(repo)
    assert repo.lines("HEAD~1", "HEAD") == [
        "new edition 'Second Fixture Edition', 24 Oct to 4 Nov 2022",
        "new session 25 Oct: 'The first topic, once more' (10:00–12:00)",
        "new session 2 Nov: 'Closing of the second edition' (15:00–16:30)",
        "session 25 Oct 'The first topic, once more' added to module 'The first topic'",
    ]
    out = repo.diff("HEAD~1", "HEAD", "--markdown").stdout
    sections = [line for line in out.splitlines() if line.startswith("**")]
    assert sections == ["**Editions**", "**Sessions of the Second Fixture Edition**", "**Modules**"]


def test_changes_in_two_editions_are_grouped_by_edition(repo):
    add_second_edition(repo)
    repo.ws.replace(OPEN, "title: Break until the next item", "title: Coffee and tea")
    repo.ws.replace(CLOSING, "start: 15:00\nend: 16:30", "start: 15:30\nend: 17:00")
    repo.ws.replace(CLOSING, "  - start: 15:00\n    end: 16:30", "  - start: 15:30\n    end: 17:00")
    repo.commit("both editions")
    # plain text: each line of a session after its edition's title
    assert repo.lines("HEAD~1", "HEAD") == [
        f"{FIRST_TITLE}, 22 Mar: 'Break until the next item' renamed 'Coffee and tea'",
        f"{SECOND_TITLE}, 2 Nov: the session now runs 15:30–17:00 (was 15:00–16:30)",
        f"{SECOND_TITLE}, 2 Nov: 'After the end of summer time' moves 15:00 → 15:30",
    ]
    # Markdown: a section per edition, in the order of the sessions
    out = repo.diff("HEAD~1", "HEAD", "--markdown").stdout
    assert out.split("\n")[2:] == [
        f"**Sessions of the {FIRST_TITLE}**",
        "",
        "- 22 Mar: 'Break until the next item' renamed 'Coffee and tea'",
        "",
        f"**Sessions of the {SECOND_TITLE}**",
        "",
        "- 2 Nov: the session now runs 15:30–17:00 (was 15:00–16:30)",
        "- 2 Nov: 'After the end of summer time' moves 15:00 → 15:30",
        "",
    ]


def test_an_edition_changes_zone_dates_and_title(repo):
    ws = repo.ws
    ws.replace(EDITION, "timezone: Europe/Rome", "timezone: Europe/Kyiv")
    ws.replace(EDITION, "last_date: 2021-04-10", "last_date: 2021-04-12")
    ws.replace(EDITION, f"title: {FIRST_TITLE}", "title: The Fixture Programme")
    repo.commit("edition")
    assert repo.lines("HEAD~1", "HEAD") == [
        "'The Fixture Programme': all times are now in Europe/Kyiv (was Europe/Rome)",
        "'The Fixture Programme' now runs 22 Mar to 12 Apr (was 22 Mar to 10 Apr)",
        f"edition renamed '{FIRST_TITLE}' → 'The Fixture Programme'",
    ]


def test_a_session_moves_to_another_edition(repo):
    """The file moves to the other edition's folder (its page too), on a day of that edition:
    the edition is named, and the years of the two days, which differ."""
    add_second_edition(repo)
    ws = repo.ws
    ws.replace(BETWEEN, "date: 2021-04-01", "date: 2022-11-03")
    moved = ws.root / "data/editions/fixture-2022/sessions/2021-04-01-between.yml"
    (ws.root / BETWEEN).rename(moved)
    page = "programme/fixture-2021/sessions/2021-04-01-between.md"
    (ws.root / "docs" / page).rename(ws.root / "docs" / page.replace("2021/", "2022/", 1))
    repo.commit("move to the second edition")
    title = "'Between the modules, from Łódź to Київ'"
    assert repo.lines("HEAD~1", "HEAD") == [
        f"{title} moves to the {SECOND_TITLE} (was in the {FIRST_TITLE})",
        f"{title} moves from 1 Apr 2021 to 3 Nov 2022",
    ]


def test_working_tree_is_the_default_head(repo):
    repo.ws.replace(OPEN, "title: Break until the next item", "title: Coffee and tea")
    assert repo.lines("HEAD") == ["22 Mar: 'Break until the next item' renamed 'Coffee and tea'"]


def test_invalid_data_or_ref_cannot_be_compared(repo):
    result = repo.diff("no-such-ref", "HEAD")
    assert result.returncode == 2
    assert "cannot read data/ and docs/ at 'no-such-ref'" in result.stderr
    repo.ws.replace(OPEN, "  - start: 11:00\n", "  - start: 11.00\n")
    result = repo.diff("HEAD")
    assert result.returncode == 2
    assert f"{OPEN}:" in result.stderr
    assert "'11.00'" in result.stderr
