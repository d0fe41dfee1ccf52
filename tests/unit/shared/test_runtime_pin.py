"""The Lambda runtime is pinned once, and everything that runs the handler runs that pin."""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from multi_region_api.components import lambda_runtime as rt
from packaging.requirements import Requirement

from multi_region_api.parity import runtime as parity

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


def test_the_parity_tier_and_the_benchmarks_build_the_pinned_release() -> None:
    """The parity cache is keyed by, and built from, the pinned release's layer unless told."""
    default = inspect.signature(parity.ensure_runtime).parameters["release"].default
    assert default == rt.POWERTOOLS_VERSION
    assert inspect.signature(parity.cache_key).parameters["release"].default == default
    assert rt.layer_requirements() == [
        f"aws-lambda-powertools[all]=={rt.POWERTOOLS_VERSION}",
        f"pydantic=={rt.LAYER_PYDANTIC_VERSION}",
    ]
    # ``make bench`` measures the previous release beside the pinned one: both must be buildable.
    assert rt.PREVIOUS_RELEASE != rt.POWERTOOLS_VERSION
    for release in (rt.PREVIOUS_RELEASE, rt.POWERTOOLS_VERSION):
        assert release in rt.POWERTOOLS_LAYER_VERSIONS
        assert release in rt.LAYER_PYDANTIC_VERSIONS


def test_an_unpinned_release_is_refused() -> None:
    with pytest.raises(ValueError, match=r"no layer pydantic is pinned for Powertools 9\.9\.9"):
        rt.layer_requirements("9.9.9")
    with pytest.raises(ValueError, match=r"no layer version is pinned for Powertools 9\.9\.9"):
        rt.powertools_layer_version("9.9.9")
