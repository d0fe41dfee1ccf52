"""Region switch drill: start the stack's ARC Region switch plan, watch the execution, report it.

``drill --stack us switch --to us-west-2`` runs the plan that ``components.region_switch``
deploys, the same execution a region's health alarm starts in an outage, so a drill practises the
path that will actually run and measures it against the plan's recovery time objective.

Every call goes to the regional data plane of the region that serves traffic after the switch:
ARC runs an execution from there, and a switch away from an impaired region must not depend on
that region. That is also why the plan is found with ``ListPlansInRegion`` and not ``ListPlans``,
whose control plane is in us-east-1. Stopping the watch (timeout, Ctrl-C) never stops the
execution; the messages say how to watch it again or cancel it.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import boto3
from botocore.config import Config
from multi_region_api.components.args import ApiSettings
from multi_region_api.components.aws_limits import region_switch_plan_name
from multi_region_api.components.region_switch import ACTIVE_PASSIVE, recovery_approach
from multi_region_api.components.stack_config import STACK_COMPONENT
from multi_region_api.handlers.contract import PROJECT_NAME

from .drill import EXIT_INTERRUPTED, EXIT_TIMEOUT, require_credentials
from .stack_settings import OpsError

ARC_CONFIG = Config(
    connect_timeout=5,
    read_timeout=15,
    retries={"total_max_attempts": 5, "mode": "standard"},
)
SUCCEEDED = frozenset({"completed", "completedMonitoringApplicationHealth"})
FAILED = frozenset({"failed", "canceled", "planExecutionTimedOut", "completedWithExceptions"})
WAITING = {
    "pending": "waiting to start",
    "pausedByFailedStep": "a step failed; retry or skip it in the ARC console, or cancel",
    "pausedByOperator": "paused by an operator; resume it in the ARC console, or cancel",
    "pendingManualApproval": "waiting for a manual approval step in the ARC console",
}
_DURATION = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def arc_client(session: boto3.Session, region: str) -> Any:
    """An ARC Region switch client on ``region``'s data plane (see the module docstring)."""
    require_credentials(session)
    return session.client("arc-region-switch", region_name=region, config=ARC_CONFIG)


def new_client_token() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Switch:
    """What to ask of the plan, and the region whose data plane runs it."""

    action: str
    target_region: str
    client_region: str


def require_region_switch(stack: str, settings: ApiSettings) -> None:
    if not settings.region_switch:
        raise OpsError(
            f"stack {stack!r} has no Region switch plan: set regionSwitch: true in "
            f"Pulumi.{stack}.yaml and run `pulumi up`"
        )


def choose_switch(stack: str, settings: ApiSettings, direction: str, region: str) -> Switch:
    """``--to``/``--out``/``--in REGION`` as the plan's action and target region.

    Active/passive plans only activate (the standby, or the primary on the way back). Active/active
    plans deactivate a region and activate it again; ``--to`` takes the other region out (a plan
    spans exactly two regions).
    """
    require_region_switch(stack, settings)
    if region not in settings.regions:
        raise OpsError(
            f"no such region {region!r} in stack {stack!r} (regions: {', '.join(settings.regions)})"
        )
    (other,) = (r for r in settings.regions if r != region)
    if recovery_approach(settings) == ACTIVE_PASSIVE:
        if direction != "to":
            raise OpsError(
                f"stack {stack!r} has an active/passive plan (primary "
                f"{settings.routing.primary_region}): use --to REGION, not --{direction}"
            )
        return Switch("activate", region, region)
    if direction == "to":
        return Switch("deactivate", other, region)
    if direction == "out":
        return Switch("deactivate", region, other)
    return Switch("activate", region, region)


def execution_region(stack: str, settings: ApiSettings, execution_id: str) -> str:
    """The region an execution runs in: ARC's execution ids are ``REGION/HEX``."""
    region, slash, _ = execution_id.partition("/")
    if not slash or region not in settings.regions:
        raise OpsError(
            f"cannot tell the region of execution {execution_id!r}: expected REGION/ID with a "
            f"region of stack {stack!r} ({', '.join(settings.regions)})"
        )
    return region


@dataclass(frozen=True)
class PlanRef:
    arn: str
    name: str
    recovery_approach: str
    regions: tuple[str, ...]
    rto_minutes: int | None
    active_execution: str | None


