"""The GitHub workflows: actionlint-clean, and shaped the way the README's CI section promises."""

from __future__ import annotations

import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.support import REPO

WORKFLOWS = REPO / ".github" / "workflows"
SCRIPTS = Path(sysconfig.get_path("scripts"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """Run actionlint exactly as `make lint` does (with shellcheck for `run:` scripts)."""
    return subprocess.run(  # noqa: S603 - fixed tool paths, our own files
        [SCRIPTS / "actionlint", "-no-color", f"-shellcheck={SCRIPTS / 'shellcheck'}", *files],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load(name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the bare key `on` as the boolean True.
    workflow["on"] = workflow.pop(True)
    return workflow


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


@pytest.mark.parametrize("name", ["ci.yml", "preview.yml"])
def test_workflow_is_actionlint_clean(name: str) -> None:
    result = actionlint(WORKFLOWS / name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_fails_on_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  preview:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: pulumi/actions@v7\n"
        "        with:\n"
        "          command: preview\n"
        "          stack-name: us\n"
        "          comment-on-prs: true\n"
        "      - run: echo ${{ github.event.pull_request.title }} $HOME\n"
    )
    result = actionlint(broken)
    assert result.returncode != 0
    assert 'input "comment-on-prs" is not defined' in result.stdout
    assert "potentially untrusted" in result.stdout
    assert "SC2086" in result.stdout, "shellcheck did not run on the run: script"


def test_ci_runs_make_test_on_both_pythons_with_read_only_token() -> None:
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {"contents": "read"}
    assert ci["concurrency"]["cancel-in-progress"] is True
    (job,) = ci["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.13"]
    (setup,) = steps_using(job, "actions/setup-python")
    # CPython 3.13 (the Lambda runtime, for the parity tier) in every job; the matrix version
    # last, so it is the default `python` that `make` builds the venv with.
    versions = setup["with"]["python-version"].splitlines()
    assert versions == ["3.13", "${{ matrix.python-version }}"]
    assert [s["run"] for s in job["steps"] if "run" in s] == ["make test"]


def test_preview_runs_both_stacks_in_their_home_regions_with_oidc() -> None:
    preview = load("preview.yml")
    assert set(preview["on"]) == {"pull_request"}
    assert preview["permissions"] == {}
    job = preview["jobs"]["preview"]
    assert job["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert job["permissions"] == {
        "contents": "read",
        "id-token": "write",
        "pull-requests": "write",
    }
    for entry in job["strategy"]["matrix"]["include"]:
        stack_file = yaml.safe_load((REPO / f"Pulumi.{entry['stack']}.yaml").read_text())
        assert entry["region"] == stack_file["config"]["multi-region-api:homeRegion"]
    assert {e["stack"] for e in job["strategy"]["matrix"]["include"]} == {"us", "eu"}

    (aws,) = steps_using(job, "aws-actions/configure-aws-credentials")
    assert aws["with"]["role-to-assume"] == "${{ vars.AWS_PREVIEW_ROLE_ARN }}"
    assert aws["with"]["aws-region"] == "${{ matrix.region }}"
    assert not {"aws-access-key-id", "aws-secret-access-key"} & set(aws["with"])

    (pulumi,) = steps_using(job, "pulumi/actions")
    assert pulumi["with"]["command"] == "preview"
    assert pulumi["with"]["comment-on-pr"] is True
    assert pulumi["with"]["refresh"] is False
    assert "matrix.stack" in pulumi["with"]["stack-name"]
    assert set(pulumi["env"]) == {"PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"}
    assert all(v.startswith("${{ secrets.") for v in pulumi["env"].values())


def test_fork_pull_requests_get_a_note_and_no_secrets() -> None:
    preview = load("preview.yml")
    note = preview["jobs"]["fork-note"]
    assert note["if"] == "github.event.pull_request.head.repo.full_name != github.repository"
    assert "permissions" not in note  # inherits the workflow's empty set
    text = yaml.safe_dump(note)
    assert "secrets." not in text
    assert "vars." not in text
    assert "GITHUB_STEP_SUMMARY" in text
