"""Checks only AWS can answer: Route 53 health checks, the Lambda functions, the global table.

Resources are found the way the drill finds health checks: by the ``stack`` and ``region`` tags the
component puts on everything, narrowed first by the component's naming (``<component>-<region>-
function-*``, ``<component>-table-*``) so the account's other resources cost no tag reads. The
stack's outputs (``pulumi stack output --json``) may name the functions and the table instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.lambda_runtime import (
    LAMBDA_ARCHITECTURE,
    LAMBDA_RUNTIME,
    powertools_layer_arn,
    powertools_ssm_parameter,
)
from multi_region_api.components.multi_region_api import STACK_OUTPUTS
from multi_region_api.components.naming import health_resource_path, regional_hostname
from multi_region_api.components.table_schema import STREAM_VIEW_TYPE

from .route53_health import HealthCheckRef, HealthVerdict, checker_reports, find_health_checks
from .stack_settings import OpsError
from .verify_report import Row, failed, judged, passed

CLIENT_CONFIG = Config(
    connect_timeout=5, read_timeout=15, retries={"total_max_attempts": 5, "mode": "standard"}
)
ClientFactory = Callable[[str, str], Any]
"""(service, region) -> a boto3 client."""

# Errors that mean "these credentials do not work", not "this promise is broken": exit 2.
CREDENTIAL_ERRORS = frozenset(
    {
        "ExpiredToken",
        "ExpiredTokenException",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
    }
)
ACTIVE = "ACTIVE"
# A failed call fails its row (an unreachable endpoint, a missing permission), not the whole run.
AWS_ERRORS = (ClientError, BotoCoreError)


@dataclass(frozen=True)
class StackOutputs:
    """What ``pulumi stack output --json`` says, where it says it."""

    table_name: str | None = None
    function_names: dict[str, str] = field(default_factory=dict)


def load_outputs(path: Path) -> StackOutputs:
    try:
        document = json.loads(path.read_text())
    except OSError as exc:
        raise OpsError(f"cannot read --outputs {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise OpsError(
            f"--outputs {path} is not JSON ({exc}); write it with pulumi stack output --json"
        ) from exc
    if not isinstance(document, dict):
        raise OpsError(f"--outputs {path} is not a JSON object of stack outputs")
    table = document.get(STACK_OUTPUTS["table_name"])
    functions_key = STACK_OUTPUTS["function_names"]
    functions = document.get(functions_key, {})
    if not isinstance(functions, dict) or not all(isinstance(v, str) for v in functions.values()):
        raise OpsError(f"--outputs {path}: {functions_key} must map region to function name")
    return StackOutputs(table if isinstance(table, str) else None, dict(functions))


def error_detail(exc: ClientError | BotoCoreError) -> str:
    """One line for a failed row; credential errors end the run instead (exit 2)."""
    if isinstance(exc, NoCredentialsError):
        raise OpsError("no AWS credentials found") from exc
    if isinstance(exc, BotoCoreError):
        return str(exc)
    error = exc.response.get("Error", {})
    code = str(error.get("Code", "?"))
    if code in CREDENTIAL_ERRORS:
        raise OpsError(f"AWS {code}: {error.get('Message')}") from exc
    return f"AWS {code}: {error.get('Message')}"


# -- Route 53 health checks ------------------------------------------------------------------


def health_check_rows(stack: str, settings: ApiSettings, route53: Any) -> list[Row]:
    try:
        found = find_health_checks(route53, stack)
    except AWS_ERRORS as exc:
        return [failed("health check", "route53", error_detail(exc))]
    rows: list[Row] = []
    for region in settings.regions:
        refs = found.get(region, [])
        if len(refs) != 1:
            detail = (
                f"none tagged stack={stack} region={region}"
                if not refs
                else f"{len(refs)} tagged stack={stack} region={region}: "
                + ", ".join(r.id for r in refs)
            )
            rows.append(failed("health check", region, detail))
            continue
        try:
            rows += _health_check(refs[0], settings, route53)
        except AWS_ERRORS as exc:
            rows.append(failed("health check", region, error_detail(exc)))
    for region in sorted(set(found) - set(settings.regions)):
        ids = ", ".join(r.id for r in found[region])
        detail = f"{region} is not a region of the stack (left over?): {ids}"
        rows.append(failed("health check", region, detail))
    return rows


def _health_check(ref: HealthCheckRef, settings: ApiSettings, route53: Any) -> list[Row]:
    config = route53.get_health_check(HealthCheckId=ref.id)["HealthCheck"]["HealthCheckConfig"]
    target = f"{ref.region} ({ref.id})"
    expected = regional_hostname(ref.region, settings.domain_name)
    prefix = health_resource_path(settings.base_path, "")
    fqdn = str(config.get("FullyQualifiedDomainName", ""))
    path = str(config.get("ResourcePath", ""))
    problems = []
    if fqdn == settings.domain_name:
        problems.append(f"targets the shared name {fqdn} (tests whichever region is nearest)")
    elif "execute-api" in fqdn:
        problems.append(f"targets the execute-api host {fqdn}, not the custom domain")
    elif fqdn != expected:
        problems.append(f"targets {fqdn or 'an IP address'}, expected {expected}")
    if config.get("Type") != "HTTPS" or int(config.get("Port", 443)) != 443:
        problems.append(f"is {config.get('Type')} on port {config.get('Port')}, expected HTTPS 443")
    if not path.startswith(prefix) or len(path) == len(prefix):
        problems.append(f"path is not {prefix}<secret>")
    if not config.get("EnableSNI"):
        problems.append("has SNI off (API Gateway custom domains need it)")
    if config.get("Disabled"):
        problems.append("is disabled")
    where = f"HTTPS {fqdn}:443 {prefix}<secret>"
    rows = [judged("health check target", target, not problems, "; ".join(problems) or where)]
    rows.append(_health_check_settings(config, settings, target))

    verdict = HealthVerdict(checker_reports(route53, ref.id), inverted=ref.inverted)
    if ref.inverted:
        detail = f"inverted (a failover drill is running?): {verdict.describe()}"
        rows.append(failed("health check status", target, detail))
    elif not verdict.reports:
        rows.append(failed("health check status", target, "no checker has reported yet"))
    else:
        rows.append(judged("health check status", target, verdict.healthy, verdict.describe()))
    return rows


def _health_check_settings(config: dict[str, Any], settings: ApiSettings, target: str) -> Row:
    """Interval, threshold and checker regions as configured: the failover-time model uses them."""
    wanted = settings.health_check
    seen = (
        config.get("RequestInterval"),
        config.get("FailureThreshold"),
        tuple(sorted(config.get("Regions") or ())),
    )
    expected = (wanted.interval_seconds, wanted.failure_threshold, tuple(sorted(wanted.regions)))
    detail = f"every {seen[0]} s, unhealthy after {seen[1]}, checkers in {', '.join(seen[2])}"
    if seen != expected:
        detail += (
            f" (stack config: every {expected[0]} s, after {expected[1]}, "
            f"checkers in {', '.join(expected[2])})"
        )
    return judged("health check settings", target, seen == expected, detail)


# -- Lambda functions ------------------------------------------------------------------------


def _functions(client: Any) -> Iterator[dict[str, Any]]:
    for page in client.get_paginator("list_functions").paginate():
        yield from page["Functions"]


def find_function(client: Any, stack: str, region: str) -> list[str]:
    """Names of the functions tagged ``stack`` and ``region``, among those named like ours."""
    names = []
    for function in _functions(client):
        if f"-{region}-function" not in function["FunctionName"]:
            continue
        tags = client.list_tags(Resource=function["FunctionArn"]).get("Tags", {})
        if tags.get("stack") == stack and tags.get("region") == region:
            names.append(function["FunctionName"])
    return names


def function_rows(
    stack: str, settings: ApiSettings, clients: ClientFactory, outputs: StackOutputs
) -> list[Row]:
    rows: list[Row] = []
    for region in settings.regions:
        try:
            rows += _function_region(stack, region, clients, outputs)
        except AWS_ERRORS as exc:
            rows.append(failed("function", region, error_detail(exc)))
    return rows


def _function_region(
    stack: str, region: str, clients: ClientFactory, outputs: StackOutputs
) -> list[Row]:
    client = clients("lambda", region)
    name = outputs.function_names.get(region)
    if name is None:
        names = find_function(client, stack, region)
        if len(names) != 1:
            found = ", ".join(names) or "none"
            return [
                failed(
                    "function",
                    region,
                    f"expected one function tagged stack={stack} region={region}, found {found}"
                    " (or pass --outputs)",
                )
            ]
        name = names[0]
    config = client.get_function_configuration(FunctionName=name)
    target = f"{region} {name}"
    runtime = config.get("Runtime")
    architectures = config.get("Architectures", [])
    rows = [
        judged(
            "function runtime",
            target,
            runtime == LAMBDA_RUNTIME and architectures == [LAMBDA_ARCHITECTURE],
            f"{runtime} {','.join(architectures)} (pinned {LAMBDA_RUNTIME} {LAMBDA_ARCHITECTURE})",
        )
    ]
    pinned = powertools_layer_arn(region)
    layers = [layer["Arn"] for layer in config.get("Layers", [])]
    rows.append(
        judged(
            "function layer",
            target,
            layers == [pinned],
            f"{', '.join(layers) or 'no layer'}"
            + ("" if layers == [pinned] else f" (pinned: exactly {pinned})"),
        )
    )
    rows.append(_layer_matches_ssm(region, pinned, clients))
    state, update = config.get("State"), config.get("LastUpdateStatus")
    ok = state == "Active" and update == "Successful"
    reason = config.get("StateReason") or config.get("LastUpdateStatusReason") or ""
    detail = f"State {state}, LastUpdateStatus {update}"
    if reason and not ok:
        detail += f": {reason}"
    rows.append(judged("function state", target, ok, detail))
    return rows


def _layer_matches_ssm(region: str, pinned: str, clients: ClientFactory) -> Row:
    """The pinned table agrees with Powertools' own public parameter in this region."""
    name = powertools_ssm_parameter()
    target = f"{region} {name}"
    try:
        value = clients("ssm", region).get_parameter(Name=name)["Parameter"]["Value"]
    except AWS_ERRORS as exc:
        return failed("layer = powertools ssm", target, error_detail(exc))
    if value == pinned:
        return passed("layer = powertools ssm", target, value)
    return failed("layer = powertools ssm", target, f"SSM says {value}, pinned {pinned}")