def find_plan(client: Any, name: str) -> PlanRef:
    """The plan named ``name`` among the plans ``client``'s region serves, or a one-line error."""
    for page in client.get_paginator("list_plans_in_region").paginate():
        for plan in page.get("plans", []):
            if plan["name"] == name:
                return PlanRef(
                    arn=plan["arn"],
                    name=name,
                    recovery_approach=plan["recoveryApproach"],
                    regions=tuple(plan.get("regions", ())),
                    rto_minutes=plan.get("recoveryTimeObjectiveMinutes"),
                    active_execution=plan.get("activePlanExecution"),
                )
    raise OpsError(
        f"no Region switch plan named {name!r} in {client.meta.region_name} "
        "(is the stack deployed with regionSwitch: true?)"
    )


def duration_seconds(text: str) -> int | None:
    """ARC's ISO 8601 durations (``PT3M10S``); None for a form without a fixed length."""
    match = _DURATION.fullmatch(text)
    if match is None or text in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def _clock_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%H:%M:%S")


def describe_event(event: dict[str, Any]) -> str:
    """``12:00:05 stepFailed route53-latency: description; error: ...``."""
    when = event.get("timestamp")
    head = " ".join(
        part
        for part in (
            _clock_time(when) if when else "--:--:--",
            event.get("type", "unknown"),
            event.get("stepName"),
        )
        if part
    )
    details = [event.get("description"), event.get("error") and f"error: {event['error']}"]
    detail = "; ".join(d for d in details if d)
    return f"  {head}: {detail}" if detail else f"  {head}"


def report(plan: PlanRef, execution: dict[str, Any]) -> list[str]:
    """The final state, the wall and ARC times, each step, and the time against the objective."""
    lines = [f"execution {execution['executionId']}: {execution['executionState']}"]
    start, end = execution["startTime"], execution.get("endTime")
    wall = None
    if end:
        wall = (end - start).total_seconds()
        lines.append(f"  wall time {_clock_time(start)} -> {_clock_time(end)} UTC: {wall:.0f} s")
    arc_text = execution.get("actualRecoveryTime")
    arc = duration_seconds(arc_text) if arc_text else None
    if arc_text:
        lines.append(
            f"  ARC actual recovery time: {arc_text}" + (f" ({arc} s)" if arc is not None else "")
        )
    for step in execution.get("stepStates", []):
        started, ended = step.get("startTime"), step.get("endTime")
        took = f", {(ended - started).total_seconds():.0f} s" if started and ended else ""
        lines.append(f"  step {step.get('name', '?')}: {step.get('status', 'unknown')}{took}")
    measured, source = (arc, "ARC") if arc is not None else (wall, "wall time")
    if plan.rto_minutes and measured is not None:
        ratio = measured / (plan.rto_minutes * 60)
        verdict = "within" if ratio <= 1 else "OVER"
        lines.append(
            f"  recovery time objective {plan.rto_minutes} min: measured {measured:.0f} s "
            f"({source}) = {ratio:.2f}x, {verdict} the objective"
        )
    return lines


@dataclass
class SwitchDeps:
    client_for: Callable[[str], Any]
    """Region -> an ``arc-region-switch`` client on that region's data plane."""
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    out: Callable[[str], None] = field(default=print)
    client_token: Callable[[], str] = new_client_token


