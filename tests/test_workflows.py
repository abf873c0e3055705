"""The GitHub workflows, dependabot and issue forms: valid, audited, pinned, least privilege.

Everything runs offline: check-jsonschema uses its vendored GitHub schemas, zizmor `--offline`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent

# The only action versions allowed (commit SHAs read from each action's own repository tags).
PINS = {
    "actions/checkout": ("3d3c42e5aac5ba805825da76410c181273ba90b1", "v7.0.1"),
    "actions/setup-python": ("5fda3b95a4ea91299a34e894583c3862153e4b97", "v7.0.0"),
    "actions/upload-artifact": ("bbbca2ddaa5d8feaa63e36b76fdaad77386f024f", "v7.0.0"),
    "actions/upload-pages-artifact": ("fc324d3547104276b827a68afc52ff2a11cc49c9", "v5.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/configure-pages": ("983d7736d9b0ae728b81ab479565c72886d7745b", "v5.0.0"),
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def steps(wf: dict):
    for job_id, job in wf["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_there_are_a_test_and_a_deploy_workflow():
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "deploy.yml"}


@pytest.mark.parametrize(
    ("schema", "paths"),
    [
        ("vendor.github-workflows", [str(p) for p in WORKFLOWS]),
        ("vendor.dependabot", [str(GITHUB / "dependabot.yml")]),
        (
            "vendor.github-issue-forms",
            [
                str(p)
                for p in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
                if p.stem != "config"
            ],
        ),
        ("vendor.github-issue-config", [str(GITHUB / "ISSUE_TEMPLATE" / "config.yml")]),
    ],
)
def test_files_match_githubs_schemas(schema, paths):
    assert paths
    result = run("check-jsonschema", "--builtin-schema", schema, *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_flags_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken))
    assert result.returncode == 1, result.stdout


def test_zizmor_finds_nothing():
    result = run("zizmor", "--offline", "--no-progress", str(GITHUB))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_does_flag_a_bad_workflow(tmp_path):
    bad = tmp_path / "workflows" / "bad.yml"
    bad.parent.mkdir()
    bad.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
    )
    result = run("zizmor", "--offline", "--no-progress", str(tmp_path))
    assert result.returncode != 0, result.stdout


def test_every_action_is_pinned_to_a_verified_sha():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        uses = re.findall(r"uses:\s*(\S+)(.*)", text)
        assert uses, path
        for ref, comment in uses:
            action, _, sha = ref.partition("@")
            assert action in PINS, f"{path.name}: {action} is not in the pinned list"
            want_sha, tag = PINS[action]
            assert sha == want_sha, f"{path.name}: {ref} is not the verified commit {want_sha}"
            assert comment.strip() == f"# {tag}", f"{path.name}: {ref} needs the comment # {tag}"


def test_checkouts_do_not_keep_credentials():
    for path in WORKFLOWS:
        for _, step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_permissions_are_least_privilege():
    for path in WORKFLOWS:
        wf = load(path)
        assert wf.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
        for job_id, job in wf["jobs"].items():
            assert "permissions" in job, f"{path.name}: job {job_id} must state its permissions"
            for scope, level in job["permissions"].items():
                if level == "write":
                    assert (path.name, scope) in {
                        ("deploy.yml", "pages"),
                        ("deploy.yml", "id-token"),
                    }, f"{path.name}: job {job_id} writes {scope}"


def test_test_workflow_runs_make_test_builds_with_pdfs_and_reports_the_schedule_diff():
    wf = workflow("test.yml")
    assert "pull_request" in wf["on"] and "push" in wf["on"]
    assert "concurrency" in wf
    runs = [s.get("run", "") for _, s in steps(wf)]
    assert any("bash .ci/run" in r for r in runs)  # the same `make test` as local CI
    build = next(s for _, s in steps(wf) if s.get("run") == "make site")
    assert build["env"]["PDF_EXPORT"] == "1"
    upload = next(s for _, s in steps(wf) if "upload-artifact" in s.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert any("tools.diff" in r and "GITHUB_STEP_SUMMARY" in r and "--markdown" in r for r in runs)
    # the checkout keeps history, so the base of the pull request can be read
    checkout = next(s for _, s in steps(wf) if "checkout" in s.get("uses", ""))
    assert checkout["with"]["fetch-depth"] == 0


def test_deploy_publishes_main_only_never_a_pull_request():
    wf = workflow("deploy.yml")
    triggers = wf["on"]
    assert set(triggers) <= {"push", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    for job in wf["jobs"].values():
        assert job["if"] == "github.ref == 'refs/heads/main'"
    uses = [s.get("uses", "").split("@")[0] for _, s in steps(wf)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    runs = [s.get("run", "") for _, s in steps(wf)]
    assert any("bash .ci/run" in r for r in runs), "deploy only what passed the tests"


def test_workflows_run_on_the_debian_of_local_ci():
    """The same image as the machine .ci/run is written for, so `make test` means the same."""
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            if any("bash .ci/run" in s.get("run", "") for s in job.get("steps", [])):
                assert job["container"]["image"] == "debian:bookworm", path.name


def test_dependabot_updates_pip_and_actions():
    config = load(GITHUB / "dependabot.yml")
    assert {u["package-ecosystem"] for u in config["updates"]} == {"pip", "github-actions"}


def test_pull_request_and_issue_templates_exist():
    assert (GITHUB / "PULL_REQUEST_TEMPLATE.md").is_file()
    names = {p.name for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml")}
    assert {"content-correction.yml", "new-session.yml"} <= names
