"""The parity environment is Lambda's: the archive's files, the layer without the runtime's SDK,
the runtime's boto3, CPython 3.13, and nothing from the development venv."""

from __future__ import annotations

from pathlib import Path

import pytest
from multi_region_api.components import lambda_runtime
from multi_region_api.components.app_args import AppSettings
from multi_region_api.components.lambda_package import lambda_code
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.events import http_event

from multi_region_api.parity import runtime as parity
from multi_region_api.parity.process import LambdaProcess, dev_venv_prefixes, lambda_environment
from tests.integration.handlers.support import BASE_PATH, HOME, SECRET
from tests.parity.conftest import StartLambda

# Distribution names as they appear in the layer's dist-info folders and as import packages.
PROVIDED_IMPORTS = ("boto3", "botocore", "s3transfer", "urllib3", "dateutil", "six", "jmespath")


def test_the_handler_imports_from_the_layer_and_the_runtime_only(start_lambda: StartLambda) -> None:
    process = start_lambda()
    assert process.ready, process.init
    init = process.init
    print(f"\nparity: cold import {init['import_ms']:.0f} ms, process {process.init_wall_s:.2f} s")
    assert init["python"].startswith(f"{lambda_runtime.PYTHON_VERSION}.")
    # The init phase leaves pydantic (the application's models, request validation) to the first
    # request that needs it: a shallow /health cold start never imports it.
    assert init["pydantic"] is None
    assert not any(p.startswith(dev_venv_prefixes()) for p in init["sys_path"]), init["sys_path"]
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    health = process.invoke(
        http_event("GET", contract.HEALTH_PATH, query=query, base_path=BASE_PATH)
    )
    assert (health["response"]["statusCode"], health["pydantic"]) == (200, None)
    # The first application request loads the routes (pydantic) and its DynamoDB call boto3:
    # every module still comes from the three directories, pydantic the layer's own.
    answer = process.invoke(http_event("GET", "/items/parity-origin", base_path=BASE_PATH))
    assert answer["response"]["statusCode"] == 404
    assert answer["pydantic"] == lambda_runtime.LAYER_PYDANTIC_VERSION
    origins = answer["origins"]
    assert origins["outside"] == [], "modules loaded from outside task, layer, runtime, stdlib"
    layer, sdk = str(process.runtime.layer), str(process.runtime.sdk)
    for package in ("aws_lambda_powertools", "pydantic", "pydantic_core", "aws_xray_sdk"):
        assert origins["watched"][package].startswith(layer), origins["watched"][package]
    for package in ("boto3", "botocore"):
        assert origins["watched"][package].startswith(sdk), origins["watched"][package]


def test_the_task_directory_holds_exactly_the_archive(task_dir: Path, app: AppSettings) -> None:
    files = sorted(p.relative_to(task_dir).as_posix() for p in task_dir.rglob("*") if p.is_file())
    assert files == sorted(lambda_code(app).files)
    assert "food_for_thought/routes/__init__.py" in files


def test_the_layer_leaves_out_what_the_runtime_provides(parity_runtime: parity.Runtime) -> None:
    names = {p.name.lower() for p in parity_runtime.layer.iterdir()}
    present = [
        name
        for name in names
        if name.removesuffix(".py") in PROVIDED_IMPORTS
        or any(name.startswith(f"{d.replace('-', '_')}-") for d in lambda_runtime.RUNTIME_PROVIDED)
    ]
    assert not present, f"the layer carries runtime-provided packages: {present}"
    powertools = f"aws_lambda_powertools-{lambda_runtime.POWERTOOLS_VERSION}.dist-info"
    assert (parity_runtime.layer / powertools).is_dir()
    boto3 = f"boto3-{lambda_runtime.RUNTIME_BOTO3_VERSION}.dist-info"
    assert (parity_runtime.sdk / boto3).is_dir()


def test_remove_distributions_deletes_every_recorded_file(
    parity_runtime: parity.Runtime, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    parity.pip_install(parity_runtime.python, site, ["six==1.17.0"])
    (site / "keep.py").write_text("")
    assert parity.remove_distributions(site, ("six",)) == ["six"]
    assert sorted(p.name for p in site.iterdir()) == ["keep.py"]


def test_a_name_missing_from_the_layer_fails_the_import_as_lambda_reports_it(
    parity_runtime: parity.Runtime, tmp_path: Path
) -> None:
    """The original bug: a class newer than the pinned Powertools, imported by the handler.

    ``ResponseSizeExceededError`` arrived after 3.34.0 (it is in 3.37.0); the probe moves on when
    the pin does.
    """
    task = tmp_path / "task"
    task.mkdir()
    (task / "probe.py").write_text(
        "from aws_lambda_powertools.event_handler.exceptions import (\n"
        "    ResponseSizeExceededError,\n"
        ")\n\n\ndef handler(event, context):\n    return {}\n"
    )
    env = lambda_environment(
        parity_runtime, task, {contract.ENV_REGION: HOME, "AWS_DEFAULT_REGION": HOME}
    )
    process = LambdaProcess(parity_runtime, task, env, tmp_path / "log", handler="probe.handler")
    try:
        assert not process.ready
        error = process.init["error"]
        assert error["errorType"] == "Runtime.ImportModuleError"
        assert "ResponseSizeExceededError" in error["errorMessage"]
        assert process._process.wait(timeout=10) == 1
    finally:
        process.close()


def test_parity_python_must_be_the_runtime_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    monkeypatch.setenv(parity.PARITY_PYTHON_ENV, sys.executable)  # the dev interpreter, not 3.13
    if sys.version_info[:2] != (3, 13):
        with pytest.raises(parity.NoParityPython, match=r"is not CPython 3\.13"):
            parity.find_python()
    monkeypatch.delenv(parity.PARITY_PYTHON_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))  # no python3.13, no pyenv
    with pytest.raises(parity.NoParityPython) as missing:
        parity.find_python()
    message = str(missing.value)
    assert "\n" not in message
    assert "pyenv install 3.13" in message
    assert "setup-python" in message
