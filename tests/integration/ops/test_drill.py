"""The drill against moto's Route 53.

moto answers ``GetHealthCheckStatus`` with one checker reporting success and does not implement
``TestDNSAnswer``, so the DNS probe is injected: a scripted sequence of answers stands in for
Route 53 moving the global name.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from multi_region_api.components.args import ApiSettings
from multi_region_api.ops.dns_answer import DnsAnswer
from multi_region_api.ops.drill import (
    EXIT_INTERRUPTED,
    EXIT_TIMEOUT,
    Drill,
    DrillDeps,
    route53_client,
)
from multi_region_api.ops.route53_health import find_health_checks
from multi_region_api.ops.stack_settings import OpsError, load_settings

from tests.integration.ops.fake_clock import Clock

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture
def settings() -> ApiSettings:
    return load_settings("us", PROJECT)


@pytest.fixture
def route53(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield boto3.client("route53", region_name="us-east-1")


def create_check(client: Any, tags: dict[str, str], ref: str) -> str:
    check = client.create_health_check(
        CallerReference=ref,
        HealthCheckConfig={
            "Type": "HTTPS",
            "FullyQualifiedDomainName": f"{tags.get('region', 'x')}.api.us.example.com",
            "Port": 443,
            "ResourcePath": "/health?healthCheckerId=s",
            "RequestInterval": 30,
            "FailureThreshold": 3,
        },
    )["HealthCheck"]["Id"]
    client.change_tags_for_resource(
        ResourceType="healthcheck",
        ResourceId=check,
        AddTags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    return check


@pytest.fixture
def checks(route53: Any) -> dict[str, str]:
    ids = {
        region: create_check(route53, {"stack": "us", "region": region, "component": "api"}, region)
        for region in ("us-east-1", "us-west-2")
    }
    create_check(route53, {"stack": "eu", "region": "us-east-1"}, "other-stack")
    create_check(route53, {"Name": "unrelated"}, "untagged")
    return ids


class ScriptedProbe:
    """Answers for the failed region's clients: ``regions[i]`` at the i-th poll, then the last."""

    def __init__(self, *regions: tuple[str, ...]) -> None:
        self.regions = list(regions)
        self.calls = 0

    def __call__(self, settings: ApiSettings, client_region: str) -> DnsAnswer:
        answer = self.regions[min(self.calls, len(self.regions) - 1)]
        self.calls += 1
        return DnsAnswer(settings.domain_name, "scripted", ("192.0.2.1",), answer)


def make_drill(
    settings: ApiSettings, route53: Any, probe: ScriptedProbe, lines: list[str], **kwargs: Any
) -> tuple[Drill, Clock]:
    clock = Clock()
    deps = DrillDeps(route53=route53, probe=probe, clock=clock, sleep=clock.sleep, out=lines.append)
    return Drill("us", settings, deps, poll_seconds=10, **kwargs), clock


def inverted(route53: Any, check_id: str) -> bool:
    config = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
    return bool(config.get("Inverted"))


def test_finds_the_stacks_health_checks_by_tag(route53: Any, checks: dict[str, str]) -> None:
    found = find_health_checks(route53, "us")
    assert {region: [ref.id for ref in refs] for region, refs in found.items()} == {
        region: [check] for region, check in checks.items()
    }
    assert find_health_checks(route53, "nope") == {}


def test_fail_inverts_and_measures_time_until_the_answer_moves(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    lines: list[str] = []
    probe = ScriptedProbe(("us-east-1",), ("us-east-1",), ("us-east-1",), ("us-west-2",))
    drill, clock = make_drill(settings, route53, probe, lines)

    assert drill.fail("us-east-1") == 0

    assert inverted(route53, checks["us-east-1"])
    assert not inverted(route53, checks["us-west-2"])
    assert clock.now == 30  # three sleeps of 10 s before the fourth poll saw us-west-2
    # moto's one checker reports success; inverted, that counts as unhealthy.
    assert "checkers: UNHEALTHY (0/1 checkers count it healthy)" in lines[1]
    assert "time to failover: measured 30 s; model: detection 60-90 s" in "\n".join(lines)
    assert "worst case 150 s" in "\n".join(lines)


def test_restore_reverts_the_inversion_and_waits_for_the_region(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    route53.update_health_check(HealthCheckId=checks["us-west-2"], Inverted=True)
    lines: list[str] = []
    drill, clock = make_drill(
        settings, route53, ScriptedProbe(("us-east-1",), ("us-west-2",)), lines
    )

    assert drill.restore("us-west-2") == 0

    assert not inverted(route53, checks["us-west-2"])
    assert clock.now == 10
    assert "time to recovery: 10 s" in lines[-1]


def test_restore_of_a_region_not_failed_changes_nothing(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    lines: list[str] = []
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), lines)
    assert drill.restore("us-east-1") == 0
    assert lines == [
        f"us-east-1 is not failed (health check {checks['us-east-1']} is not inverted)"
    ]


def test_ctrl_c_while_watching_restores(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    lines: list[str] = []
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), lines)

    def interrupt(seconds: float) -> None:
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        raise KeyboardInterrupt

    drill.deps.sleep = interrupt
    before = signal.getsignal(signal.SIGINT)

    assert drill.fail("us-east-1") == EXIT_INTERRUPTED
    assert not inverted(route53, checks["us-east-1"])
    assert signal.getsignal(signal.SIGINT) is before
    assert lines[-1].startswith("interrupted: restored us-east-1")


