"""The Region switch drill against botocore's own ARC Region switch model.

moto does not implement ``arc-region-switch``, so each test drives a real client through
``botocore.stub.Stubber``: every request and every scripted response is validated against the
service model, and the test fails on a call it did not script.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from botocore.stub import ANY, Stubber
from multi_region_api.components.args import ApiSettings, resolve_args
from multi_region_api.ops.__main__ import main
from multi_region_api.ops.drill import EXIT_INTERRUPTED, EXIT_TIMEOUT
from multi_region_api.ops.region_switch_execution import (
    RegionSwitchDrill,
    SwitchDeps,
    duration_seconds,
)
from multi_region_api.ops.stack_settings import OpsError

from tests.integration.ops.fake_clock import Clock

PLAN_ARN = "arn:aws:arc-region-switch::123456789012:plan/us-api:abc123"
EAST, WEST = "us-east-1", "us-west-2"
T0 = datetime(2025, 9, 1, 12, 0, 0, tzinfo=UTC)


def settings_for(regions: list[str], routing: dict[str, Any], *, on: bool = True) -> ApiSettings:
    return resolve_args(
        {
            "regions": regions,
            "domain_name": "api.us.example.com",
            "hosted_zone_id": "Z0123456789EXAMPLE",
            "region_switch": on,
            "routing": routing,
        }
    )


ACTIVE_ACTIVE = settings_for([EAST, WEST], {"policy": "latency"})
ACTIVE_PASSIVE = settings_for([EAST, WEST], {"policy": "failover", "primary_region": EAST})


class Arc:
    """One stubbed client; ``client_for`` records the regions the drill asked for."""

    def __init__(self, region: str) -> None:
        self.client = boto3.client(
            "arc-region-switch",
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        self.stub = Stubber(self.client)
        self.regions: list[str] = []

    def client_for(self, region: str) -> Any:
        self.regions.append(region)
        return self.client

    def plans(self, approach: str = "activeActive", **extra: Any) -> None:
        """Two pages: another stack's plan, then ours."""
        other = {**plan_summary(approach), "name": "eu-api", "arn": PLAN_ARN.replace("us-", "eu-")}
        self.stub.add_response("list_plans_in_region", {"plans": [other], "nextToken": "p2"}, {})
        self.stub.add_response(
            "list_plans_in_region",
            {"plans": [{**plan_summary(approach), **extra}]},
            {"nextToken": "p2"},
        )

    def start(self, action: str, target: str, execution_id: str, **params: Any) -> None:
        expected = {
            "planArn": PLAN_ARN,
            "targetRegion": target,
            "action": action,
            "mode": "graceful",
            "comment": ANY if "comment" not in params else params.pop("comment"),
            "clientToken": "token-1",
            **params,
        }
        self.stub.add_response("start_plan_execution", {"executionId": execution_id}, expected)

    def poll(
        self,
        execution_id: str,
        state: str,
        events: list[list[dict[str, Any]]] | None = None,
        **execution: Any,
    ) -> None:
        """One GetPlanExecution and one ListPlanExecutionEvents, the events in pages."""
        ids = {"planArn": PLAN_ARN, "executionId": execution_id}
        self.stub.add_response(
            "get_plan_execution",
            {
                **ids,
                "startTime": T0,
                "mode": "graceful",
                "executionState": state,
                "executionAction": "deactivate",
                "executionRegion": WEST,
                **execution,
            },
            ids,
        )
        pages = events or [[]]
        for i, page in enumerate(pages):
            token = {"nextToken": f"e{i + 1}"} if i + 1 < len(pages) else {}
            self.stub.add_response(
                "list_plan_execution_events",
                {"items": page, **token},
                {**ids, **({"nextToken": f"e{i}"} if i else {})},
            )


def plan_summary(approach: str) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "arn": PLAN_ARN,
        "owner": "123456789012",
        "name": "us-api",
        "regions": [EAST, WEST],
        "recoveryApproach": approach,
        "recoveryTimeObjectiveMinutes": 3,
    }
    if approach == "activePassive":
        summary["primaryRegion"] = EAST
    return summary


def event(event_id: str, seconds: int, kind: str, step: str = "", **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "eventId": event_id,
        "timestamp": T0 + timedelta(seconds=seconds),
        "type": kind,
        **extra,
    }
    if step:
        found["stepName"] = step
    return found


