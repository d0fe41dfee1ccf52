"""``app.policy_statements`` is checked against the IAM policy grammar, statement by statement."""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pytest
from multi_region_api.components import ArgsError
from multi_region_api.components.iam import (
    app_policy_document,
    check_app_policy_size,
)
from multi_region_api.components.iam_statements import check_statements

GOOD: dict[str, Any] = {
    "Sid": "ReadUploads",
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:List*"],
    "Resource": ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"],
    "Condition": {
        "StringEquals": {"s3:prefix": ["public/"]},
        "Bool": {"aws:SecureTransport": True},
    },
}


def test_valid_statements_pass_through_unchanged() -> None:
    deny = {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "*"}
    assert check_statements("app.policy_statements", [GOOD, deny]) == (GOOD, deny)
    assert check_statements("app.policy_statements", []) == ()


INVALID: list[tuple[str, Any, str]] = [
    ("app.policy_statements", {"Effect": "Allow"}, "must be a list of IAM statements"),
    ("app.policy_statements[0]", ["Allow s3:GetObject"], "must be an IAM statement"),
    ("app.policy_statements[0]", [{**GOOD, "Effect": "allow"}], "Effect must be 'Allow' or"),
    ("app.policy_statements[0]", [{k: v for k, v in GOOD.items() if k != "Effect"}], "Effect"),
    ("app.policy_statements[0]", [{**GOOD, "Actions": ["s3:GetObject"]}], "'Actions' is not"),
    ("app.policy_statements[0]", [{**GOOD, "Principal": "*"}], "Principal has no place"),
    ("app.policy_statements[0]", [{**GOOD, "NotAction": "s3:Put*"}], "exactly one of Action"),
    ("app.policy_statements[0]", [{**GOOD, "Resource": None} | {"Resource": []}], "non-empty"),
    (
        "app.policy_statements[0]",
        [{k: v for k, v in GOOD.items() if k != "Resource"}],
        "exactly one of Resource or NotResource",
    ),
    ("app.policy_statements[0]", [{**GOOD, "Action": "GetObject"}], "is not 'service:Action'"),
    ("app.policy_statements[0]", [{**GOOD, "Action": "s3 :Get"}], "is not 'service:Action'"),
    ("app.policy_statements[0]", [{**GOOD, "Action": [3]}], "entries must be strings"),
    ("app.policy_statements[0]", [{**GOOD, "Resource": "uploads"}], "is not an ARN"),
    ("app.policy_statements[0]", [{**GOOD, "Sid": "read-uploads"}], "letters and digits"),
    ("app.policy_statements[0]", [{**GOOD, "Condition": "yes"}], "Condition must map"),
    (
        "app.policy_statements[0]",
        [{**GOOD, "Condition": {"String Equals": {"a": "b"}}}],
        "operator 'String Equals'",
    ),
    ("app.policy_statements[0]", [{**GOOD, "Condition": {"Bool": "true"}}], "must map condition"),
    ("app.policy_statements[1]", [GOOD, GOOD], "Sid 'ReadUploads' is already used by statement 0"),
]


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    INVALID,
    ids=[f"{i}-{m[:20]}" for i, (_, _, m) in enumerate(INVALID)],
)
def test_invalid_statements_name_their_index(field: str, raw: Any, message: str) -> None:
    with pytest.raises(ArgsError) as error:
        check_statements("app.policy_statements", raw)
    assert str(error.value).startswith(f"MultiRegionApiArgs.{field}: "), str(error.value)
    assert re.search(re.escape(message), str(error.value)), str(error.value)


def test_an_output_resource_is_accepted_now_and_checked_once_resolved() -> None:
    pending = {
        "Effect": "Allow",
        "Action": "sqs:SendMessage",
        "Resource": [pulumi.Output.from_input("x")],
    }
    assert check_statements("app.policy_statements", [pending])
    resolved = {**pending, "Resource": ["not-an-arn"]}
    with pytest.raises(ArgsError, match="is not an ARN"):
        app_policy_document([resolved])


def test_the_roles_inline_policies_must_fit_iams_budget() -> None:
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/k"}
    check_app_policy_size([statement] * 10, ["by-email"])
    many = [{**statement, "Resource": f"arn:aws:s3:::bucket/{'k' * 200}{i}"} for i in range(40)]
    with pytest.raises(ArgsError, match=r"app\.policy_statements: .*IAM allows 10240"):
        check_app_policy_size(many, [])
