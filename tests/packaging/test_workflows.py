"""The GitHub workflows, dependabot and the pre-commit hooks: actionlint-clean, and shaped the way
the README's CI and release sections promise."""

from __future__ import annotations

import re
import shutil
import subprocess
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.packaging.support import REPO, make_rule

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


def test_the_workflows_are_the_known_ones() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["ci.yml", "preview.yml", "release.yml"]


@pytest.mark.parametrize("name", ["ci.yml", "preview.yml", "release.yml"])
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


def runs(job: dict[str, Any]) -> list[str]:
    return [s["run"] for s in job["steps"] if "run" in s]


def make_recipe(target: str) -> list[str]:
    return make_rule(target)[1]


def test_ci_has_a_fast_lane_and_then_the_tiers_on_both_pythons() -> None:
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {"contents": "read"}
    assert ci["concurrency"]["cancel-in-progress"] is True
    fast, tiers = ci["jobs"]["fast"], ci["jobs"]["tiers"]
    assert set(ci["jobs"]) == {"fast", "tiers"}
    assert runs(fast) == ["make lint", "make test-unit"]
    assert fast["timeout-minutes"] <= 15
    assert tiers["needs"] == "fast"
    assert runs(tiers) == ["make test-tiers"]
    for job in (fast, tiers):
        assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.13"]
    (setup,) = steps_using(tiers, "actions/setup-python")
    # CPython 3.13 (the Lambda runtime, for the parity tier) in every tiers job; the matrix
    # version last, so it is the default `python` that `make` builds the venv with.
    versions = setup["with"]["python-version"].splitlines()
    assert versions == ["3.13", "${{ matrix.python-version }}"]


def test_the_two_lanes_run_what_make_test_runs() -> None:
    assert make_recipe("test") == ["$(BIN)/python -m pytest $(XDIST)"]
    assert "lint" in (REPO / "Makefile").read_text().split("\ntest:", 1)[1].splitlines()[0]
    assert make_recipe("test-unit") == ["$(BIN)/python -m pytest tests/unit"]
    assert make_recipe("test-tiers") == ["$(BIN)/python -m pytest $(XDIST) --ignore=tests/unit"]
    # The groups of tests/conftest.py hold only under the scheduler that reads them.
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^XDIST := -n \$\(WORKERS\) --dist loadgroup$", makefile, re.M)
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert pyproject["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]


def test_release_builds_checks_and_publishes_with_trusted_publishing() -> None:
    release = load("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {}
    build, publish = release["jobs"]["build"], release["jobs"]["publish"]
    assert build["permissions"] == {"contents": "read"}
    commands = "\n".join(runs(build))
    assert "python -m build --outdir dist" in commands
    assert "python -m twine check --strict dist/*" in commands
    (upload,) = steps_using(build, "actions/upload-artifact")
    assert upload["with"]["path"] == "dist/"

    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "pypi"
    assert publish["permissions"] == {"id-token": "write"}  # OIDC, and nothing else
    (download,) = steps_using(publish, "actions/download-artifact")
    assert download["with"] == {"name": upload["with"]["name"], "path": "dist/"}
    (pypi,) = steps_using(publish, "pypa/gh-action-pypi-publish")
    assert pypi["uses"].endswith("@release/v1")
    assert "with" not in pypi, "trusted publishing takes no password or token"
    assert "secrets." not in yaml.safe_dump(release)


def _version_check(tmp_path: Path, tag: str, heading: str) -> subprocess.CompletedProcess[str]:
    """The release's version step, run on a copy of the files it reads."""
    (step,) = (
        s for s in load("release.yml")["jobs"]["build"]["steps"] if "CHANGELOG" in s.get("name", "")
    )
    (tmp_path / "handlers").mkdir(parents=True)
    shutil.copy(REPO / "handlers" / "__version__.py", tmp_path / "handlers")
    changelog = (REPO / "CHANGELOG.md").read_text()
    (tmp_path / "CHANGELOG.md").write_text(
        re.sub(r"^## \[(.+?)\] - .*$", heading, changelog, count=1, flags=re.M)
    )
    return subprocess.run(  # noqa: S603 - bash runs our own workflow step
        [shutil.which("bash") or "bash", "-eo", "pipefail", "-c", step["run"]],
        cwd=tmp_path,
        env={"TAG": tag, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_release_refuses_an_undated_changelog_or_another_version(tmp_path: Path) -> None:
    from multi_region_api.handlers.__version__ import __version__ as version

    dated = f"## [{version}] - 2026-12-24"
    assert _version_check(tmp_path / "ok", f"v{version}", dated).returncode == 0
    undated = _version_check(tmp_path / "undated", f"v{version}", f"## [{version}] - Unreleased")
    assert undated.returncode == 1
    assert "the release date, not Unreleased" in undated.stdout
    other = _version_check(tmp_path / "other", "v9.9.9", dated)
    assert other.returncode == 1
    assert f"the tag v9.9.9 is not v{version}" in other.stdout


def test_dependabot_updates_pip_and_actions_but_not_the_layer_pins() -> None:
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text())
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    assert all(u["directory"] == "/" for u in updates.values())
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    exact = {re.split(r"[\[=]", d, maxsplit=1)[0] for d in dependencies if "==" in d}
    assert exact == {"aws-lambda-powertools", "pydantic"}
    assert {i["dependency-name"] for i in updates["pip"]["ignore"]} == exact


def pre_commit_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    return config


def test_pre_commit_config_is_valid_and_its_upstream_hooks_are_pinned() -> None:
    result = subprocess.run(  # noqa: S603 - the dev extra's pre-commit, our own config
        [SCRIPTS / "pre-commit", "validate-config", REPO / ".pre-commit-config.yaml"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    repos = {r["repo"]: r for r in pre_commit_config()["repos"]}
    upstream = {name: r for name, r in repos.items() if name != "local"}
    assert set(upstream) == {
        "https://github.com/pre-commit/pre-commit-hooks",
        "https://github.com/astral-sh/ruff-pre-commit",
    }
    assert all(re.fullmatch(r"v\d+\.\d+\.\d+", r["rev"]) for r in upstream.values())
    local = {h["id"]: h for h in repos["local"]["hooks"]}
    assert local["mypy"]["entry"] == "make typecheck"


def test_the_ruff_hook_is_the_ruff_of_the_dev_extra() -> None:
    dev = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (pin,) = (d for d in dev["dev"] if d.startswith("ruff"))
    assert pin.startswith("ruff==")
    (ruff,) = (r for r in pre_commit_config()["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == "v" + pin.removeprefix("ruff==")


def test_make_hooks_installs_the_git_hook(tmp_path: Path) -> None:
    assert make_recipe("hooks") == ["$(BIN)/pre-commit install"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, timeout=30)  # noqa: S603, S607
    shutil.copy(REPO / ".pre-commit-config.yaml", tmp_path)
    result = subprocess.run(  # noqa: S603 - the dev extra's pre-commit
        [SCRIPTS / "pre-commit", "install"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pre-commit" in (tmp_path / ".git" / "hooks" / "pre-commit").read_text()


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