def finished(state: str, seconds: int, **extra: Any) -> dict[str, Any]:
    """The GetPlanExecution fields of an execution that ended ``seconds`` after T0."""
    return {
        "endTime": T0 + timedelta(seconds=seconds),
        "stepStates": [
            {
                "name": "route53-latency",
                "status": "completed" if state == "completed" else "failed",
                "startTime": T0 + timedelta(seconds=5),
                "endTime": T0 + timedelta(seconds=seconds - 5),
            }
        ],
        **extra,
    }


@pytest.fixture
def arc_west() -> Iterator[Arc]:
    arc = Arc(WEST)
    with arc.stub:
        yield arc
        arc.stub.assert_no_pending_responses()


def make_drill(
    settings: ApiSettings, arc: Arc, lines: list[str], **kwargs: Any
) -> tuple[RegionSwitchDrill, Clock]:
    clock = Clock()
    deps = SwitchDeps(
        client_for=arc.client_for,
        clock=clock,
        sleep=clock.sleep,
        out=lines.append,
        client_token=lambda: "token-1",
    )
    return RegionSwitchDrill("us", settings, deps, poll_seconds=10, **kwargs), clock


EXECUTION = "us-west-2/0123456789abcdef"


@pytest.mark.parametrize(
    ("settings", "approach", "direction", "region", "action", "target", "client_region"),
    [
        (ACTIVE_ACTIVE, "activeActive", "to", WEST, "deactivate", EAST, WEST),
        (ACTIVE_ACTIVE, "activeActive", "out", EAST, "deactivate", EAST, WEST),
        (ACTIVE_ACTIVE, "activeActive", "in", EAST, "activate", EAST, EAST),
        (ACTIVE_PASSIVE, "activePassive", "to", WEST, "activate", WEST, WEST),
        (ACTIVE_PASSIVE, "activePassive", "to", EAST, "activate", EAST, EAST),
    ],
)
def test_each_direction_asks_the_data_plane_of_the_region_that_serves_after_it(
    settings: ApiSettings,
    approach: str,
    direction: str,
    region: str,
    action: str,
    target: str,
    client_region: str,
) -> None:
    arc = Arc(client_region)
    lines: list[str] = []
    drill, _ = make_drill(settings, arc, lines)
    with arc.stub:
        arc.plans(approach)
        arc.start(
            action,
            target,
            EXECUTION,
            comment=f"multi-region-api drill --stack us switch --{direction} {region}",
        )
        arc.poll(EXECUTION, "completed", **finished("completed", 60))
        assert drill.start(direction, region) == 0
        arc.stub.assert_no_pending_responses()
    assert arc.regions == [client_region]
    assert lines[0].startswith(f"us-api: {action} {target} (graceful), execution {EXECUTION}")


def test_mode_and_comment_are_passed_through(arc_west: Arc) -> None:
    drill, _ = make_drill(ACTIVE_PASSIVE, arc_west, [])
    arc_west.plans("activePassive")
    arc_west.start("activate", WEST, EXECUTION, mode="ungraceful", comment="game day")
    arc_west.poll(EXECUTION, "completed", **finished("completed", 60))
    assert drill.start("to", WEST, mode="ungraceful", comment="game day") == 0


def test_events_print_once_across_polls_and_pages_then_the_report(arc_west: Arc) -> None:
    lines: list[str] = []
    drill, clock = make_drill(ACTIVE_ACTIVE, arc_west, lines)
    started = event("e1", 1, "executionStarted", description="Execution started")
    step = event("e2", 5, "stepStarted", "route53-latency")
    done = event("e3", 55, "stepSucceeded", "route53-latency", description="Health checks set")
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, "inProgress", [[started]])
    arc_west.poll(EXECUTION, "inProgress", [[started], [step]])
    arc_west.poll(
        EXECUTION,
        "completed",
        [[started, step], [done, event("e4", 60, "executionSucceeded")]],
        actualRecoveryTime="PT1M",
        **finished("completed", 62),
    )

    assert drill.start("to", WEST) == 0

    assert clock.now == 20
    assert lines[1:] == [
        "  12:00:01 executionStarted: Execution started",
        "state: inProgress",
        "  12:00:05 stepStarted route53-latency",
        "  12:00:55 stepSucceeded route53-latency: Health checks set",
        "  12:01:00 executionSucceeded",
        "state: completed",
        f"execution {EXECUTION}: completed",
        "  wall time 12:00:00 -> 12:01:02 UTC: 62 s",
        "  ARC actual recovery time: PT1M (60 s)",
        "  step route53-latency: completed, 52 s",
        "  recovery time objective 3 min: measured 60 s (ARC) = 0.33x, within the objective",
    ]


