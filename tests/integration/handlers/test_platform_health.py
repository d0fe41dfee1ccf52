"""``GET /health`` on the platform resolver (``handlers/platform.py``), and what Powertools 3.34
changed that reaches us. The other routes keep the validated application resolver."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from multi_region_api.handlers import contract

from tests.integration.handlers.support import BASE_PATH, HOME, SECRET, Api, FakeContext, rest_event


def test_health_answers_the_same_on_both_resolvers(api: Api) -> None:
    from multi_region_api.handlers import app as app_module
    from multi_region_api.handlers.config import get_config

    on_platform = api.health()
    query = {contract.HEALTH_SECRET_PARAM: SECRET}
    event = rest_event("GET", contract.HEALTH_PATH, query=query)
    routed = app_module.create_app(get_config()).resolve(event, FakeContext())
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
    from multi_region_api.handlers import app as app_module
    from multi_region_api.handlers.config import get_config

    event = rest_event(
        "PUT", "/items/x", body="a=b", headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    answer = app_module.create_app(get_config(), ROUTERS).resolve(event, FakeContext())
    assert answer["statusCode"] == 415
    assert '"unsupported_media_type"' in answer["body"]


def test_a_shallow_health_imports_no_application_code() -> None:
    """In a fresh interpreter: importing the dispatcher and answering ``/health`` leaves the
    application's routes, the models and pydantic unimported (the parity tier checks the same on
    Lambda); the next request loads them."""
    from tests.integration.handlers.support import EXAMPLE_PATH, EXAMPLE_ROUTERS, region_env

    code = (
        "import json, sys\n"
        "from multi_region_api.handlers import app\n"
        "from tests.integration.handlers.support import FakeContext, rest_event\n"
        f"event = rest_event('GET', '{contract.HEALTH_PATH}', "
        f"query={{'{contract.HEALTH_SECRET_PARAM}': '{SECRET}'}})\n"
        "status = app.lambda_handler(event, FakeContext())['statusCode']\n"
        "watched = ('pydantic', 'food_for_thought.routes', 'multi_region_api.handlers.models')\n"
        "loaded = [m for m in watched if m in sys.modules]\n"
        "app.lambda_handler(rest_event('GET', '/regions'), FakeContext())\n"
        "print(json.dumps([status, loaded, [m for m in watched if m in sys.modules]]))\n"
    )
    env = {**region_env(HOME), "PATH": "/usr/bin:/bin", "AWS_ACCESS_KEY_ID": "x"}
    env[contract.ENV_APP_ROUTERS] = EXAMPLE_ROUTERS
    env["PYTHONPATH"] = str(EXAMPLE_PATH)
    env["AWS_SECRET_ACCESS_KEY"] = "x"
    run = subprocess.run(  # noqa: S603 - this interpreter, our own snippet
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    status, before, after = json.loads(run.stdout.strip().splitlines()[-1])
    assert (status, before) == (200, [])
    assert after == ["pydantic", "food_for_thought.routes", "multi_region_api.handlers.models"]