class RegionSwitchDrill:
    def __init__(
        self,
        stack: str,
        settings: ApiSettings,
        deps: SwitchDeps,
        *,
        poll_seconds: float = 10,
        timeout_seconds: float = 600,
    ) -> None:
        self.stack = stack
        self.settings = settings
        self.deps = deps
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds

    def _watch_command(self, execution_id: str) -> str:
        return f"{PROJECT_NAME} drill --stack {self.stack} switch --watch {execution_id}"

    def _plan(self, client: Any) -> PlanRef:
        """The stack's plan, as deployed with the approach the stack config gives it."""
        plan = find_plan(client, region_switch_plan_name(self.stack, STACK_COMPONENT))
        configured = recovery_approach(self.settings)
        if plan.recovery_approach != configured:
            raise OpsError(
                f"plan {plan.name!r} is {plan.recovery_approach} but stack {self.stack!r} "
                f"configures {configured}: run `pulumi up` first"
            )
        return plan

    def start(
        self, direction: str, region: str, *, mode: str = "graceful", comment: str | None = None
    ) -> int:
        """Start the switch and watch it. One client token per command: botocore's retries of
        a start that timed out resend it, so ARC answers with the first execution."""
        switch = choose_switch(self.stack, self.settings, direction, region)
        client = self.deps.client_for(switch.client_region)
        plan = self._plan(client)
        if plan.active_execution:
            raise OpsError(
                f"plan {plan.name!r} already has an execution in progress "
                f"({plan.active_execution}); watch it: {self._watch_command(plan.active_execution)}"
            )
        started = client.start_plan_execution(
            planArn=plan.arn,
            targetRegion=switch.target_region,
            action=switch.action,
            mode=mode,
            comment=comment
            or f"{PROJECT_NAME} drill --stack {self.stack} switch --{direction} {region}",
            clientToken=self.deps.client_token(),
        )
        execution_id = started["executionId"]
        self.deps.out(
            f"{plan.name}: {switch.action} {switch.target_region} ({mode}), execution "
            f"{execution_id} from {switch.client_region}; Ctrl-C stops watching, not the switch"
        )
        return self._watch(client, plan, execution_id)

    def resume(self, execution_id: str) -> int:
        """Watch an execution started earlier (after a timeout or Ctrl-C) to its report."""
        require_region_switch(self.stack, self.settings)
        client = self.deps.client_for(execution_region(self.stack, self.settings, execution_id))
        return self._watch(client, self._plan(client), execution_id)

    def _watch(self, client: Any, plan: PlanRef, execution_id: str) -> int:
        """Poll to a final state; each event and each state change is printed once."""
        seen: set[str] = set()
        state = ""
        start = self.deps.clock()
        try:
            while True:
                execution = _execution(client, plan.arn, execution_id)
                for event in _new_events(client, plan.arn, execution_id, seen):
                    self.deps.out(describe_event(event))
                if execution["executionState"] != state:
                    state = execution["executionState"]
                    note = WAITING.get(state)
                    self.deps.out(f"state: {state}" + (f" ({note})" if note else ""))
                if state in SUCCEEDED or state in FAILED:
                    for line in report(plan, execution):
                        self.deps.out(line)
                    return 0 if state in SUCCEEDED else 1
                if self.deps.clock() - start >= self.timeout_seconds:
                    self.deps.out(
                        f"stopped watching after {self.timeout_seconds:.0f} s; execution "
                        f"{execution_id} continues ({state}); watch it again: "
                        f"{self._watch_command(execution_id)}"
                    )
                    return EXIT_TIMEOUT
                self.deps.sleep(self.poll_seconds)
        except KeyboardInterrupt:
            self.deps.out(
                f"interrupted: stopped watching; execution {execution_id} continues. "
                f"Watch it again: {self._watch_command(execution_id)}; cancel it: "
                f"aws arc-region-switch cancel-plan-execution --region {client.meta.region_name} "
                f"--plan-arn {plan.arn} --execution-id {execution_id}"
            )
            return EXIT_INTERRUPTED


def _execution(client: Any, plan_arn: str, execution_id: str) -> dict[str, Any]:
    """``GetPlanExecution`` with the step states of every page."""
    execution: dict[str, Any] = {}
    steps: list[dict[str, Any]] = []
    pages = client.get_paginator("get_plan_execution").paginate(
        planArn=plan_arn, executionId=execution_id
    )
    for page in pages:
        execution = execution or page
        steps.extend(page.get("stepStates", []))
    return {**execution, "stepStates": steps}


def _new_events(
    client: Any, plan_arn: str, execution_id: str, seen: set[str]
) -> Iterable[dict[str, Any]]:
    """The events not printed yet, oldest first; the log is read whole each poll, since its
    last page has no token to continue from."""
    new: list[dict[str, Any]] = []
    pages = client.get_paginator("list_plan_execution_events").paginate(
        planArn=plan_arn, executionId=execution_id
    )
    for page in pages:
        for event in page.get("items", []):
            if event["eventId"] not in seen:
                seen.add(event["eventId"])
                new.append(event)
    return sorted(new, key=lambda e: e.get("timestamp") or datetime.min.replace(tzinfo=UTC))