def test_a_pause_is_printed_once_and_watching_goes_on(arc_west: Arc) -> None:
    lines: list[str] = []
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, lines)
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, "pendingManualApproval")
    arc_west.poll(EXECUTION, "pendingManualApproval")
    arc_west.poll(EXECUTION, "completed", **finished("completed", 400))

    assert drill.start("to", WEST) == 0

    states = [line for line in lines if line.startswith("state: ")]
    assert states == [
        "state: pendingManualApproval (waiting for a manual approval step in the ARC console)",
        "state: completed",
    ]
    # No actualRecoveryTime: the wall time is measured against the objective.
    assert lines[-1] == (
        "  recovery time objective 3 min: measured 400 s (wall time) = 2.22x, OVER the objective"
    )


@pytest.mark.parametrize("state", ["failed", "canceled", "planExecutionTimedOut"])
def test_an_execution_that_did_not_complete_exits_1(arc_west: Arc, state: str) -> None:
    lines: list[str] = []
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, lines)
    failure = event("e1", 30, "stepFailed", "route53-latency", error="AccessDenied on zone")
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, state, [[failure]], **finished(state, 40))

    assert drill.start("to", WEST) == 1
    assert "  12:00:30 stepFailed route53-latency: error: AccessDenied on zone" in lines
    assert f"execution {EXECUTION}: {state}" in lines
    assert "  step route53-latency: failed, 30 s" in lines


def test_completed_with_exceptions_is_a_failure(arc_west: Arc) -> None:
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, [])
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, "completedWithExceptions", **finished("completed", 40))
    assert drill.start("to", WEST) == 1


def test_watch_timeout_exits_3_and_says_how_to_watch_again(arc_west: Arc) -> None:
    lines: list[str] = []
    drill, clock = make_drill(ACTIVE_ACTIVE, arc_west, lines, timeout_seconds=10)
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, "inProgress")
    arc_west.poll(EXECUTION, "inProgress")

    assert drill.start("to", WEST) == EXIT_TIMEOUT
    assert clock.now == 10
    assert lines[-1] == (
        f"stopped watching after 10 s; execution {EXECUTION} continues (inProgress); "
        f"watch it again: multi-region-api drill --stack us switch --watch {EXECUTION}"
    )


def test_ctrl_c_stops_watching_and_leaves_the_execution_running(arc_west: Arc) -> None:
    lines: list[str] = []
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, lines)

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    drill.deps.sleep = interrupt
    arc_west.plans()
    arc_west.start("deactivate", EAST, EXECUTION)
    arc_west.poll(EXECUTION, "inProgress")

    assert drill.start("to", WEST) == EXIT_INTERRUPTED
    # No CancelPlanExecution was scripted: the Stubber would have failed the call.
    assert lines[-1] == (
        f"interrupted: stopped watching; execution {EXECUTION} continues. Watch it again: "
        f"multi-region-api drill --stack us switch --watch {EXECUTION}; cancel it: "
        f"aws arc-region-switch cancel-plan-execution --region us-west-2 --plan-arn {PLAN_ARN} "
        f"--execution-id {EXECUTION}"
    )


def test_watch_resumes_on_the_executions_region(arc_west: Arc) -> None:
    lines: list[str] = []
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, lines)
    arc_west.plans()
    arc_west.poll(EXECUTION, "completed", **finished("completed", 60))
    assert drill.resume(EXECUTION) == 0
    assert arc_west.regions == [WEST]


def test_watch_needs_a_region_prefixed_execution_id() -> None:
    drill, _ = make_drill(ACTIVE_ACTIVE, Arc(WEST), [])
    with pytest.raises(OpsError, match="cannot tell the region of execution 'abc'"):
        drill.resume("abc")


def test_an_execution_in_progress_is_not_started_twice(arc_west: Arc) -> None:
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, [])
    arc_west.plans(activePlanExecution=EXECUTION)
    with pytest.raises(OpsError, match=f"in progress .{EXECUTION}.; watch it: .*--watch"):
        drill.start("to", WEST)


def test_plan_not_found_names_the_plan_it_looked_for(arc_west: Arc) -> None:
    drill, _ = make_drill(ACTIVE_ACTIVE, arc_west, [])
    arc_west.stub.add_response("list_plans_in_region", {"plans": []}, {})
    with pytest.raises(OpsError, match="no Region switch plan named 'us-api' in us-west-2") as exc:
        drill.start("to", WEST)
    assert exc.value.exit_code == 2


