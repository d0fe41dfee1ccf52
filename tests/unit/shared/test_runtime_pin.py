"""The Lambda runtime is pinned once, and everything that runs the handler runs that pin."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

from multi_region_api.components import lambda_runtime as rt
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[3]


def _pins() -> dict[str, str]:
    """Exact ``==`` pins among the package's dependencies, by distribution name."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    pins = {}
    for text in pyproject["project"]["dependencies"]:
        requirement = Requirement(text)
        exact = [s.version for s in requirement.specifier if s.operator == "=="]
        if exact:
            pins[requirement.name] = exact[0]
    return pins


def test_pyproject_pins_the_layers_releases() -> None:
    pins = _pins()
    assert pins["aws-lambda-powertools"] == rt.POWERTOOLS_VERSION
    assert pins["pydantic"] == rt.LAYER_PYDANTIC_VERSION


def test_the_installed_releases_are_the_layers() -> None:
    """Handler tests, the local runtime and the benchmarks import these very releases."""
    assert version("aws-lambda-powertools") == rt.POWERTOOLS_VERSION
    assert version("pydantic") == rt.LAYER_PYDANTIC_VERSION


def test_the_deployed_layer_is_the_pinned_release() -> None:
    assert rt.powertools_layer_version() == rt.POWERTOOLS_LAYER_VERSIONS[rt.POWERTOOLS_VERSION]
    assert rt.powertools_layer_arn("eu-central-1").endswith(
        f"AWSLambdaPowertoolsPythonV3-python313-arm64:{rt.powertools_layer_version()}"
    )
    assert rt.powertools_ssm_parameter() == (
        f"/aws/service/powertools/python/arm64/python3.13/{rt.POWERTOOLS_VERSION}"
    )


def test_the_ci_workflow_runs_the_runtimes_python() -> None:
    workflow = (REPO / ".github" / "workflows" / "ci.yml").read_text()
    assert f'"{rt.PYTHON_VERSION}"' in workflow