# -- the global table ------------------------------------------------------------------------


def find_table(client: Any, stack: str) -> list[str]:
    """Names of the tables tagged ``stack``, among those named like ours (``*-table-*``)."""
    names = []
    for page in client.get_paginator("list_tables").paginate():
        for name in page["TableNames"]:
            if "-table" not in name:
                continue
            arn = client.describe_table(TableName=name)["Table"]["TableArn"]
            tags = client.list_tags_of_resource(ResourceArn=arn).get("Tags", [])
            if {t["Key"]: t["Value"] for t in tags}.get("stack") == stack:
                names.append(name)
    return names


def table_rows(
    stack: str, settings: ApiSettings, clients: ClientFactory, outputs: StackOutputs
) -> list[Row]:
    home = settings.home_region
    try:
        name = outputs.table_name
        if name is None:
            names = find_table(clients("dynamodb", home), stack)
            if len(names) != 1:
                found = ", ".join(names) or "none"
                return [
                    failed(
                        "table",
                        home,
                        f"expected one table tagged stack={stack}, found {found}"
                        " (or pass --outputs)",
                    )
                ]
            name = names[0]
        table = clients("dynamodb", home).describe_table(TableName=name)["Table"]
    except AWS_ERRORS as exc:
        return [failed("table", home, error_detail(exc))]
    replicas = {r.get("RegionName"): r.get("ReplicaStatus") for r in table.get("Replicas") or []}
    rows: list[Row] = []
    for region in (home, *settings.peer_regions):
        target = f"{name} @ {region}"
        try:
            rows += _table_region(name, region, clients, replicas, home, table)
        except AWS_ERRORS as exc:
            rows.append(failed("table", target, error_detail(exc)))
    unexpected = sorted(set(replicas) - set(settings.peer_regions))
    if unexpected:
        detail = f"replicas outside the stack: {', '.join(unexpected)}"
        rows.append(failed("table replicas", f"{name} @ {home}", detail))
    return rows


