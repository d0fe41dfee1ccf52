"""A user's project on the installed wheel: its graph, its archive, its code on the Lambda runtime
and under ``multi-region-api local``, for an app given as ``routers`` and one given as ``handler``.

The project (``project/``): ``app/`` with two routers (``notes``: an idempotent create, a
home-region write guard; ``tags``: a query on the ``by-tag`` index the component declares), a
plain proxy handler in the app's own ``handlers`` package, a dependency with a wheel
(``python-slugify``, and its ``text-unidecode``), one extra IAM statement, an environment
variable, and decoy ``components/`` and ``handlers/`` packages of the project's own.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import requests
from multi_region_api.handlers import contract

from tests.user_project.conftest import PROJECT, Probe, UserVenv

ROUTERS = "service:ROUTERS"
HANDLER = "handlers.proxy.handle"
PLATFORM_PARTS = (
    "multi_region_api/__init__.py",
    "multi_region_api/handlers/",
    "multi_region_api/runtime/",
)
APP_FILES = (
    "service.py",
    "notes/routes.py",
    "tags/routes.py",
    "handlers/__init__.py",
    "handlers/proxy.py",
)
LOCAL_STARTUP_S = 90
FAILOVER_S = 60


def _functions(graph: dict[str, Any], component: str) -> list[dict[str, Any]]:
    found = [f for f in graph["functions"] if f["name"].startswith(f"{component}-")]
    assert found, [f["name"] for f in graph["functions"]]
    return found


# -- the venv --------------------------------------------------------------------------------


def test_the_wheel_installs_into_a_fresh_venv(
    user_venv: UserVenv, user_project: Path, user_env: dict[str, str]
) -> None:
    print(f"user venv by {user_venv.tool} in {user_venv.created_in_s:.1f} s")
    listed = subprocess.run(  # noqa: S603 - the venv's interpreter
        [
            user_venv.python,
            "-c",
            "import multi_region_api, slugify; print(multi_region_api.__file__)",
        ],
        cwd=user_project,
        env=user_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    site = user_venv.python.parent.parent / "lib"
    assert Path(listed.stdout.strip()).is_relative_to(site), listed.stdout


# -- the graph under the kit's mocks ----------------------------------------------------------


@pytest.mark.parametrize("mode", ["preview", "update"])
def test_the_program_builds_both_apis_under_the_kits_mocks(probe: Probe, mode: str) -> None:
    graph = probe("graph", mode)
    # The program imported its own packages, and the component imported the platform's.
    assert graph["modules"]["components"].endswith("notes/components/__init__.py")
    assert graph["modules"]["handlers"] is None  # the project's handlers are never imported
    assert "site-packages" in graph["modules"]["multi_region_api.components"]
    for component, entry in (
        ("notes", (contract.ENV_APP_ROUTERS, ROUTERS)),
        ("legacy", (contract.ENV_APP_HANDLER, HANDLER)),
    ):
        functions = _functions(graph, component)
        assert len(functions) == 2  # one per region
        for function in functions:
            assert function["handler"] == contract.HANDLER
            if mode == "update":  # a preview leaves the environment unknown (an apply)
                assert function["environment"][entry[0]] == entry[1]
    if mode == "update":
        assert graph["exports"]["url"] == "https://api.notes.example.com"


def test_the_function_environment_iam_and_indexes(graph_update: dict[str, Any]) -> None:
    for function in _functions(graph_update, "notes"):
        env = function["environment"]
        assert env["NOTES_PAGE_SIZE"] == "25"
        assert contract.ENV_APP_HANDLER not in env
    for function in _functions(graph_update, "legacy"):
        assert "NOTES_PAGE_SIZE" not in function["environment"]
    app_policies = [p for p in graph_update["policies"] if p["name"].endswith("-app-policy")]
    # The notes API's role in each region gets the statement; the legacy API has none to add.
    assert len(app_policies) == 2
    for policy in app_policies:
        document = json.loads(policy["policy"])
        assert document["Statement"] == [
            {
                "Sid": "ReadNotesSettings",
                "Effect": "Allow",
                "Action": ["ssm:GetParameter"],
                "Resource": "arn:aws:ssm:*:123456789012:parameter/notes/*",
            }
        ]
    (notes_table,) = [t for t in graph_update["tables"] if t["name"].startswith("notes")]
    assert notes_table["indexes"] == [
        {
            "name": "by-tag",
            "keySchemas": [
                {"attributeName": "tag", "keyType": "HASH"},
                {"attributeName": "createdAt", "keyType": "RANGE"},
            ],
            "projectionType": "ALL",
        }
    ]
    assert {a["name"]: a["type"] for a in notes_table["attributes"]} == {
        contract.PARTITION_KEY: "S",
        "tag": "S",
        "createdAt": "S",
    }
    (legacy_table,) = [t for t in graph_update["tables"] if t["name"].startswith("legacy")]
    assert legacy_table["indexes"] == []


# -- the archive ------------------------------------------------------------------------------


@pytest.mark.parametrize("component", ["notes", "legacy"])
def test_the_archive_is_platform_app_and_dependencies(
    graph_update: dict[str, Any], user_venv: UserVenv, user_project: Path, component: str
) -> None:
    functions = _functions(graph_update, component)
    archives = [f["archive"] for f in functions]
    assert archives[0] == archives[1]  # every region ships the same code
    archive = archives[0]
    site = user_venv.python.parent.parent
    app = user_project / "app"
    for key, path in archive.items():
        if key.startswith(PLATFORM_PARTS):
            assert Path(path).is_relative_to(site), (key, path)  # the installed wheel's
        elif Path(path).is_relative_to(app):
            assert Path(path) == app / key  # the app's contents at the root
        else:
            assert key.startswith(
                ("slugify/", "text_unidecode/", "python_slugify-", "text_unidecode-")
            ), key
    for name in APP_FILES:
        assert name in archive
    # The app's own ``handlers`` package is the app's, beside the platform's.
    assert archive["handlers/proxy.py"] == str(app / "handlers" / "proxy.py")
    assert "multi_region_api/handlers/app.py" in archive
    # The dependency and its own dependency, as installed wheels.
    assert "slugify/__init__.py" in archive
    assert "text_unidecode/__init__.py" in archive
    # Never the project's decoys, its program, its stack files or the requirements file.
    for key in archive:
        assert not key.startswith(("components/", "multi_region_api/components/")), key
        assert key not in {"__main__.py", "Pulumi.yaml", "Pulumi.dev.yaml", "app-requirements.txt"}
    assert not any(
        Path(path).is_relative_to(user_project / name)
        for path in archive.values()
        for name in ("components", "handlers")
    )
    # Nothing but the standard library's own (no pulumi, no boto3: the runtime has it).
    assert not any(k.startswith(("pulumi/", "boto3/", "botocore/", "pydantic/")) for k in archive)


# -- the archive on the Lambda runtime --------------------------------------------------------


@pytest.fixture(scope="session")
def parity_notes(probe: Probe, graph_file: Path) -> dict[str, Any]:
    result: dict[str, Any] = probe("parity", str(graph_file), "notes")
    return result


@pytest.fixture(scope="session")
def parity_legacy(probe: Probe, graph_file: Path) -> dict[str, Any]:
    result: dict[str, Any] = probe("parity", str(graph_file), "legacy")
    return result


@pytest.mark.parametrize("shape", ["rest", "http", "alb"])
def test_the_routers_app_on_the_lambda_runtime(parity_notes: dict[str, Any], shape: str) -> None:
    answers = parity_notes["shapes"][shape]
    init = answers["init"]
    assert init["ready"], init
    assert init.get("outside", []) == [], init  # nothing from the developer's venv
    assert answers["health"]["status"] == 200
    assert answers["health"]["body"]["status"] == "ok"
    created = answers["create"]
    assert created["status"] == 201, created
    note = created["body"]
    assert note["tag"] == "multi-region"  # slugified by the dependency, on Lambda's Python
    assert note["homeRegion"] == "us-east-1"
    again = answers["create_again"]  # the same key: the same note, once
    assert (again["status"], again["body"]) == (201, note)
    assert answers["get"]["body"] == note
    assert answers["edit"]["status"] == 200
    assert answers["edit"]["body"]["text"] == "edited"
    tagged = answers["tags"]["body"]
    assert tagged["limit"] == 25  # the app's environment variable
    assert note["id"] in [n["id"] for n in tagged["notes"]]  # through the index
    assert answers["missing"]["status"] == 404
    assert answers["missing"]["body"]["error"] == "not_found"
    assert answers["invalid"]["status"] == 422
    assert {"/notes", "/notes/{note_id}", "/tags/{tag}", contract.HEALTH_PATH} <= set(
        answers["openapi"]
    )


@pytest.mark.parametrize("shape", ["rest", "http", "alb"])
def test_the_handler_app_on_the_lambda_runtime(parity_legacy: dict[str, Any], shape: str) -> None:
    answers = parity_legacy["shapes"][shape]
    assert answers["init"]["ready"], answers["init"]
    assert answers["health"]["status"] == 200
    assert answers["health"]["body"]["status"] == "ok"  # the platform's, not the app's
    other = answers["other"]
    assert other["status"] == 200
    assert other["body"]["handledBy"] == "handlers.proxy"
    assert other["body"]["slug"] == "anything-else-here"


def test_the_archive_keys_are_what_lambda_unzips(
    parity_notes: dict[str, Any], graph_update: dict[str, Any]
) -> None:
    (archive, *_) = [f["archive"] for f in _functions(graph_update, "notes")]
    assert sorted(parity_notes["keys"]) == sorted(archive)


# -- multi-region-api local in the project ---------------------------------------------------


def _get(url: str, **kwargs: Any) -> requests.Response | None:
    try:
        return requests.get(url, timeout=2, **kwargs)
    except (requests.ConnectionError, requests.Timeout):
        return None


def _ready(url: str) -> bool:
    answer = _get(f"{url}/_local/status")
    return answer is not None and answer.ok


def _wait(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _local(
    user_venv: UserVenv, user_project: Path, user_env: dict[str, str], component: str, port: int
) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - the venv's console script
        [
            user_venv.bin / contract.PROJECT_NAME,  # the console script
            "local",
            "--stack",
            "dev",
            "--component",
            component,
            "--port",
            str(port),
            "--scale",
            "0.05",
            "--log-dir",
            str(user_project.parent / f"local-{component}"),
        ],
        cwd=user_project,
        env=user_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stop(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return stderr


def _fail_over(url: str, region: str) -> requests.Response:
    return requests.post(
        f"{url}/_local/regions/{region}/fail",
        headers={"Content-Type": "application/json"},
        data="{}",
        timeout=5,
    )


def _served_by(url: str, path: str, region: str) -> bool:
    answer = _get(f"{url}{path}")
    return answer is not None and answer.headers.get(contract.SERVED_REGION_HEADER) == region


@pytest.mark.parametrize("component", ["notes", "legacy"])
def test_local_serves_the_project_and_fails_over(
    user_venv: UserVenv,
    user_project: Path,
    user_env: dict[str, str],
    free_local_port: int,
    component: str,
) -> None:
    process = _local(user_venv, user_project, user_env, component, free_local_port)
    url = f"http://127.0.0.1:{free_local_port}"
    try:
        up = _wait(lambda: _ready(url) or process.poll() is not None, LOCAL_STARTUP_S)
        assert up, _stop(process)
        assert process.poll() is None, _stop(process)
        status = requests.get(f"{url}/_local/status", timeout=5).json()
        assert set(status["regions"]) == {"us-east-1", "us-west-2"}
        if component == "notes":
            created = requests.post(
                f"{url}/notes",
                json={"text": "local", "tag": "Local Notes"},
                headers={"Idempotency-Key": "local-1"},
                timeout=10,
            )
            assert created.status_code == 201, created.text
            assert created.headers[contract.SERVED_REGION_HEADER] == "us-east-1"
            note = created.json()
            path = f"/notes/{note['id']}"
        else:
            path = "/some/Legacy Path"
            answer = requests.get(f"{url}{path}", timeout=10)
            assert answer.json()["handledBy"] == "handlers.proxy"
            assert answer.headers[contract.SERVED_REGION_HEADER] == "us-east-1"
        assert _fail_over(url, "us-east-1").ok
        assert _wait(lambda: _served_by(url, path, "us-west-2"), FAILOVER_S), status
        after = requests.get(f"{url}{path}", timeout=10)
        assert after.status_code == 200, after.text
        if component == "notes":
            assert after.json() == note  # replicated to us-west-2 before the failover
            tagged = requests.get(f"{url}/tags/local-notes", timeout=10).json()
            assert [n["id"] for n in tagged["notes"]] == [note["id"]]
            # us-west-2 serves now, and notes are edited in the home region only.
            edit = requests.put(f"{url}{path}", json={"text": "x"}, timeout=10)
            assert edit.status_code == 409, edit.text
            assert edit.json()["error"] == "wrong_region"
            assert edit.json()["homeRegion"] == "us-east-1"
        else:
            assert after.json()["region"] == "us-west-2"
    finally:
        _stop(process)
    assert process.returncode is not None


def test_the_project_files_are_the_ones_tested() -> None:
    # The tier copies ``project/`` as it is; the decoys are packages the program can import.
    assert (PROJECT / "components" / "__init__.py").is_file()
    assert (PROJECT / "handlers" / "__init__.py").is_file()
    assert (PROJECT / "app" / "handlers" / "proxy.py").is_file()
