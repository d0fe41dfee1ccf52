"""``multi-region-api check``: your app's archive on the pinned Lambda runtime, before a deploy.

The archive is built exactly as the component builds it (``lambda_package.lambda_code(app)``:
the platform, the contents of ``app.path``, the app's requirements as wheels), zipped and unzipped
as Lambda does, and started the way the runtime-parity tier starts ours
(``multi_region_api.parity``: CPython 3.13 with only the Powertools layer's contents and the
runtime's boto3). Then: does it import, does ``/health`` answer, and does every smoke request
(``--request 'GET /notes'``, or every ``GET`` route without path parameters) answer without a 5xx.
The table is moto's, on 127.0.0.1, with the app's indexes. Exit 0 when every line is ``ok``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from multi_region_api.components.app_args import AppSettings, resolve_app
from multi_region_api.components.args_error import ArgsError
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor

from .cli import CliParser, Command, StackOption

REGIONS = ("us-east-1", "us-west-2")
SECRET = "multi-region-api-check-secret"  # noqa: S105 - a fixed value for the local run
_REQUEST_RE = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/\S*)$")
_PATH_PARAM_RE = re.compile(r"[<{]")
CHECK_STACK = StackOption(
    "", "the stack whose program gives the app (default: the only Pulumi.<stack>.yaml)"
)


@dataclass(frozen=True)
class Line:
    """One row of the table: what was checked, its status (or ``-``), ok or why not, time."""

    what: str
    status: str
    ok: bool
    detail: str
    ms: float

    def render(self, width: int) -> str:
        verdict = "ok" if self.ok else "FAIL"
        detail = f"  {self.detail}" if self.detail else ""
        return f"{self.what:<{width}}  {self.status:>6}  {self.ms:>8.1f} ms  {verdict}{detail}"


def smoke_request(text: str) -> tuple[str, str]:
    """argparse type of ``--request``: ``'GET /notes'`` -> ``("GET", "/notes")``."""
    match = _REQUEST_RE.match(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"takes 'METHOD /path' like 'GET /notes', got {text!r}")
    return match["method"], match["path"]


def unpack(files: dict[str, Path], destination: Path) -> None:
    """``files`` (archive key -> file) zipped as Pulumi uploads them, unzipped as Lambda does."""
    archive = destination.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for key, path in files.items():
            zipped.write(path, key)
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(destination)
    archive.unlink()


def archive_files(app: AppSettings) -> dict[str, Path]:
    """The component's archive for ``app``: archive key -> source file."""
    import pulumi

    from multi_region_api.components.lambda_package import lambda_code

    files: dict[str, Path] = {}
    for key, asset in lambda_code(app).archive.assets.items():
        if not isinstance(asset, pulumi.FileAsset):
            raise TypeError(f"{key}: the archive holds a {type(asset).__name__}, not a file")
        files[key] = Path(str(asset.path))
    return files


def get_routes(openapi: Any) -> list[tuple[str, str]]:
    """``GET`` routes without path parameters in an ``/openapi.json`` document, the platform's
    own (``/health``, ``/openapi.json``) left out."""
    paths = openapi.get("paths", {}) if isinstance(openapi, dict) else {}
    return [
        ("GET", path)
        for path, operations in sorted(paths.items())
        if "get" in operations
        and not _PATH_PARAM_RE.search(path)
        and path not in (contract.HEALTH_PATH, "/openapi.json")
    ]


def app_from_args(args: argparse.Namespace) -> AppSettings:
    """``--app-path`` with ``--routers`` or ``--handler``, else the project's component (``local``'s
    discovery). ``ArgsError`` naming the field when the app does not resolve."""
    project = args.project_dir.resolve()
    if args.app is not None:
        return _app_from_module(args.app, project)
    if args.app_path is None:
        return _discovered_app(args)
    raw: dict[str, Any] = {"path": str(args.app_path)}
    if args.routers:
        raw["routers"] = args.routers
    if args.handler:
        raw["handler"] = args.handler
    if args.requirements:
        raw["requirements"] = str(args.requirements)
    app = resolve_app(raw, project)
    assert app is not None
    return app


