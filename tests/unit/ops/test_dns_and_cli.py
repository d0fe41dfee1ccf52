"""The global-name probe (with a stub Route 53 and resolver) and the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from multi_region_api.ops.__main__ import main
from multi_region_api.ops.dns_answer import GlobalNameProbe
from multi_region_api.ops.stack_settings import load_settings

PROJECT = Path(__file__).resolve().parents[3]
ADDRESSES = {
    "us-east-1.api.us.example.com": ("2600:1f18::1", "198.51.100.10"),
    "us-west-2.api.us.example.com": ("203.0.113.20",),
    "api.us.example.com": ("203.0.113.20",),
}


def resolve(hostname: str) -> tuple[str, ...]:
    return ADDRESSES.get(hostname, ())


class StubRoute53:
    def __init__(self, answer: list[str] | None) -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []

    def test_dns_answer(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        if self.answer is None:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "TestDNSAnswer")
        return {"RecordData": self.answer}


def test_route53_answer_for_a_client_placed_in_the_region() -> None:
    settings = load_settings("us", PROJECT)
    route53 = StubRoute53(["d-abc.execute-api.us-west-2.amazonaws.com"])
    answer = GlobalNameProbe(route53, resolve).answer(settings, "us-east-1")
    assert route53.calls == [
        {
            "HostedZoneId": settings.hosted_zone_id,
            "RecordName": "api.us.example.com",
            "RecordType": "A",
            "EDNS0ClientSubnetIP": "198.51.100.10",
            "EDNS0ClientSubnetMask": "24",
        }
    ]
    assert answer.regions == ("us-west-2",)
    assert "TestDNSAnswer, client in us-east-1" in answer.describe()


def test_route53_answer_by_address() -> None:
    settings = load_settings("us", PROJECT)
    answer = GlobalNameProbe(StubRoute53(["198.51.100.10"]), resolve).answer(settings, "us-west-2")
    assert answer.regions == ("us-east-1",)


def test_falls_back_to_the_local_resolver_when_route53_cannot_answer() -> None:
    settings = load_settings("us", PROJECT)
    answer = GlobalNameProbe(StubRoute53(None), resolve).answer(settings, "us-east-1")
    assert answer.records == ("203.0.113.20",)
    assert answer.regions == ("us-west-2",)
    assert answer.source.startswith("local resolver")


def test_unresolvable_names_give_an_empty_answer() -> None:
    settings = load_settings("eu", PROJECT)
    route53 = StubRoute53(["192.0.2.1"])
    answer = GlobalNameProbe(route53, resolve).answer(settings, "eu-west-1")
    assert route53.calls == []  # no address to place the client with
    assert answer.regions == ()


def test_cost_command_prints_both_stacks(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project-dir", str(PROJECT), "cost"]) == 0
    out = capsys.readouterr().out
    assert "### stack `us`" in out
    assert "### stack `eu`" in out
    assert out.count("| **stack total** | **$14.47** | **$26.08** |") == 2
    assert "This stack costs 0.55x the published-examples configuration" in out


def test_failover_time_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project-dir", str(PROJECT), "failover-time", "--stack", "eu"]) == 0
    assert capsys.readouterr().out == (
        "eu (latency routing): detection 60-90 s + DNS TTL 60 s = worst case 150 s\n"
        "  eu-west-1 down: the clients routed to it, up to 150 s (nearest healthy region)\n"
        "  eu-central-1 down: the clients routed to it, up to 150 s (nearest healthy region)\n"
    )


def test_errors_are_one_line_with_a_non_zero_exit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project-dir", str(PROJECT), "drill", "--stack", "prod", "status"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: no such stack 'prod'")


@pytest.mark.parametrize(
    "argv",
    [
        ["switch"],
        ["switch", "--to", "us-west-2", "--out", "us-east-1"],
        ["switch", "--in", "us-east-1", "--watch", "us-east-1/0123456789abcdef"],
        ["switch", "--to", "us-west-2", "--mode", "fast"],
    ],
)
def test_switch_takes_exactly_one_direction_and_a_known_mode(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--project-dir", str(PROJECT), "drill", "--stack", "us", *argv])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("multi-region-api drill switch: error: ")
    assert err.endswith("; see 'multi-region-api drill switch --help'\n")


def test_switch_with_watch_takes_no_start_options(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["drill", "--stack", "us", "switch", "--watch", "us-east-1/0123456789abcdef"]
    assert main(["--project-dir", str(PROJECT), *argv, "--comment", "x"]) == 2
    assert capsys.readouterr().err == (
        "error: --mode and --comment start an execution; leave them out with --watch\n"
    )