def test_a_plan_deployed_with_another_approach_asks_for_pulumi_up(arc_west: Arc) -> None:
    drill, _ = make_drill(ACTIVE_PASSIVE, arc_west, [])
    arc_west.plans("activeActive")
    with pytest.raises(OpsError, match="is activeActive but stack 'us' configures activePassive"):
        drill.start("to", WEST)


@pytest.mark.parametrize(
    ("settings", "direction", "region", "message"),
    [
        (ACTIVE_PASSIVE, "out", EAST, r"active/passive plan \(primary us-east-1\): use --to"),
        (ACTIVE_PASSIVE, "in", EAST, "use --to REGION, not --in"),
        (ACTIVE_ACTIVE, "to", "eu-west-1", "no such region 'eu-west-1' in stack 'us'"),
        (
            settings_for([EAST, WEST], {"policy": "latency"}, on=False),
            "to",
            WEST,
            "stack 'us' has no Region switch plan: set regionSwitch: true in Pulumi.us.yaml",
        ),
    ],
)
def test_refused_before_any_request(
    settings: ApiSettings, direction: str, region: str, message: str
) -> None:
    arc = Arc(WEST)
    drill, _ = make_drill(settings, arc, [])
    with arc.stub, pytest.raises(OpsError, match=message) as exc:
        drill.start(direction, region)
    assert exc.value.exit_code == 2
    assert arc.regions == []


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT3M10S", 190), ("PT45S", 45), ("P1DT1H", 90000), ("P1M", None), ("PT", None)],
)
def test_duration_seconds(text: str, seconds: int | None) -> None:
    assert duration_seconds(text) == seconds


# The command line: the stack file decides, errors are one line on stderr and exit 2.


def write_stack(project: Path, regions: list[str], routing: dict[str, Any], on: bool) -> None:
    config = {
        "multi-region-api:regions": regions,
        "multi-region-api:domainName": "api.us.example.com",
        "multi-region-api:hostedZoneId": "Z0123456789EXAMPLE",
        "multi-region-api:routing": routing,
        "multi-region-api:regionSwitch": on,
    }
    (project / "Pulumi.us.yaml").write_text(yaml.safe_dump({"config": config}))


@pytest.mark.parametrize(
    ("regions", "routing", "on", "argv", "message"),
    [
        ([EAST, WEST], {"policy": "latency"}, False, ["--to", WEST], "set regionSwitch: true"),
        ([EAST, WEST], {"policy": "latency"}, True, ["--to", "eu-west-1"], "no such region"),
        (
            [EAST, WEST],
            {"policy": "failover", "primaryRegion": EAST},
            True,
            ["--out", EAST],
            "use --to REGION, not --out",
        ),
        (
            [EAST, WEST, "us-east-2"],
            {"policy": "latency"},
            True,
            ["--to", WEST],
            "exactly 2 regions",
        ),
        (
            [EAST, WEST],
            {"policy": "latency"},
            True,
            ["--watch", "x", "--mode", "ungraceful"],
            "with --watch",
        ),
    ],
)
def test_cli_errors_are_one_line_with_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    regions: list[str],
    routing: dict[str, Any],
    on: bool,
    argv: list[str],
    message: str,
) -> None:
    write_stack(tmp_path, regions, routing, on)
    code = main(["--project-dir", str(tmp_path), "drill", "--stack", "us", "switch", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert message in err


def test_cli_region_switch_off_in_the_repositorys_stack(capsys: pytest.CaptureFixture[str]) -> None:
    project = Path(__file__).resolve().parents[3]
    assert main(["--project-dir", str(project), "drill", "--stack", "eu", "switch", "--out", "x"])
    assert capsys.readouterr().err == (
        "error: stack 'eu' has no Region switch plan: set regionSwitch: true in Pulumi.eu.yaml "
        "and run `pulumi up`\n"
    )


def test_cli_plan_not_found_through_the_real_client_wiring(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_stack(tmp_path, [EAST, WEST], {"policy": "latency"}, True)
    arc = Arc(EAST)
    arc.stub.add_response("list_plans_in_region", {"plans": []}, {})
    asked: list[str] = []

    def arc_client(session: boto3.Session, region: str) -> Any:
        asked.append(region)
        return arc.client

    monkeypatch.setattr("multi_region_api.ops.__main__.arc_client", arc_client)
    argv = ["--project-dir", str(tmp_path), "drill", "--stack", "us", "switch", "--in", EAST]
    with arc.stub:
        assert main(argv) == 2
    assert asked == [EAST]
    assert capsys.readouterr().err == (
        "error: no Region switch plan named 'us-api' in us-east-1 "
        "(is the stack deployed with regionSwitch: true?)\n"
    )
