"""What a user's own tooling does with the installed package, run by the fresh venv's Python.

Started as ``<venv>/bin/python probe.py COMMAND ...`` with the user's project as the working
directory; it imports only the installed wheel, its dependencies and the standard library (never
this repository), and prints one JSON document for the test to check.

- ``graph preview|update``: the project's program under the test kit's mocks, as a user's
  infrastructure test runs it: every function's environment, handler and archive (key -> file),
  every inline policy, every table's key schema and indexes.
- ``program FILE``: a program block of ``docs/bring-your-own-api.md`` under the kit's mocks.
- ``parity GRAPH COMPONENT``: that component's archive zipped and unzipped as Lambda gets it, run
  on the pinned runtime (CPython 3.13, the layer, the runtime's boto3) against a moto server
  holding the component's table, fed the app's requests in every front door's event shape.
"""

from __future__ import annotations

import json
import runpy
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml
from multi_region_api.handlers import contract

PROJECT = Path.cwd()
SHAPES = ("rest", "http", "alb")


def stack_config(stack: str) -> dict[str, Any]:
    """``Pulumi.<stack>.yaml``'s config with full keys, as a user's test would give it."""
    project = yaml.safe_load((PROJECT / "Pulumi.yaml").read_text())["name"]
    raw = yaml.safe_load((PROJECT / f"Pulumi.{stack}.yaml").read_text())["config"]
    return {(k if ":" in k else f"{project}:{k}"): v for k, v in raw.items()}


def graph(mode: str) -> dict[str, Any]:
    from multi_region_api.testing import run, set_mocks

    registrations = set_mocks(
        project="notes", stack="dev", preview=mode == "preview", config=stack_config("dev")
    )
    sys.path.insert(0, str(PROJECT))  # as `pulumi up` runs a program: its directory first
    exports = run(lambda: runpy.run_path(str(PROJECT / "__main__.py"), run_name="__main__"))
    functions = []
    for function in registrations.of_type("aws:lambda/function:Function"):
        inputs = function.plain_inputs
        code = inputs.get("code") or {}
        functions.append(
            {
                "name": function.name,
                "parent": function.parent,
                "handler": inputs.get("handler"),
                "runtime": inputs.get("runtime"),
                "environment": (inputs.get("environment") or {}).get("variables", {}),
                "archive": {k: v["file"] for k, v in code.get("archive", {}).items()},
            }
        )
    policies = [
        {"name": p.name, "parent": p.parent, "policy": p.plain_inputs.get("policy")}
        for p in registrations.of_type("aws:iam/rolePolicy:RolePolicy")
    ]
    tables = [
        {
            "name": t.name,
            "table_name": t.state.get("name"),
            "attributes": t.plain_inputs.get("attributes"),
            "hash_key": t.plain_inputs.get("hashKey"),
            "indexes": t.plain_inputs.get("globalSecondaryIndexes") or [],
            "ttl": t.plain_inputs.get("ttl"),
        }
        for t in registrations.of_type("aws:dynamodb/table:Table")
    ]
    modules = {
        name: getattr(sys.modules.get(name), "__file__", None)
        for name in ("components", "handlers", "multi_region_api.components")
    }
    return {
        "exports": exports,
        "functions": functions,
        "policies": policies,
        "tables": tables,
        "modules": modules,
    }


def _create_table(client: Any, table: dict[str, Any]) -> None:
    """The registered table (key, attributes, indexes) in moto, as the component declares it."""
    indexes = [
        {
            "IndexName": index["name"],
            "KeySchema": [
                {"AttributeName": k["attributeName"], "KeyType": k["keyType"]}
                for k in index["keySchemas"]
            ],
            "Projection": {"ProjectionType": index.get("projectionType", "ALL")},
        }
        for index in table["indexes"]
    ]
    client.create_table(
        TableName=table["table_name"],
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": a["name"], "AttributeType": a["type"]} for a in table["attributes"]
        ],
        KeySchema=[{"AttributeName": table["hash_key"], "KeyType": "HASH"}],
        **({"GlobalSecondaryIndexes": indexes} if indexes else {}),
    )


def _task(archive: dict[str, str], destination: Path) -> list[str]:
    """The archive zipped as Pulumi uploads an ``AssetArchive`` and unzipped as Lambda does."""
    zipped = destination.with_suffix(".zip")
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as out:
        for key, path in sorted(archive.items()):
            out.write(path, key)
    with zipfile.ZipFile(zipped) as out:
        out.extractall(destination)
        return out.namelist()


