"""Owns every piece of a local run: moto, the tables, the region processes, the replicator, the
health probes and the global endpoint; starts them in order and stops them all."""

from __future__ import annotations

import dataclasses
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from pathlib import Path
from typing import Any

from multi_region_api.components.environment import handler_environment
from multi_region_api.components.traffic_dials import traffic_dials
from multi_region_api.handlers import contract
from multi_region_api.local_runtime.accelerator_router import (
    AcceleratorRouting,
    alb_accepts,
    alb_threshold,
)
from multi_region_api.local_runtime.admin import AdminError
from multi_region_api.local_runtime.child_process import ChildProcess, ChildStartError
from multi_region_api.local_runtime.console import Console, LagReporter
from multi_region_api.local_runtime.global_router import GlobalRouter
from multi_region_api.local_runtime.health_prober import HealthProber, HealthState
from multi_region_api.local_runtime.plan import RuntimePlan
from multi_region_api.local_runtime.ports import PortInUse, check_ports_free
from multi_region_api.local_runtime.replication import Replicator
from multi_region_api.local_runtime.routing_policy import policy_for
from multi_region_api.local_runtime.tables import DUMMY_CREDENTIALS, client, create_tables

READY_TIMEOUT_SECONDS = 30.0
WATCH_SECONDS = 0.25
MAX_RESTARTS = 5
"""A child that keeps dying is left down (and reported) after this many restarts."""
_PASSED_THROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR")


def say(line: str) -> None:
    """The runtime's one console line per event (process logs go to their own files)."""
    print(f"local_runtime: {line}", flush=True)


