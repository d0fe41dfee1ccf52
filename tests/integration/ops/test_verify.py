"""``verify`` against moto, with the outside world moto cannot play injected.

moto holds the health checks (with tags), the functions with their layers, the Powertools SSM
parameter and one table per region. What moto cannot answer is scripted: DNS, TLS handshakes and
the API itself (``FakeApi``: ``/hello`` per region, items that replicate after a set lag on a fake
clock). Two gaps of moto are bridged in the fixtures and say so: it refuses to write ``/aws/...``
parameters through the API, and it has no global-table replicas, so the home table's ``Replicas``
list is added from the peer regions' own tables.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from moto import mock_aws
from moto.ssm.models import Parameter, ssm_backends
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.lambda_runtime import (
    LAMBDA_ARCHITECTURE,
    LAMBDA_RUNTIME,
    POWERTOOLS_LAYER_ACCOUNT,
    powertools_layer_arn,
    powertools_layer_version,
    powertools_ssm_parameter,
)
from multi_region_api.components.naming import health_resource_path, regional_hostname
from multi_region_api.components.table_schema import boto3_create_table_kwargs
from multi_region_api.handlers.contract import HANDLER, HEALTH_PATH
from multi_region_api.ops.__main__ import main
from multi_region_api.ops.stack_settings import OpsError, load_settings
from multi_region_api.ops.tls_probe import TlsAnswer
from multi_region_api.ops.verify import AwsDeps, hostnames, verify_aws
from multi_region_api.ops.verify_aws import StackOutputs, load_outputs
from multi_region_api.ops.verify_endpoints import EndpointDeps, dns_rows, hello_rows, tls_rows
from multi_region_api.ops.verify_http import HttpAnswer
from multi_region_api.ops.verify_report import Outcome, Row, exit_code, render

from tests.integration.ops.fake_clock import Clock

PROJECT = Path(__file__).resolve().parents[3]
STACK = "us"
TABLE = "api-table-0a1b2c3"
SECRET = "s3cret-value"
NOW = datetime(2026, 11, 22, tzinfo=UTC)
LAYER_NAME = powertools_layer_arn("us-east-1").split(":")[6]


@pytest.fixture
def settings() -> ApiSettings:
    return load_settings(STACK, PROJECT)


# -- the scripted outside world ----------------------------------------------------------------


@dataclass
class FakeApi:
    """The deployed API as clients see it: one store per region, replication after ``lag``.

    ``lag=None`` means writes never replicate. The shared name answers from ``nearest``.
    """

    settings: ApiSettings
    clock: Clock
    lag: float | None = 0.6
    nearest: str = "us-east-1"
    items: dict[str, dict[str, tuple[float, Any]]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)

    def region_of(self, url: str) -> str:
        host = urlsplit(url).hostname or ""
        if host == self.settings.domain_name:
            return self.nearest
        return host.removesuffix(f".{self.settings.domain_name}")

    def __call__(
        self, method: str, url: str, body: Any = None, *, timeout: float = 10.0
    ) -> HttpAnswer:
        self.calls.append((method, url))
        region, path = self.region_of(url), urlsplit(url).path
        if path == "/hello" and method == "GET":
            return HttpAnswer(200, {"message": f"Hello from {region}", "region": region})
        item_id = path.removeprefix("/items/")
        copies = self.items.setdefault(item_id, {})
        if method == "PUT":
            copies[region] = (self.clock(), body["data"])
            if self.lag is not None:
                for other in self.settings.regions:
                    copies.setdefault(other, (self.clock() + self.lag, body["data"]))
            return HttpAnswer(200, {"id": item_id, "data": body["data"], "updatedRegion": region})
        if method == "GET":
            visible_at, data = copies.get(region, (float("inf"), None))
            if visible_at <= self.clock():
                return HttpAnswer(200, {"id": item_id, "data": data})
            return HttpAnswer(404, {"error": "not_found"})
        if method == "DELETE":
            copies.clear()
            return HttpAnswer(204)
        return HttpAnswer(405)


def good_tls(hostname: str) -> TlsAnswer:
    domain = hostname.split(".", 1)[1] if hostname.count(".") > 3 else hostname
    return TlsAnswer(True, (domain, f"*.{domain}"), NOW + timedelta(days=300))


def resolver(name: str, record_type: str) -> tuple[str, ...]:
    return ("192.0.2.10",) if record_type == "A" else ("2001:db8::10",)


def endpoint_deps(settings: ApiSettings, **overrides: Any) -> tuple[EndpointDeps, FakeApi]:
    clock = Clock()
    api = FakeApi(settings, clock, **overrides)
    tokens = iter(f"t{i}" for i in range(100))
    deps = EndpointDeps(
        http=api,
        resolve=resolver,
        tls=good_tls,
        clock=clock,
        sleep=clock.sleep,
        now=lambda: NOW,
        token=lambda: next(tokens),
        replication_timeout=5.0,
        poll_seconds=0.25,
    )
    return deps, api


# -- moto ----------------------------------------------------------------------------------


class WithReplicas:
    """The home region's DynamoDB client, plus the ``Replicas`` list moto does not keep: each
    peer region's own table, as its status there."""

    def __init__(self, client: Any, peers: tuple[str, ...]) -> None:
        self._client = client
        self._peers = peers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def describe_table(self, **kwargs: Any) -> Any:
        answer = self._client.describe_table(**kwargs)
        replicas = []
        for region in self._peers:
            try:
                table = boto3.client("dynamodb", region_name=region).describe_table(**kwargs)
            except self._client.exceptions.ResourceNotFoundException:
                continue
            replicas.append({"RegionName": region, "ReplicaStatus": table["Table"]["TableStatus"]})
        answer["Table"]["Replicas"] = replicas
        return answer


