"""Every IAM policy of every combination, and the README's deployer actions, linted by parliament
(an IAM linter with AWS's own action, resource and condition database).

parliament's database predates ARC Region switch (its prefix is unknown to it): those actions are
checked against botocore's service model of ``arc-region-switch`` instead.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import sys
import types
from functools import cache
from typing import Any

import botocore.session
import pytest

from tests.matrix.combinations import COMBINATIONS, Combination, graph
from tests.matrix.test_deploy_permissions import ACTION, permission_rows
from tests.unit.components.support import Graph

NEWER_THAN_PARLIAMENT = {"arc-region-switch": "arc-region-switch"}
"""IAM prefix -> botocore service name, for services parliament's database does not know."""


def _parliament() -> Any:
    """parliament 1.6.4, its latest release, imports ``pkg_resources`` (gone from setuptools
    81+) only for ``resource_filename``: give it that, from the standard library, while it
    imports. The stand-in leaves ``sys.modules`` again: other libraries probe ``pkg_resources``
    for more than that one function."""
    if "pkg_resources" in sys.modules or importlib.util.find_spec("pkg_resources") is not None:
        import parliament

        return parliament
    shim = types.ModuleType("pkg_resources")
    shim.resource_filename = (  # type: ignore[attr-defined]
        lambda package, name: str(importlib.resources.files(package) / name)
    )
    sys.modules["pkg_resources"] = shim
    try:
        import parliament
    finally:
        del sys.modules["pkg_resources"]
    return parliament


@cache
def botocore_actions(prefix: str) -> frozenset[str]:
    model = botocore.session.get_session().get_service_model(NEWER_THAN_PARLIAMENT[prefix])
    return frozenset(f"{prefix}:{op}" for op in model.operation_names)


def findings(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(issue, detail) of every finding, newer services' actions checked against botocore."""
    policy = _parliament().analyze_policy_string(json.dumps(document))
    found: list[tuple[str, str]] = []
    for finding in policy.findings:
        string = (finding.location or {}).get("string", "")
        prefix = string.split(":", 1)[0]
        if finding.issue == "UNKNOWN_PREFIX" and prefix in NEWER_THAN_PARLIAMENT:
            if string not in botocore_actions(prefix):
                found.append(("UNKNOWN_ACTION", string))
            continue
        found.append((finding.issue, f"{finding.detail} {finding.location}"))
    return found


def policies(built: Graph) -> list[tuple[str, dict[str, Any]]]:
    """(resource name, document) of every inline policy the graph grants."""
    return [
        (r.name, json.loads(r.plain_inputs["policy"]))
        for r in built.of_type("aws:iam/rolePolicy:RolePolicy")
    ]


@pytest.mark.parametrize("combination", COMBINATIONS, ids=lambda c: c.id)
def test_every_inline_policy_passes_the_linter(combination: Combination) -> None:
    granted = policies(graph(combination))
    assert len(granted) >= len(combination.regions)
    for name, document in granted:
        assert findings(document) == [], name


def test_the_linter_finds_a_misspelt_action_and_an_unknown_arc_one() -> None:
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["dynamodb:GetItems", "arc-region-switch:GetPlans"],
                "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/t"],
            }
        ],
    }
    issues = {issue for issue, _ in findings(document)}
    assert issues == {"UNKNOWN_ACTION"}
    assert len(findings(document)) == 2


def test_every_deployer_action_in_the_readme_exists() -> None:
    actions = sorted({a for _, _, cell in permission_rows() for a in ACTION.findall(cell)})
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
    }
    unknown = [detail for issue, detail in findings(document) if "UNKNOWN" in issue]
    assert unknown == []
    assert len(actions) > 150
