"""``GET /health`` answered by the platform (``handlers/platform.py``) without a resolver, what it
says of an application that does not load, and what Powertools 3.34 changed that reaches us. The
other routes keep the validated application resolver."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import http_event

from tests.integration.handlers.support import BASE_PATH, HOME, SECRET, Api, FakeContext, rest_event


def test_health_answers_the_same_on_both_resolvers(api: Api) -> None:
    from multi_region_api.handlers import resolver
    from multi_region_api.handlers.config import get_config

    on_platform = api.health()
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    event = rest_event("GET", contract.HEALTH_PATH, query=query)
    routed = resolver.create_app(get_config()).resolve(event, FakeContext())
    assert on_platform.status == routed["statusCode"] == 200
    assert on_platform.body == {"status": "ok", "region": HOME, "check": "shallow", "reason": None}
    assert on_platform.headers["Cache-Control"] == "no-store"
    assert on_platform.headers[contract.SERVED_REGION_HEADER] == HOME


def test_health_takes_the_first_of_repeated_secrets_as_validation_did(api: Api) -> None:
    event = rest_event("GET", contract.HEALTH_PATH, query={contract.HEALTH_SECRET_PARAM: SECRET})
    event["multiValueQueryStringParameters"] = {contract.HEALTH_SECRET_PARAM: [SECRET, "other"]}
    assert api.send(event).status == 200
    event["multiValueQueryStringParameters"] = {contract.HEALTH_SECRET_PARAM: ["other", SECRET]}
    assert api.send(event).status == 403


def test_only_get_health_skips_the_application(api: Api) -> None:
    from multi_region_api.handlers import platform
    from multi_region_api.handlers.config import get_config

    config = get_config()
    assert platform.serves("GET", f"/{BASE_PATH}{contract.HEALTH_PATH}", config)
    assert platform.serves("GET", f"/{BASE_PATH}{contract.HEALTH_PATH}/", config)
    assert not platform.serves("POST", f"/{BASE_PATH}{contract.HEALTH_PATH}", config)
    assert not platform.serves("GET", contract.HEALTH_PATH, config)  # without the base path
    assert not platform.serves("GET", f"/{BASE_PATH}/healthz", config)
    # POST /health goes to the application resolver: 405 with the allowed method.
    refused = api.call("POST", contract.HEALTH_PATH, {})
    assert (refused.status, refused.headers["Allow"]) == (405, "GET")


def test_health_carries_no_cors_headers_and_the_application_still_does(api: Api) -> None:
    origin = {"Origin": "http://127.0.0.1:8080"}
    api.monkeypatch.setenv(contract.ENV_SHARED_URL, origin["Origin"])
    api.use(HOME)
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    health = api.call("GET", contract.HEALTH_PATH, query=query, headers=origin)
    assert health.status == 200
    assert "Access-Control-Allow-Origin" not in health.headers
    hello = api.call("GET", "/hello", headers=origin)
    assert hello.headers["Access-Control-Allow-Origin"] == origin["Origin"]


def test_an_unparsable_content_type_is_a_415_even_past_the_guard(api: Api) -> None:
    """Powertools >= 3.24 raises ``RequestUnsupportedContentType`` for a body it cannot read
    (3.23 raised a bare ``NotImplementedError``, a 500). The guard refuses such bodies first, so
    this goes to the resolver directly."""
    from food_for_thought.routes import ROUTERS
    from multi_region_api.handlers import resolver
    from multi_region_api.handlers.config import get_config

    event = rest_event(
        "PUT", "/items/x", body="a=b", headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    answer = resolver.create_app(get_config(), ROUTERS).resolve(event, FakeContext())
    assert answer["statusCode"] == 415
    assert '"unsupported_media_type"' in answer["body"]


@pytest.mark.parametrize("door", list(FrontDoor))
def test_health_reads_the_secret_and_a_trailing_slash_as_every_door_sends_them(
    api: Api, door: FrontDoor
) -> None:
    """No resolver routes ``/health``: the secret is read from each shape's query (an ALB's still
    URL-encoded; a comma, which Powertools would split an HTTP API's value on, is kept), and
    ``/health/`` is ``/health`` for every door (it was a bare Powertools 404 for ``http`` and
    ``alb``)."""
    secret = SECRET + ",+&=%/"  # what URL encoding changes, and a comma
    api.use(HOME, **{contract.ENV_FRONT_DOOR: door.value, contract.ENV_HEALTH_CHECK_SECRET: secret})
    for path in (contract.HEALTH_PATH, contract.HEALTH_PATH + "/"):
        event = http_event(
            "GET",
            path,
            shape=door,
            base_path=BASE_PATH,
            query={contract.HEALTH_SECRET_PARAM: secret},
        )
        answer = api.send(event)
        assert (answer.status, answer.body["status"]) == (200, "ok"), (door, path, answer.body)
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers[contract.SERVED_REGION_HEADER] == HOME
    wrong = http_event("GET", contract.HEALTH_PATH, shape=door, base_path=BASE_PATH)
    refused = api.send(wrong)
    assert (refused.status, refused.body["error"]) == (403, "forbidden")


REPOSITORY = Path(__file__).resolve().parents[3]


def _container(code: str, env: dict[str, str]) -> Any:
    """What ``code`` (run in a fresh interpreter: one container) prints last, as JSON."""
    run = subprocess.run(  # noqa: S603 - this interpreter, our own snippet
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={
            **env,
            "PATH": "/usr/bin:/bin",
            "AWS_ACCESS_KEY_ID": "x",
            "AWS_SECRET_ACCESS_KEY": "x",
        },
        timeout=120,
        cwd=REPOSITORY,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


_HEALTH_CALL = (
    "import json, sys\n"
    "from multi_region_api.handlers import app\n"
    "from tests.integration.handlers.support import FakeContext, rest_event\n"
    f"health = rest_event('GET', '{contract.HEALTH_PATH}', "
    f"query={{'{contract.HEALTH_SECRET_PARAM}': '{SECRET}'}})\n"
    "def call(event):\n"
    "    answer = app.lambda_handler(event, FakeContext())\n"
    "    return [answer['statusCode'], json.loads(answer['body'])]\n"
)


def test_a_shallow_health_imports_no_application_code_and_the_second_loads_it() -> None:
    """In a fresh interpreter: importing the dispatcher and answering ``/health`` leaves
    Powertools' resolvers, the application's routes, the models and pydantic unimported (the
    parity tier checks pydantic on Lambda); the container's second ``/health`` loads them, so the
    first request finds them."""
    from tests.integration.handlers.support import EXAMPLE_PATH, region_env

    code = _HEALTH_CALL + (
        "watched = ('aws_lambda_powertools.event_handler', 'pydantic', 'food_for_thought.routes',"
        " 'multi_region_api.handlers.models')\n"
        "first = call(health)[0]\n"
        "loaded = [m for m in watched if m in sys.modules]\n"
        "second = call(health)[0]\n"
        "print(json.dumps([first, loaded, second, [m for m in watched if m in sys.modules]]))\n"
    )
    env = {**region_env(HOME), "PYTHONPATH": str(EXAMPLE_PATH)}
    first, before, second, after = _container(code, env)
    assert (first, before, second) == (200, [], 200)
    assert after == [
        "aws_lambda_powertools.event_handler",
        "pydantic",
        "food_for_thought.routes",
        "multi_region_api.handlers.models",
    ]


def test_a_proxy_handler_app_never_loads_powertools_resolvers(tmp_path: Path) -> None:
    """With ``APP_HANDLER`` the dispatcher adds guards, ``/health`` and logging, not Powertools'
    event handler: a plain handler's cold start stays its own, health checks included."""
    from tests.integration.handlers.support import region_env

    (tmp_path / "plain.py").write_text(
        "def handler(event, context):\n    return {'statusCode': 200, 'body': '{\"pong\": true}'}\n"
    )
    code = _HEALTH_CALL + (
        "answers = [call(rest_event('GET', '/ping'))[0], call(health)[0], call(health)[0]]\n"
        "loaded = [m for m in sys.modules if m.startswith('aws_lambda_powertools.event_handler')]\n"
        "print(json.dumps([answers, loaded, 'pydantic' in sys.modules]))\n"
    )
    env = {
        **region_env(HOME, app_routers="", app_handler="plain.handler"),
        "PYTHONPATH": str(tmp_path),
    }
    answers, loaded, pydantic = _container(code, env)
    assert answers == [200, 200, 200]
    assert (loaded, pydantic) == ([], False)


def test_an_application_that_does_not_load_fails_health_after_the_first_check(
    tmp_path: Path,
) -> None:
    """An app whose routers module passes the init check (found, binds ``ROUTERS``) but raises on
    import: its routes answer 500, and so must ``/health`` (503 ``application``) from the
    container's second check, or Route 53 would keep a broken region in rotation."""
    from tests.integration.handlers.support import region_env

    package = tmp_path / "broken_app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "routes.py").write_text(
        "import a_module_the_archive_lacks  # noqa\n\nROUTERS = ()\n"
    )
    code = _HEALTH_CALL + (
        "print(json.dumps([call(health), call(health), call(rest_event('GET', '/x')),"
        " call(health)]))\n"
    )
    env = {**region_env(HOME, app_routers="broken_app.routes:ROUTERS"), "PYTHONPATH": str(tmp_path)}
    first, second, request, third = _container(code, env)
    assert first[0] == 200  # a container's first check never waits for the application
    assert request == [500, {"error": "internal_error", "message": "internal error"}]
    for status, body in (second, third):
        assert status == 503
        assert body == {
            "status": "fail",
            "region": HOME,
            "check": "shallow",
            "reason": "application",
        }