def clients_for(settings: ApiSettings) -> Any:
    def client(service: str, region: str) -> Any:
        made = boto3.client(service, region_name=region)
        if service == "dynamodb" and region == settings.home_region:
            return WithReplicas(made, settings.peer_regions)
        return made

    return client


def seed_ssm(region: str, value: str) -> None:
    """moto refuses ``PutParameter`` under ``/aws/``, as AWS does: write its store directly."""
    ssm_backends[POWERTOOLS_LAYER_ACCOUNT][region]._parameters[powertools_ssm_parameter()] = [
        Parameter(
            account_id=POWERTOOLS_LAYER_ACCOUNT,
            name=powertools_ssm_parameter(),
            value=value,
            parameter_type="String",
            description=None,
            allowed_pattern=None,
            keyid=None,
            last_modified_date=NOW,
            version=1,
            data_type="text",
        )
    ]


def layer_arn(region: str, version: int) -> str:
    return powertools_layer_arn(region).rsplit(":", 1)[0] + f":{version}"


def zipped(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "x = 1\n")
    return buffer.getvalue()


def create_function(region: str, layers: list[str], name: str = "") -> str:
    role = boto3.client("iam", region_name="us-east-1").get_role(RoleName="api-function")
    name = name or f"api-{region}-function-9f8e7d6"
    boto3.client("lambda", region_name=region).create_function(
        FunctionName=name,
        Runtime=LAMBDA_RUNTIME,
        Architectures=[LAMBDA_ARCHITECTURE],
        Role=role["Role"]["Arn"],
        Handler=HANDLER,
        Code={"ZipFile": zipped("app.py")},
        Layers=layers,
        Tags={"stack": STACK, "region": region, "component": "api"},
    )
    return name