def _request(process: Any, shape: str, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    from multi_region_api.handlers.contract import FrontDoor
    from multi_region_api.local_runtime.events import http_event

    body = kwargs.pop("json", None)
    headers = dict(kwargs.pop("headers", {}))
    if body is not None:
        headers["Content-Type"] = "application/json"
        kwargs["body"] = json.dumps(body)
    event = http_event(method, path, shape=FrontDoor(shape), headers=headers, **kwargs)
    reply = process.send(event)
    return {"status": reply.status, "body": reply.body, "headers": reply.headers}


def parity(graph_file: str, component: str) -> dict[str, Any]:
    import boto3
    from moto.server import ThreadedMotoServer

    from multi_region_api.parity import LambdaProcess, ensure_runtime, lambda_environment

    document = json.loads(Path(graph_file).read_text())
    function = next(f for f in document["functions"] if f["name"].startswith(component))
    table = next(t for t in document["tables"] if t["name"].startswith(component))
    env = dict(function["environment"])
    region = env[contract.ENV_HOME_REGION]
    runtime = ensure_runtime()
    scratch = Path(tempfile.mkdtemp(prefix="parity-"))
    task = scratch / "task"
    keys = _task(function["archive"], task)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    results: dict[str, Any] = {"keys": keys, "shapes": {}}
    try:
        dynamodb = boto3.client(
            "dynamodb",
            region_name=region,
            endpoint_url=endpoint,
            aws_access_key_id="parity",
            aws_secret_access_key="parity",
        )
        _create_table(dynamodb, table)
        secret = env[contract.ENV_HEALTH_CHECK_SECRET]
        for shape in SHAPES:
            function_env = {
                **env,
                contract.ENV_FRONT_DOOR: shape,
                contract.ENV_REGION: region,
                "AWS_DEFAULT_REGION": region,
                "AWS_ENDPOINT_URL_DYNAMODB": endpoint,
            }
            process = LambdaProcess(
                runtime,
                task,
                lambda_environment(runtime, task, function_env),
                scratch / f"{shape}.log",
            )
            try:
                answers: dict[str, Any] = {"init": process.init}
                answers["health"] = _request(
                    process,
                    shape,
                    "GET",
                    contract.HEALTH_PATH,
                    query={contract.HEALTH_SECRET_PARAM: secret},
                )
                if contract.ENV_APP_ROUTERS in env:
                    key = {"Idempotency-Key": f"note-{shape}"}
                    note = {"text": f"from {shape}", "tag": "Multi Region!"}
                    created = _request(process, shape, "POST", "/notes", json=note, headers=key)
                    answers["create"] = created
                    answers["create_again"] = _request(
                        process, shape, "POST", "/notes", json=note, headers=key
                    )
                    note_id = created["body"]["id"]
                    answers["get"] = _request(process, shape, "GET", f"/notes/{note_id}")
                    answers["edit"] = _request(
                        process, shape, "PUT", f"/notes/{note_id}", json={"text": "edited"}
                    )
                    answers["tags"] = _request(process, shape, "GET", "/tags/multi-region")
                    answers["missing"] = _request(process, shape, "GET", "/notes/none-such")
                    answers["invalid"] = _request(process, shape, "POST", "/notes", json={})
                    answers["openapi"] = sorted(
                        _request(process, shape, "GET", "/openapi.json")["body"]["paths"]
                    )
                else:
                    answers["other"] = _request(process, shape, "GET", "/anything/Else Here")
                results["shapes"][shape] = answers
            finally:
                process.close()
    finally:
        server.stop()
    return results


def program(path: str) -> dict[str, Any]:
    """A program block of a docs page, run from the project as Pulumi runs a program: under the
    kit's mocks unless it sets them itself (a test of the reader's)."""
    from multi_region_api.testing import run, set_mocks

    sys.path.insert(0, str(PROJECT))
    code = Path(path).read_text()
    if "set_mocks(" in code:
        runpy.run_path(path, run_name="__main__")
        return {"ran": path, "resources": None}
    registrations = set_mocks(project="my-api", stack="dev")
    run(lambda: runpy.run_path(path, run_name="__main__"))
    return {"ran": path, "resources": len(registrations.registered)}


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "graph":
        result = graph(rest[0])
    elif command == "program":
        result = program(rest[0])
    elif command == "parity":
        result = parity(rest[0], rest[1])
    else:
        raise SystemExit(f"probe: unknown command {command!r}")
    print(json.dumps(result, default=repr))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