class LocalRuntime:
    """``start()`` returns once the global endpoint serves; ``stop()`` ends every child."""

    def __init__(
        self, plan: RuntimePlan, log_dir: Path | None = None, console: Console | None = None
    ) -> None:
        self.plan = plan
        self.log_dir = log_dir
        self.console = console  # readable lines for a person (``make local``); tests pass None
        self._lag_reporter: LagReporter | None = None
        self._serving_region: str | None = None
        self.force_fail = set(plan.settings.force_fail_regions)
        self.regions: dict[str, ChildProcess] = {}
        self.moto: ChildProcess | None = None
        self.replicator: Replicator | None = None
        self.prober: HealthProber | None = None
        self.router: GlobalRouter | None = None
        self._serving: threading.Thread | None = None
        self._watching: threading.Thread | None = None
        self._stopping = threading.Event()
        self._moto_lock = threading.Lock()
        self.listeners: dict[str, socket.socket] = {}
        self._region_locks = {r: threading.Lock() for r in plan.settings.regions}

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        check_ports_free(plan.all_ports)
        # The router binds first, so a port taken in the meantime fails before any child starts.
        accelerated = plan.settings.global_accelerator
        self.router = GlobalRouter(
            plan.port,
            preference=plan.preference,
            region_ports=plan.region_ports,
            healthy=self._healthy,
            control=self,
            on_request=self.console.request if self.console else None,
            policy=policy_for(plan.settings, plan.preference),
            client_location=plan.client_location,
            **(
                {"chooser": AcceleratorRouting(dials=traffic_dials(plan.settings)).choose}
                if accelerated
                else {}
            ),
        )
        self.moto = ChildProcess(
            "moto server",
            "multi_region_api.local_runtime.moto_server",
            ["--port", str(plan.moto_port)],
            self._base_env(),
            self._log("moto"),
        )
        self.moto.start(READY_TIMEOUT_SECONDS)
        for region in plan.settings.regions:
            self._listen(region)
        streams = create_tables(plan.settings.regions, plan.table_name, plan.moto_url, plan.indexes)
        with ThreadPoolExecutor(max_workers=len(plan.settings.regions)) as pool:
            list(pool.map(self._start_region, plan.settings.regions))
        self.replicator = Replicator(
            plan.table_name,
            streams,
            lambda service, region: client(service, region, plan.moto_url),
            on_error=self._replication_error,
        )
        self.replicator.start()
        if self.console:
            self._lag_reporter = LagReporter(self.replicator.snapshot, self.console)
            self._lag_reporter.start()
        # With Global Accelerator, the ALB target groups' checks decide (see accelerator_router).
        self.prober = HealthProber(
            plan.region_ports,
            plan.health_path,
            plan.interval_seconds,
            alb_threshold(plan.failure_threshold) if accelerated else plan.failure_threshold,
            self._health_changed,
            **({"accepts": alb_accepts} if accelerated else {}),
        )
        self.prober.start()
        self._serving_region = self.router.preferred()
        self._serving = threading.Thread(
            target=self.router.serve_forever, args=(0.1,), name="router", daemon=True
        )
        self._serving.start()
        self._watching = threading.Thread(target=self._watch, name="supervisor", daemon=True)
        self._watching.start()

    def stop(self) -> None:
        """Stop everything that was started, in reverse order; safe to call more than once."""
        self._stopping.set()
        if self._watching:
            self._watching.join(timeout=READY_TIMEOUT_SECONDS)
        if self.router:
            if self._serving:  # shutdown() waits for serve_forever, so only if it ran
                self.router.shutdown()
            self.router.server_close()
            self.router = None
        if self._lag_reporter:
            self._lag_reporter.stop()
        if self.prober:
            self.prober.stop()
        if self.replicator:
            self.replicator.stop()
        with ThreadPoolExecutor(max_workers=max(1, len(self.regions))) as pool:
            list(pool.map(ChildProcess.stop, self.regions.values()))
        for region in list(self.listeners):
            self._unlisten(region)
        if self.moto:
            self.moto.stop()

    def __enter__(self) -> LocalRuntime:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- region processes ------------------------------------------------------------------

    def _base_env(self) -> dict[str, str]:
        """Only what a child needs: nothing of the developer's AWS profile leaks in."""
        env = {k: os.environ[k] for k in _PASSED_THROUGH if k in os.environ}
        env.update(
            PYTHONPATH=self.plan.python_path,
            PYTHONUNBUFFERED="1",
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_ACCESS_KEY_ID=DUMMY_CREDENTIALS["aws_access_key_id"],
            AWS_SECRET_ACCESS_KEY=DUMMY_CREDENTIALS["aws_secret_access_key"],
        )
        return env

    def region_env(self, region: str) -> dict[str, str]:
        """The component's handler environment for ``region``, plus what Lambda and moto add."""
        plan = self.plan
        settings = dataclasses.replace(plan.settings, force_fail_regions=frozenset(self.force_fail))
        return {
            **self._base_env(),
            **handler_environment(
                settings,
                region=region,
                table_name=plan.table_name,
                health_check_secret=plan.health_check_secret,
                region_urls=plan.region_urls,
            ),
            contract.ENV_REGION: region,
            contract.ENV_SHARED_URL: plan.global_url,  # the page's origin, for CORS
            "AWS_DEFAULT_REGION": region,
            "AWS_ENDPOINT_URL_DYNAMODB": plan.moto_url,
            "POWERTOOLS_TRACE_DISABLED": "true",
        }

    def _listen(self, region: str) -> None:
        """The region's listening socket, owned here so a replacement process can take over."""
        port = self.plan.region_ports[region]
        try:
            listener = socket.create_server(("127.0.0.1", port), backlog=128)
        except OSError as exc:
            raise PortInUse(f"port {port} on 127.0.0.1 is not available: {exc.strerror}") from None
        # Two processes wait on it during a switch; when the other one wins a connection, the
        # loser's accept() must fail fast rather than block (and delay its own shutdown).
        listener.setblocking(False)
        self.listeners[region] = listener

    def _unlisten(self, region: str) -> None:
        """Close the socket: queued connections are reset, new ones refused (a dead region)."""
        listener = self.listeners.pop(region, None)
        if listener:
            listener.close()

    def _start_region(self, region: str) -> ChildProcess:
        listener = self.listeners[region].fileno()
        args = ["--region", region, "--fd", str(listener)]
        args += ["--handler", self.plan.handler, "--base-path", self.plan.settings.base_path]
        if self.plan.settings.app is not None:  # its code is picked up on the next request
            args += ["--app-path", str(self.plan.settings.app.path)]
        child = ChildProcess(
            f"region {region}",
            "multi_region_api.local_runtime.region_server",
            args,
            self.region_env(region),
            self._log(region),
            inherit_fds=(listener,),
        )
        child.start(READY_TIMEOUT_SECONDS)
        self.regions[region] = child
        return child

    def _log(self, name: str) -> Path | None:
        return self.log_dir / f"{name}.log" if self.log_dir else None

    # -- health and routing ----------------------------------------------------------------

    def _healthy(self, region: str) -> bool:
        """Route 53's verdict, and no region serves while its DynamoDB (moto) is down: on AWS
        the deep ping finds that out; here the supervisor knows it at once."""
        probed = self.prober.healthy(region) if self.prober else True
        return probed and self._dynamodb_up()

    def _dynamodb_up(self) -> bool:
        return self.moto is not None and self.moto.running() and not self.moto.restarting

    def _health_changed(self, region: str, state: HealthState) -> None:
        if not self.console:
            verdict = "healthy" if state.healthy else "UNHEALTHY"
            say(f"{region} is {verdict} ({state.last_result})")
            return
        self.console.health(region, state.healthy, state.last_result)
        serving = self.router.preferred() if self.router else region
        if self._serving_region and serving != self._serving_region:
            self.console.failover(self._serving_region, serving)
        self._serving_region = serving

    def _replication_error(self, error: str | None) -> None:
        if error is None:
            say("replication works again")
        else:
            say(f"replication is failing (retrying; see /_local/status): {error}")

    # -- watching the children -------------------------------------------------------------

    def _watch(self) -> None:
        """Notice every child that exits without being asked to, and bring it back."""
        while not self._stopping.wait(WATCH_SECONDS):
            moto = self.moto
            if moto and not moto.running() and not moto.stopped_on_purpose:
                self._restart_moto(moto)
            for region, child in list(self.regions.items()):
                if not child.running() and not child.stopped_on_purpose:
                    self._restart_region(region, child)

    def _restart_moto(self, moto: ChildProcess) -> None:
        """Start moto again on its port and refill the tables from the replicator's ledger."""
        plan = self.plan
        code = moto.exit_code()
        if moto.starts > MAX_RESTARTS:
            say(f"moto server exited ({code}) after {MAX_RESTARTS} restarts: left down")
            moto.stopped_on_purpose = True
            return
        say(f"moto server exited ({code}): restarting it, tables restored from replication")
        with self._moto_lock:
            moto.restarting = True
            try:
                moto.start(READY_TIMEOUT_SECONDS)
                streams = create_tables(
                    plan.settings.regions, plan.table_name, plan.moto_url, plan.indexes
                )
                restored = self.replicator.restore(streams) if self.replicator else 0
            except Exception as exc:
                say(f"moto server restart failed: {exc}")
                moto.kill()
                moto.stopped_on_purpose = False
                return
            finally:
                moto.restarting = False
        say(
            f"moto server is back (pid {moto.pid}): {restored} items restored in every region; "
            "writes not yet replicated when it died are lost"
        )

    def _restart_region(self, region: str, child: ChildProcess) -> None:
        with self._region_locks[region]:
            if self.regions.get(region) is not child or child.stopped_on_purpose:
                return  # a drill action got there first
            code = child.exit_code()
            if child.starts > MAX_RESTARTS or region not in self.listeners:
                say(f"region {region} exited ({code}): left down")
                child.stopped_on_purpose = True
                return
            say(f"region {region} exited ({code}): restarting it")
            child.restarting = True
            try:
                child.start(READY_TIMEOUT_SECONDS)
            except ChildStartError as exc:
                say(str(exc))
            finally:
                child.restarting = False

    # -- admin.Control ---------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        plan = self.plan
        regions = {}
        for region, port in plan.region_ports.items():
            child = self.regions.get(region)
            regions[region] = {
                "url": plan.region_urls[region],
                "port": port,
                "process": child.state() if child else "not started",
                "pid": child.pid if child else None,
                "forceFail": region in self.force_fail,
                **(self.prober.snapshot(region) if self.prober else {}),
                "healthy": self._healthy(region),
                "dynamodbUp": self._dynamodb_up(),
            }
        processes: dict[str, Any] = {"moto": self.moto.info() if self.moto else None}
        processes.update({f"region {r}": c.info() for r, c in self.regions.items()})
        processes["replicator"] = {
            "state": self.replicator.state() if self.replicator else "not started"
        }
        return {
            "stack": plan.stack,
            "homeRegion": plan.settings.home_region,
            "globalUrl": plan.global_url,
            "preference": list(plan.preference),
            "preferredRegion": self.router.preferred() if self.router else None,
            "healthCheck": {
                "intervalSeconds": plan.interval_seconds,
                "configuredIntervalSeconds": plan.settings.health_check.interval_seconds,
                "scale": plan.scale,
                "failureThreshold": plan.failure_threshold,
            },
            "regions": regions,
            "processes": processes,
            "replication": self.replicator.snapshot() if self.replicator else None,
        }

    def region_action(self, region: str, action: str) -> dict[str, Any]:
        if region not in self._region_locks:
            raise AdminError(
                HTTPStatus.NOT_FOUND,
                "unknown_region",
                f"{region!r} is not a region of stack {self.plan.stack}",
            )
        with self._region_locks[region]:
            try:
                self._act(region, action)
            except ChildStartError as exc:
                raise AdminError(
                    HTTPStatus.INTERNAL_SERVER_ERROR, "start_failed", str(exc)
                ) from None
        if self.console:
            self.console.action(action, region)
        else:
            say(f"{action} {region}")
        answer: dict[str, Any] = self.status()["regions"][region]
        return answer

    def _act(self, region: str, action: str) -> None:
        child = self.regions[region]
        if action in ("fail", "restore"):
            wanted = action == "fail"
            if (region in self.force_fail) != wanted:
                self.force_fail.symmetric_difference_update({region})
                if child.running():
                    self._replace_region(region, child)
        elif action == "kill":
            child.kill()
            self._unlisten(region)
        elif child.running():
            raise AdminError(HTTPStatus.CONFLICT, "running", f"{region} is already running")
        else:
            try:
                self._listen(region)
            except PortInUse as exc:
                raise AdminError(HTTPStatus.CONFLICT, "port_in_use", str(exc)) from None
            self._start_region(region)

    def _replace_region(self, region: str, old: ChildProcess) -> None:
        """Start the new process on the same socket before stopping (draining) the old one."""
        try:
            self._start_region(region)
        except BaseException:
            self.regions[region] = old
            raise
        old.stop()