def create_check(region: str, fqdn: str, path: str, **config: Any) -> str:
    """A health check as the component creates it (from the stack's settings), ``config`` on top."""
    route53 = boto3.client("route53", region_name="us-east-1")
    wanted = load_settings(STACK, PROJECT).health_check
    check = route53.create_health_check(
        CallerReference=f"{region}-{fqdn}",
        HealthCheckConfig={
            "Type": "HTTPS",
            "FullyQualifiedDomainName": fqdn,
            "Port": 443,
            "ResourcePath": path,
            "RequestInterval": wanted.interval_seconds,
            "FailureThreshold": wanted.failure_threshold,
            "Regions": list(wanted.regions),
            "EnableSNI": True,
            **config,
        },
    )["HealthCheck"]["Id"]
    tags = {"stack": STACK, "region": region, "component": "api"}
    route53.change_tags_for_resource(
        ResourceType="healthcheck",
        ResourceId=check,
        AddTags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    return check


def create_table(region: str, *, pitr: bool = True, protected: bool = True) -> None:
    client = boto3.client("dynamodb", region_name=region)
    client.create_table(
        **boto3_create_table_kwargs(TABLE),
        DeletionProtectionEnabled=protected,
        Tags=[{"Key": "stack", "Value": STACK}],
    )
    if pitr:
        client.update_continuous_backups(
            TableName=TABLE,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, settings: ApiSettings) -> Iterator[None]:
    """A deployed stack ``us`` as far as moto goes; everything in the layer's account, since
    moto looks a layer up in the function's own account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("MOTO_ACCOUNT_ID", POWERTOOLS_LAYER_ACCOUNT)
    with mock_aws():
        boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="api-function", AssumeRolePolicyDocument="{}"
        )
        for region in settings.regions:
            lam = boto3.client("lambda", region_name=region)
            for _ in range(powertools_layer_version()):
                lam.publish_layer_version(
                    LayerName=LAYER_NAME, Content={"ZipFile": zipped("python/x.py")}
                )
            seed_ssm(region, powertools_layer_arn(region))
            create_table(region)
        yield


def deploy_functions_and_checks(settings: ApiSettings, **skip: bool) -> None:
    path = health_resource_path(settings.base_path, SECRET)
    for region in settings.regions:
        if not skip.get(f"function_{region}"):
            create_function(region, [powertools_layer_arn(region)])
        if not skip.get(f"check_{region}"):
            create_check(region, regional_hostname(region, settings.domain_name), path)


def run(
    settings: ApiSettings, deps: EndpointDeps, outputs: StackOutputs | None = None
) -> list[Row]:
    aws_deps = AwsDeps(
        route53=boto3.client("route53", region_name="us-east-1"),
        clients=clients_for(settings),
        endpoints=deps,
        outputs=outputs or StackOutputs(),
    )
    return verify_aws(STACK, settings, aws_deps)


def failures(rows: list[Row]) -> list[tuple[str, str]]:
    return [(r.check, r.target) for r in rows if r.outcome is Outcome.FAIL]


def only_failure(rows: list[Row]) -> Row:
    bad = [r for r in rows if r.outcome is Outcome.FAIL]
    assert len(bad) == 1, render(rows)
    return bad[0]


# -- the whole stack passes ------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_a_healthy_stack_passes_every_row(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    deps, api = endpoint_deps(settings)

    rows = run(settings, deps)

    assert failures(rows) == [], render(rows)
    assert exit_code(rows) == 0
    checks = {r.check for r in rows}
    assert {
        "dns A",
        "dns AAAA",
        "tls",
        "hello",
        "health check target",
        "health check status",
        "health check settings",
        "function runtime",
        "function layer",
        "layer = powertools ssm",
        "function state",
        "table status",
        "table pitr",
        "table deletion protection",
        "table stream",
        "replication",
    } <= checks
    # Every name, in both families; TLS on every name with its expiry.
    assert len([r for r in rows if r.check.startswith("dns")]) == 2 * len(hostnames(settings))
    assert all("expires 2027-09-18" in r.detail for r in rows if r.check == "tls")
    # Replication both ways, lag measured on the fake clock (0.6 s lag, polled every 0.25 s).
    lags = {r.target: r.detail for r in rows if r.check == "replication"}
    assert lags == {
        "us-east-1 -> us-west-2": "readable after 0.75 s",
        "us-west-2 -> us-east-1": "readable after 0.75 s",
    }
    # The table covers the home table and the replica.
    assert {r.target for r in rows if r.check == "table pitr"} == {
        f"{TABLE} @ us-east-1",
        f"{TABLE} @ us-west-2",
    }
    # Clean-up: every item written was deleted through its writer.
    puts = [url for method, url in api.calls if method == "PUT"]
    deletes = [url for method, url in api.calls if method == "DELETE"]
    assert puts == deletes
    assert len(puts) == 2
    # The secret is never printed.
    assert SECRET not in render(rows)


@pytest.mark.usefixtures("aws")
def test_function_names_from_stack_outputs(settings: ApiSettings, tmp_path: Path) -> None:
    """Untagged or renamed functions are found through ``pulumi stack output --json``."""
    deploy_functions_and_checks(settings, **{"function_us-west-2": True})
    create_function("us-west-2", [powertools_layer_arn("us-west-2")], name="renamed")
    deps, _ = endpoint_deps(settings)
    assert ("function", "us-west-2") in failures(run(settings, deps))

    path = tmp_path / "outputs.json"
    names = {"us-east-1": "api-us-east-1-function-9f8e7d6", "us-west-2": "renamed"}
    path.write_text(json.dumps({"tableName": TABLE, "functionNames": names, "url": "x"}))
    rows = run(settings, endpoint_deps(settings)[0], load_outputs(path))
    assert failures(rows) == [], render(rows)
    assert any(r.target == "us-west-2 renamed" for r in rows)


# -- each kind of failure --------------------------------------------------------------------


@pytest.mark.usefixtures("aws")
def test_wrong_layer_fails_that_function(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"function_us-west-2": True})
    create_function("us-west-2", [layer_arn("us-west-2", 26)])

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert (row.check, row.target) == ("function layer", "us-west-2 api-us-west-2-function-9f8e7d6")
    assert "AWSLambdaPowertoolsPythonV3-python313-arm64:26" in row.detail
    assert f"pinned: exactly {powertools_layer_arn('us-west-2')}" in row.detail


@pytest.mark.usefixtures("aws")
def test_an_extra_layer_fails_too(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"function_us-east-1": True})
    create_function("us-east-1", [powertools_layer_arn("us-east-1"), layer_arn("us-east-1", 3)])

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert row.check == "function layer"


@pytest.mark.usefixtures("aws")
def test_ssm_parameter_disagreeing_with_the_pinned_table_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    seed_ssm("us-west-2", layer_arn("us-west-2", 28))

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert (row.check, row.target) == (
        "layer = powertools ssm",
        f"us-west-2 {powertools_ssm_parameter()}",
    )
    assert row.detail.startswith(f"SSM says {layer_arn('us-west-2', 28)}, pinned")


@pytest.mark.usefixtures("aws")
def test_missing_ssm_parameter_fails_with_the_aws_error(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    del ssm_backends[POWERTOOLS_LAYER_ACCOUNT]["us-east-1"]._parameters[powertools_ssm_parameter()]

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert row.check == "layer = powertools ssm"
    assert "ParameterNotFound" in row.detail


@pytest.mark.usefixtures("aws")
def test_pitr_off_on_a_replica_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    boto3.client("dynamodb", region_name="us-west-2").update_continuous_backups(
        TableName=TABLE,
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False},
    )

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert (row.check, row.target) == ("table pitr", f"{TABLE} @ us-west-2")
    assert row.detail == "point-in-time recovery DISABLED"


@pytest.mark.usefixtures("aws")
def test_deletion_protection_off_on_the_home_table_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    boto3.client("dynamodb", region_name="us-east-1").update_table(
        TableName=TABLE, DeletionProtectionEnabled=False
    )

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert (row.check, row.target) == ("table deletion protection", f"{TABLE} @ us-east-1")


@pytest.mark.usefixtures("aws")
def test_a_missing_replica_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    client = boto3.client("dynamodb", region_name="us-west-2")
    client.update_table(TableName=TABLE, DeletionProtectionEnabled=False)
    client.delete_table(TableName=TABLE)

    rows = run(settings, endpoint_deps(settings)[0])

    assert failures(rows) == [("table", f"{TABLE} @ us-west-2")], render(rows)
    assert "ResourceNotFoundException" in next(r.detail for r in rows if r.check == "table")


@pytest.mark.usefixtures("aws")
def test_health_check_on_the_shared_name_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"check_us-west-2": True})
    create_check(
        "us-west-2", settings.domain_name, health_resource_path(settings.base_path, SECRET)
    )

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert row.check == "health check target"
    assert row.target.startswith("us-west-2 (")
    assert f"targets the shared name {settings.domain_name}" in row.detail


@pytest.mark.usefixtures("aws")
def test_health_check_without_the_secret_or_on_execute_api_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"check_us-east-1": True, "check_us-west-2": True})
    create_check("us-east-1", "abc123.execute-api.us-east-1.amazonaws.com", HEALTH_PATH)
    create_check("us-west-2", regional_hostname("us-west-2", settings.domain_name), HEALTH_PATH)

    rows = run(settings, endpoint_deps(settings)[0])

    details = {r.target.split()[0]: r.detail for r in rows if r.outcome is Outcome.FAIL}
    assert set(details) == {"us-east-1", "us-west-2"}, render(rows)
    assert "execute-api host" in details["us-east-1"]
    assert "path is not" in details["us-west-2"]


@pytest.mark.usefixtures("aws")
def test_sni_off_and_settings_drift_fail(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"check_us-east-1": True})
    regional = regional_hostname("us-east-1", settings.domain_name)
    path = health_resource_path(settings.base_path, SECRET)
    create_check("us-east-1", regional, path, EnableSNI=False, FailureThreshold=5)

    rows = run(settings, endpoint_deps(settings)[0])

    bad = {r.check: r.detail for r in rows if r.outcome is Outcome.FAIL}
    assert set(bad) == {"health check target", "health check settings"}, render(rows)
    assert bad["health check target"] == "has SNI off (API Gateway custom domains need it)"
    assert bad["health check settings"] == (
        "every 30 s, unhealthy after 5, checkers in eu-west-1, us-east-1, us-west-2 "
        "(stack config: every 30 s, after 3, checkers in eu-west-1, us-east-1, us-west-2)"
    )


@pytest.mark.usefixtures("aws")
def test_missing_and_inverted_health_checks_fail(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings, **{"check_us-west-2": True})
    check = boto3.client("route53", region_name="us-east-1").list_health_checks()["HealthChecks"]
    # moto forgets the checker regions on an update that leaves them out; AWS keeps them.
    boto3.client("route53", region_name="us-east-1").update_health_check(
        HealthCheckId=check[0]["Id"], Inverted=True, Regions=list(settings.health_check.regions)
    )

    rows = run(settings, endpoint_deps(settings)[0])

    bad = {r.check: r.detail for r in rows if r.outcome is Outcome.FAIL}
    assert bad == {
        "health check": f"none tagged stack={STACK} region=us-west-2",
        "health check status": "inverted (a failover drill is running?): "
        "UNHEALTHY (0/1 checkers count it healthy)",
    }


@pytest.mark.usefixtures("aws")
def test_a_health_check_left_over_from_a_removed_region_fails(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    path = health_resource_path(settings.base_path, SECRET)
    create_check("eu-west-1", regional_hostname("eu-west-1", settings.domain_name), path)

    row = only_failure(run(settings, endpoint_deps(settings)[0]))

    assert (row.check, row.target) == ("health check", "eu-west-1")
    assert "eu-west-1 is not a region of the stack (left over?)" in row.detail


def test_tls_name_mismatch_and_failed_handshake_fail(settings: ApiSettings) -> None:
    regional = regional_hostname("us-west-2", settings.domain_name)

    def tls(hostname: str) -> TlsAnswer:
        if hostname == settings.domain_name:
            return TlsAnswer(True, ("other.example.com",), NOW + timedelta(days=30))
        if hostname == regional:
            return TlsAnswer(False, error="certificate has expired")
        return good_tls(hostname)

    deps, _ = endpoint_deps(settings)
    deps.tls = tls
    rows = tls_rows(hostnames(settings), deps)

    assert [(r.target, r.outcome) for r in rows] == [
        (settings.domain_name, Outcome.FAIL),
        (regional_hostname("us-east-1", settings.domain_name), Outcome.PASS),
        (regional, Outcome.FAIL),
    ]
    assert rows[0].detail == "certificate does not cover the name (has other.example.com)"
    assert rows[2].detail == "handshake failed: certificate has expired"


def test_missing_aaaa_and_wrong_region_fail(settings: ApiSettings) -> None:
    deps, _api = endpoint_deps(settings, nearest="eu-west-1")
    deps.resolve = lambda name, kind: () if kind == "AAAA" else ("192.0.2.1",)

    dns = dns_rows([settings.domain_name], deps)
    hello = hello_rows(
        {"us-east-1": f"https://{regional_hostname('us-west-2', settings.domain_name)}"},
        f"https://{settings.domain_name}",
        settings.regions,
        deps,
    )

    assert [(r.check, r.outcome, r.detail) for r in dns] == [
        ("dns A", Outcome.PASS, "192.0.2.1"),
        ("dns AAAA", Outcome.FAIL, "no AAAA record"),
    ]
    assert [r.outcome for r in hello] == [Outcome.FAIL, Outcome.FAIL]
    assert hello[0].detail == "HTTP 200, region us-west-2"
    assert hello[1].detail == "HTTP 200, region eu-west-1"


@pytest.mark.usefixtures("aws")
def test_replication_never_arriving_fails_after_a_bounded_wait(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    deps, api = endpoint_deps(settings, lag=None)

    rows = run(settings, deps)

    bad = [r for r in rows if r.outcome is Outcome.FAIL]
    assert [r.target for r in bad] == ["us-east-1 -> us-west-2", "us-west-2 -> us-east-1"]
    assert all(r.detail == "not readable after 5 s (last read: HTTP 404)" for r in bad)
    # Bounded: each writer waited the timeout once (5 s each on the fake clock), then cleaned up.
    assert deps.clock() == pytest.approx(10.0, abs=0.5)
    assert len([c for c in api.calls if c[0] == "DELETE"]) == 2
    assert exit_code(rows) == 1


# -- the command line ------------------------------------------------------------------------


def test_no_credentials_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = main(["--project-dir", str(PROJECT), "verify", "--stack", STACK])

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: no AWS credentials")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["verify", "--stack", "nope"], "no such stack 'nope'"),
        (["verify", "--stack", STACK, "--port", "8080"], "--port is for --local"),
        (["verify", "--stack", STACK, "--outputs", "/nonexistent.json"], "cannot read --outputs"),
        (["verify", "--stack", STACK, "--local", "--port", "99999"], "a port number from 1"),
        (["verify", "--stack", STACK, "--replication-timeout", "0"], "a positive number"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(["--project-dir", str(PROJECT), *argv])
    except SystemExit as exc:  # argparse's own checks exit from the parser
        code = exc.code

    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert message in err


def test_outputs_file_must_name_functions_by_region(tmp_path: Path) -> None:
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"functionNames": ["a", "b"]}))
    with pytest.raises(OpsError, match="functionNames must map region to function name"):
        load_outputs(path)
    path.write_text("not json")
    with pytest.raises(OpsError, match="is not JSON"):
        load_outputs(path)


def test_render_lines_up_columns_and_sums_up() -> None:
    rows = [
        Row("tls", "api.us.example.com", Outcome.PASS, "valid"),
        Row("replication", "us-east-1 -> us-west-2", Outcome.FAIL, "not readable"),
        Row("table", "x", Outcome.SKIP, "skipped (local)"),
    ]
    lines = render(rows).splitlines()
    assert lines[0].split() == ["check", "target", "result", "detail"]
    assert lines[3].startswith("replication  us-east-1 -> us-west-2  FAIL")
    assert lines[-1] == "FAILED: 1 passed, 1 failed, 1 skipped"
    assert exit_code(rows[:1]) == 0
    assert exit_code(rows) == 1


def test_a_certificate_that_is_not_being_renewed_fails(settings: ApiSettings) -> None:
    deps, _ = endpoint_deps(settings)
    deps.tls = lambda name: TlsAnswer(True, (name,), NOW + timedelta(days=12))

    rows = tls_rows([settings.domain_name], deps)

    assert rows[0].outcome is Outcome.FAIL
    assert rows[0].detail.startswith("valid, expires 2026-12-04 (12 days); renewal overdue")


@pytest.mark.usefixtures("aws")
def test_an_unreachable_endpoint_fails_its_row_not_the_run(settings: ApiSettings) -> None:
    deploy_functions_and_checks(settings)
    real = clients_for(settings)

    def clients(service: str, region: str) -> Any:
        if service == "ssm" and region == "us-west-2":
            return boto3.client(service, region_name=region, endpoint_url="http://127.0.0.1:9")
        return real(service, region)

    aws_deps = AwsDeps(
        route53=boto3.client("route53", region_name="us-east-1"),
        clients=clients,
        endpoints=endpoint_deps(settings)[0],
        outputs=StackOutputs(),
    )
    rows = verify_aws(STACK, settings, aws_deps)

    row = only_failure(rows)
    assert (row.check, row.target.split()[0]) == ("layer = powertools ssm", "us-west-2")
    assert "Could not connect to the endpoint URL" in row.detail