def _discovered_app(args: argparse.Namespace) -> AppSettings:
    """The ``app`` of the project's ``MultiRegionApi``, found by running its program under the
    kit's mocks, as ``multi-region-api local`` finds it."""
    from multi_region_api.local_runtime.project import DiscoveryError, choose, discover

    from .cli import stacks_in

    stack = args.stack
    if not stack:
        known = stacks_in(args.project_dir)
        if len(known) != 1:
            which = ", ".join(known) or "none"
            raise ArgsError(
                "app",
                f"give --stack NAME (stacks: {which}), --app MODULE:ATTR, "
                "or --app-path DIR with --routers or --handler",
            )
        stack = known[0]
    try:
        api = choose(discover(args.project_dir, stack), args.component)
    except DiscoveryError as exc:
        raise ArgsError("app", str(exc)) from None
    if api.settings.app is None:
        raise ArgsError("app", f"component {api.name!r} has no app: nothing to check")
    return api.settings.app


def _app_from_module(spec: str, project: Path) -> AppSettings:
    """The ``app`` mapping at ``module:ATTR`` in the project (the one the program passes)."""
    import importlib

    module_name, _, attribute = spec.partition(":")
    sys.path.insert(0, str(project))
    try:
        raw = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ArgsError("app", f"--app {spec}: {exc}") from None
    finally:
        sys.path.remove(str(project))
    app = resolve_app(raw, project)
    if app is None:
        raise ArgsError("app", f"--app {spec} is None")
    return app


def run_checks(
    app: AppSettings, requests: Sequence[tuple[str, str]], front_door: FrontDoor
) -> list[Line]:
    """Build, start and call the archive; one ``Line`` per check."""
    from moto.server import ThreadedMotoServer

    from multi_region_api import parity
    from multi_region_api.components.args import resolve_args
    from multi_region_api.components.environment import handler_environment
    from multi_region_api.components.table_schema import boto3_create_table_kwargs, boto3_ttl_kwargs
    from multi_region_api.local_runtime.events import http_event
    from multi_region_api.local_runtime.ports import free_port
    from multi_region_api.local_runtime.tables import client

    runtime = parity.ensure_runtime()
    lines: list[Line] = []
    started = time.perf_counter()
    files = archive_files(app)
    with tempfile.TemporaryDirectory(prefix="mra-check-") as scratch:
        task = Path(scratch) / "task"
        unpack(files, task)
        build_ms = (time.perf_counter() - started) * 1000
        lines.append(Line("build the archive", "-", True, f"{len(files)} files", build_ms))
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            # moto's state is per process: a table of its own for each run
            table_name = f"multi-region-api-check-{uuid.uuid4().hex[:8]}"
            dynamodb = client("dynamodb", REGIONS[0], endpoint)
            dynamodb.create_table(**boto3_create_table_kwargs(table_name, app.indexes))
            dynamodb.update_time_to_live(**boto3_ttl_kwargs(table_name))
            settings = resolve_args(
                {
                    "regions": list(REGIONS),
                    "domain_name": "api.example.com",
                    "hosted_zone_id": "Z0123456789CHECK",
                    "front_door": front_door.value,
                }
            )
            env = handler_environment(
                replace(settings, app=app),
                region=REGIONS[0],
                table_name=table_name,
                health_check_secret=SECRET,
            )
            env.update(
                AWS_REGION=REGIONS[0],
                AWS_DEFAULT_REGION=REGIONS[0],
                AWS_ENDPOINT_URL_DYNAMODB=endpoint,
            )
            lines += _call(parity, runtime, task, env, requests, front_door, http_event)
        finally:
            server.stop()
    return lines