def test_timeout_leaves_the_region_failed_and_says_how_to_restore(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    lines: list[str] = []
    drill, clock = make_drill(
        settings, route53, ScriptedProbe(("us-east-1",)), lines, timeout_seconds=25
    )
    assert drill.fail("us-east-1") == EXIT_TIMEOUT
    assert inverted(route53, checks["us-east-1"])
    assert clock.now == 30
    assert "restore with: multi-region-api drill --stack us restore us-east-1" in lines[-1]


def test_an_empty_answer_is_not_a_failover(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    lines: list[str] = []
    drill, _ = make_drill(settings, route53, ScriptedProbe((), ("us-west-2",)), lines)
    assert drill.fail("us-east-1") == 0
    assert "answer for us-east-1 clients: none" in lines[1]
    assert "measured 10 s" in "\n".join(lines)


def test_status_lists_every_region_and_the_answers(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    route53.update_health_check(HealthCheckId=checks["us-west-2"], Inverted=True)
    lines: list[str] = []
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), lines)
    assert drill.status() == 0
    assert lines[0] == f"us-east-1: {checks['us-east-1']} healthy (1/1 checkers count it healthy)"
    assert lines[1] == (
        f"us-west-2: {checks['us-west-2']} INVERTED (drill) "
        "UNHEALTHY (0/1 checkers count it healthy)"
    )
    assert lines[-1].startswith("failover model: detection 60-90 s")


@pytest.mark.parametrize(
    ("action", "region", "message"),
    [
        ("fail", "eu-west-1", "no such region 'eu-west-1' in stack 'us'"),
        ("restore", "ap-south-1", "no such region 'ap-south-1' in stack 'us'"),
    ],
)
def test_unknown_region(
    settings: ApiSettings,
    route53: Any,
    checks: dict[str, str],
    action: str,
    region: str,
    message: str,
) -> None:
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), [])
    with pytest.raises(OpsError, match=message):
        getattr(drill, action)(region)


def test_health_check_not_found(settings: ApiSettings, route53: Any) -> None:
    create_check(route53, {"stack": "us", "region": "us-west-2"}, "only-west")
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), [])
    with pytest.raises(
        OpsError, match="health check not found: none tagged stack=us region=us-east-1"
    ):
        drill.fail("us-east-1")


def test_already_failed(settings: ApiSettings, route53: Any, checks: dict[str, str]) -> None:
    route53.update_health_check(HealthCheckId=checks["us-east-1"], Inverted=True)
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), [])
    with pytest.raises(OpsError, match="us-east-1 is already failed"):
        drill.fail("us-east-1")


def test_refuses_to_fail_the_last_region(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    route53.update_health_check(HealthCheckId=checks["us-west-2"], Inverted=True)
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), [])
    with pytest.raises(OpsError, match="last region not failed"):
        drill.fail("us-east-1")
    assert not inverted(route53, checks["us-east-1"])


def test_two_checks_for_one_region_are_a_conflict(
    settings: ApiSettings, route53: Any, checks: dict[str, str]
) -> None:
    create_check(route53, {"stack": "us", "region": "us-east-1"}, "duplicate")
    drill, _ = make_drill(settings, route53, ScriptedProbe(("us-east-1",)), [])
    with pytest.raises(
        OpsError, match="more than one health check tagged stack=us region=us-east-1"
    ):
        drill.status()


def test_no_such_stack() -> None:
    with pytest.raises(OpsError, match=r"no such stack 'staging'.*\(stacks: eu, us\)"):
        load_settings("staging", PROJECT)


def test_no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", raising=False)
    monkeypatch.delenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", raising=False)
    monkeypatch.delenv("AWS_WEB_IDENTITY_TOKEN_FILE", raising=False)
    with pytest.raises(OpsError, match="no AWS credentials"):
        route53_client(boto3.Session())
