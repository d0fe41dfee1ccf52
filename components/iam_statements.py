"""The app's own IAM statements, checked against the IAM policy grammar before anything deploys.

Only the grammar is checked here (element names, Effect, Action/Resource shapes, Condition
blocks, unique Sids), so a typo fails at construction with the field's name instead of as a
``MalformedPolicyDocument`` halfway through ``pulumi up``. Whether an action exists is not: a
privilege database (parliament's, for one) ages, and a new AWS action must never block a deploy;
linting the policy for risky grants is a separate, advisory step.

A ``Resource`` entry may be a Pulumi ``Output`` (another resource's ARN); it is checked when it
resolves, by the same function (``iam.app_policy`` calls it again on the resolved statements).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from .args_error import ArgsError

ELEMENTS = ("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition")
_PRINCIPALS = ("Principal", "NotPrincipal")
EFFECTS = ("Allow", "Deny")
_SID_RE = re.compile(r"^[A-Za-z0-9]+$")
# ``service:Action`` with IAM's wildcards; the service prefix is lower-case letters, digits, dashes.
_ACTION_RE = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*?]+$")
# ``arn:partition:service:region:account:resource`` (region and account may be empty).
_ARN_RE = re.compile(r"^arn:(\*|aws[a-z-]*|\$\{[^}]+\}):[^:]*:[^:]*:[^:]*:.+$")
_CONDITION_OPERATOR_RE = re.compile(r"^((ForAllValues|ForAnyValue):)?[A-Za-z]+$")
# Role inline policies share one budget: all of a role's inline policies together, whitespace
# excluded (IAM quotas: "Role policy size", 10,240 characters).
ROLE_INLINE_POLICY_CHARS = 10_240


def _strings(field: str, element: str, value: object) -> list[object]:
    """IAM takes a string or a non-empty list of strings for Action and Resource."""
    values = [value] if isinstance(value, str | pulumi.Output) else value
    if not isinstance(values, list) or not values:
        raise ArgsError(field, f"{element} must be a string or a non-empty list, got {value!r}")
    for item in values:
        if not isinstance(item, str | pulumi.Output):
            raise ArgsError(field, f"{element} entries must be strings, got {item!r}")
    return values


def _check_actions(field: str, element: str, value: object) -> None:
    for action in _strings(field, element, value):
        if isinstance(action, pulumi.Output):
            raise ArgsError(field, f"{element} entries must be plain strings")
        if action != "*" and not _ACTION_RE.match(str(action)):
            raise ArgsError(
                field, f"{element} {action!r} is not 'service:Action' (e.g. 's3:GetObject')"
            )


def _check_resources(field: str, element: str, value: object) -> None:
    for resource in _strings(field, element, value):
        if isinstance(resource, pulumi.Output):
            continue  # checked when it resolves
        if resource != "*" and not _ARN_RE.match(str(resource)):
            raise ArgsError(
                field,
                f"{element} {resource!r} is not an ARN "
                "('arn:partition:service:region:account:resource') or '*'",
            )


def _check_condition(field: str, value: object) -> None:
    if not isinstance(value, Mapping) or not value:
        raise ArgsError(field, f"Condition must map operators to keys, got {value!r}")
    for operator, keys in value.items():
        if not isinstance(operator, str) or not _CONDITION_OPERATOR_RE.match(operator):
            raise ArgsError(field, f"Condition operator {operator!r} is not like 'StringEquals'")
        if not isinstance(keys, Mapping) or not keys:
            raise ArgsError(
                field, f"Condition {operator} must map condition keys to values, got {keys!r}"
            )
        for key, expected in keys.items():
            values = expected if isinstance(expected, list) else [expected]
            if not values or not all(
                isinstance(v, str | int | float | bool | pulumi.Output) for v in values
            ):
                raise ArgsError(
                    field, f"Condition {operator}.{key} must be a value or a list of values"
                )


def check_statement(field: str, statement: object) -> None:
    """One statement of an identity policy (the function's role): no Principal."""
    if not isinstance(statement, Mapping):
        raise ArgsError(field, f"must be an IAM statement (a mapping), got {statement!r}")
    for element in statement:
        if element in _PRINCIPALS:
            raise ArgsError(
                field,
                f"{element} has no place in a role's policy (the role is the principal)",
            )
        if element not in ELEMENTS:
            raise ArgsError(
                field, f"{element!r} is not an IAM statement element ({', '.join(ELEMENTS)})"
            )
    sid = statement.get("Sid")
    if sid is not None and (not isinstance(sid, str) or not _SID_RE.match(sid)):
        raise ArgsError(field, f"Sid {sid!r} must be letters and digits only")
    if statement.get("Effect") not in EFFECTS:
        raise ArgsError(field, f"Effect must be 'Allow' or 'Deny', got {statement.get('Effect')!r}")
    for positive, negative, check in (
        ("Action", "NotAction", _check_actions),
        ("Resource", "NotResource", _check_resources),
    ):
        given = [e for e in (positive, negative) if e in statement]
        if len(given) != 1:
            raise ArgsError(field, f"needs exactly one of {positive} or {negative}")
        check(field, given[0], statement[given[0]])
    if "Condition" in statement:
        _check_condition(field, statement["Condition"])


def check_statements(field: str, raw: object) -> tuple[dict[str, Any], ...]:
    """The list of statements, each checked and named by its index (``field[2]``)."""
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise ArgsError(field, f"must be a list of IAM statements, got {raw!r}")
    sids: dict[str, int] = {}
    for index, statement in enumerate(raw):
        check_statement(f"{field}[{index}]", statement)
        sid = statement.get("Sid")
        if sid is not None:
            if sid in sids:
                raise ArgsError(
                    f"{field}[{index}]", f"Sid {sid!r} is already used by statement {sids[sid]}"
                )
            sids[sid] = index
    return tuple(dict(statement) for statement in raw)


def policy_chars(document: Mapping[str, Any]) -> int:
    """What IAM counts against its size quotas: the JSON without whitespace (an unresolved
    ``Output`` counts as an empty string, the least it can be)."""
    return len(json.dumps(document, separators=(",", ":"), default=lambda _: ""))