def _call(
    parity: Any,
    runtime: Any,
    task: Path,
    env: dict[str, str],
    requests: Sequence[tuple[str, str]],
    front_door: FrontDoor,
    http_event: Any,
) -> list[Line]:
    lines: list[Line] = []
    process = parity.LambdaProcess(
        runtime, task, parity.lambda_environment(runtime, task, env), task.with_suffix(".log")
    )
    try:
        init_ms = process.init_wall_s * 1000
        if not process.ready:
            error = process.init.get("error", {})
            detail = f"{error.get('errorType', '')}: {error.get('errorMessage', '')}".strip()
            return [Line("import the handler", "-", False, detail, init_ms)]
        lines.append(Line("import the handler", "-", True, "", init_ms))
        query = {contract.HEALTH_SECRET_PARAM: SECRET}
        health = process.send(
            http_event("GET", contract.HEALTH_PATH, shape=front_door, query=query)
        )
        lines.append(_line("GET /health", health, expect_ok=True))
        # The app's routers load on the first request that is not a shallow /health: this one.
        document = process.send(http_event("GET", "/openapi.json", shape=front_door))
        loaded = _line("load the app (GET /openapi.json)", document, expect_ok=True)
        if not loaded.ok:
            loaded = replace(loaded, detail=_load_error(process.log) or loaded.detail)
        lines.append(loaded)
        if not requests:
            requests = get_routes(document.body)
        for method, path in requests:
            reply = process.send(http_event(method, path, shape=front_door))
            lines.append(_line(f"{method} {path}", reply, expect_ok=False))
    except parity.InvocationFailed as failed:
        lines.append(Line("invoke", "-", False, str(failed).splitlines()[0], 0.0))
    finally:
        process.close()
    return lines


def _load_error(log: Path) -> str:
    """The last exception line the function logged (why the app did not load), if any."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return ""
    found = re.findall(r"(?:\w+\.)*\w*(?:Error|Exception): [^\n\"\\]+", text)
    return found[-1] if found else ""


def _line(what: str, reply: Any, *, expect_ok: bool) -> Line:
    """A 2xx for ``/health``; anything below 500 for a smoke request (a 404 for an empty table is
    an answer; a 5xx is a failure)."""
    ok = 200 <= reply.status < 300 if expect_ok else reply.status < 500
    detail = ""
    if not ok and isinstance(reply.body, dict):
        detail = json.dumps(reply.body)[:160]
    return Line(what, str(reply.status), ok, detail, float(reply.ms))


def table(lines: Sequence[Line]) -> str:
    width = max(len(line.what) for line in lines)
    header = f"{'check':<{width}}  {'status':>6}  {'time':>11}  result"
    return "\n".join([header, *(line.render(width) for line in lines)])


def add_arguments(parser: CliParser, parents: list[CliParser]) -> None:
    parser.add_argument(
        "--component", help="the MultiRegionApi whose app to check, when the program builds several"
    )
    parser.add_argument(
        "--app",
        metavar="MODULE:ATTR",
        help="the app mapping your program passes (e.g. app_config:APP, in --project-dir)",
    )
    parser.add_argument(
        "--app-path",
        metavar="DIR",
        type=Path,
        help="the app's directory (the component's app.path)",
    )
    entry = parser.add_mutually_exclusive_group()
    entry.add_argument("--routers", metavar="MODULE:ATTR", help="the app's routers (app.routers)")
    entry.add_argument("--handler", metavar="MODULE.FUNCTION", help="a proxy handler (app.handler)")
    parser.add_argument(
        "--requirements", metavar="FILE", type=Path, help="the app's requirements file"
    )
    parser.add_argument(
        "--request",
        metavar="'METHOD /path'",
        type=smoke_request,
        action="append",
        default=[],
        help="a smoke request (repeatable; default: every GET route without path parameters)",
    )
    parser.add_argument(
        "--front-door",
        choices=[d.value for d in FrontDoor],
        default=FrontDoor.REST.value,
        help="the event shape to send (default: rest)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        app = app_from_args(args)
    except ArgsError as error:
        print(f"multi-region-api check: {error}", file=sys.stderr)
        return 1
    from multi_region_api import parity

    try:
        lines = run_checks(app, args.request, FrontDoor(args.front_door))
    except parity.NoParityPython as missing:
        print(f"multi-region-api check: {missing}", file=sys.stderr)
        return 1
    except ArgsError as error:
        print(f"multi-region-api check: {error}", file=sys.stderr)
        return 1
    print(table(lines))
    return 0 if all(line.ok for line in lines) else 1


COMMAND = Command(
    "check",
    "test your app's archive on the pinned Lambda runtime before deploying",
    CHECK_STACK,
    add_arguments,
    run,
    description=(
        "Build your app's Lambda archive exactly as the component does and run it on the pinned "
        "Lambda runtime (CPython 3.13, the Powertools layer's contents, the runtime's boto3): it "
        "must import, answer /health, and answer each smoke request without a 5xx. The table is "
        "moto's on 127.0.0.1, with the app's indexes. Exit 0 when every line is ok, else 1."
    ),
)