def _table_region(
    name: str,
    region: str,
    clients: ClientFactory,
    replicas: dict[str, str],
    home: str,
    home_table: dict[str, Any],
) -> list[Row]:
    client = clients("dynamodb", region)
    table = home_table if region == home else client.describe_table(TableName=name)["Table"]
    target = f"{name} @ {region}"
    status = table.get("TableStatus")
    if region == home:
        ok, detail = status == ACTIVE, f"table {status}"
    else:
        replica = replicas.get(region)
        ok = status == ACTIVE and replica == ACTIVE
        detail = f"replica {replica or 'not listed on the home table'}, table {status}"
    rows = [judged("table status", target, ok, detail)]

    backups = client.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
    pitr = backups.get("PointInTimeRecoveryDescription", {}).get("PointInTimeRecoveryStatus")
    rows.append(judged("table pitr", target, pitr == "ENABLED", f"point-in-time recovery {pitr}"))
    protected = bool(table.get("DeletionProtectionEnabled"))
    rows.append(
        judged(
            "table deletion protection",
            target,
            protected,
            "on" if protected else "OFF: a stray delete-table would drop this region's data",
        )
    )
    stream = table.get("StreamSpecification") or {}
    view = stream.get("StreamViewType") if stream.get("StreamEnabled") else None
    detail = view or "no stream"
    if view != STREAM_VIEW_TYPE:
        detail += f" ({STREAM_VIEW_TYPE} expected)"
    rows.append(judged("table stream", target, view == STREAM_VIEW_TYPE, detail))
    return rows
