"""The ``pulumi new`` template: valid against Pulumi's project schema, rendered as ``pulumi new``
would, its own tests green in a fresh venv with this package from the built wheel, and
``multi-region-api local`` serving its route there."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from multi_region_api.handlers.contract import PROJECT_NAME, SERVED_REGION_HEADER

from tests.e2e.runtime_support import free_plan
from tests.packaging.support import ConsumerVenv
from tests.packaging.template import PROJECT, STACK, TEMPLATE, render_template

SCHEMA = TEMPLATE.parents[2] / "shared" / "reference" / "pulumi-project.schema.json"
STARTUP_SECONDS = 90


@pytest.mark.parametrize(
    "pulumi_yaml", [TEMPLATE / "Pulumi.yaml", TEMPLATE.parents[1] / "Pulumi.yaml"]
)
def test_the_project_files_are_valid_against_pulumis_schema(pulumi_yaml: Path) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"Pulumi's project schema is not here ({SCHEMA}): ../shared is absent")
    import jsonschema

    document = yaml.safe_load(pulumi_yaml.read_text())
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))


def test_rendering_answers_every_prompt_and_leaves_no_placeholder(tmp_path: Path) -> None:
    project = render_template(tmp_path / "p")
    leftovers = [
        p for p in project.rglob("*") if p.is_file() and "${" in p.read_text(errors="ignore")
    ]
    assert leftovers == []
    assert yaml.safe_load((project / "Pulumi.yaml").read_text())["name"] == PROJECT
    config = yaml.safe_load((project / f"Pulumi.{STACK}.yaml").read_text())["config"]
    assert config[f"{PROJECT}:hostedZoneId"] == "Z0123456789EXAMPLE"
    assert json.loads(config[f"{PROJECT}:regions"]) == ["us-east-1", "us-west-2"]
    with pytest.raises(ValueError, match="hostedZoneId"):
        render_template(tmp_path / "q", answers={})


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_template(tmp_path_factory.mktemp("template") / PROJECT)


def _bin(venv: ConsumerVenv, name: str) -> str:
    return str(Path(venv.python).parent / name)


def test_the_templates_tests_pass_on_the_wheel(
    rendered: Path, consumer_venv: ConsumerVenv, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - the consumer venv's pytest on the rendered project
        [str(consumer_venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=rendered,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
    with capsys.disabled():
        print(
            f"\ntemplate test suite on the wheel: {took:.1f} s ({result.stdout.splitlines()[-1]})"
        )


def _serves(url: str) -> bool:
    import requests

    try:
        return requests.get(f"{url}/_local/status", timeout=1).ok
    except (requests.ConnectionError, requests.Timeout):  # not bound yet, or still starting
        return False


def test_local_serves_the_templates_route(rendered: Path, consumer_venv: ConsumerVenv) -> None:
    import requests

    port = free_plan().port
    process = subprocess.Popen(  # noqa: S603 - the consumer venv's console script
        [
            _bin(consumer_venv, PROJECT_NAME),
            *("local", "--stack", STACK, "--port", str(port), "--scale", "0.05"),
            *("--log-dir", str(rendered / ".local-runtime" / "logs")),
        ],
        cwd=rendered,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _serves(url):
            assert process.poll() is None, process.communicate(timeout=10)
            assert time.monotonic() < deadline, "local did not start"
            time.sleep(0.2)
        created = requests.post(
            f"{url}/notes",
            json={"text": "served locally"},
            headers={"Idempotency-Key": "local-1"},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        listed = requests.get(f"{url}/notes", timeout=10)
        assert listed.status_code == 200
        assert listed.headers[SERVED_REGION_HEADER] in {"us-east-1", "us-west-2"}
    finally:
        process.terminate()
        process.communicate(timeout=STARTUP_SECONDS)
