"""How the dispatcher finds the application: routers, a proxy handler, neither, or a bad spec."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from multi_region_api.handlers import contract
from multi_region_api.handlers.application import load_application
from multi_region_api.handlers.config import ConfigError

from tests.integration.handlers.support import (
    EXAMPLE_ROUTERS,
    HOME,
    PEER,
    Api,
    child_env,
    rest_event,
)

PROXY_APP = '''
def handler(event, context):
    """A plain API Gateway proxy handler (no Powertools), echoing what it was given."""
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "text/plain"},
        "body": f"proxy {event['httpMethod']} {event['path']} {context.function_name}",
    }


def broken(event, context):
    raise RuntimeError("the app failed")


NOT_CALLABLE = 42
'''


@pytest.fixture
def proxy_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A one-module application directory on ``sys.path``; its module name."""
    (tmp_path / "proxy_app.py").write_text(PROXY_APP)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "proxy_app", raising=False)
    return "proxy_app"


def test_without_an_app_the_platform_answers_alone(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = Api(monkeypatch, app_routers="")
    home = api.call("GET", "/")
    assert home.status == 200
    assert home.body["region"] == HOME
    assert HOME in home.body["message"]
    assert home.headers[contract.SERVED_REGION_HEADER] == HOME
    assert api.health().status == 200
    assert api.call("GET", "/hello").status == 404
    paths = set(api.call("GET", "/openapi.json").body["paths"])
    assert paths == {"/", contract.HEALTH_PATH}


def test_a_proxy_handler_gets_every_event_but_health(
    aws: None, monkeypatch: pytest.MonkeyPatch, proxy_app: str
) -> None:
    api = Api(monkeypatch, app_routers="", app_handler=f"{proxy_app}.handler")
    answer = api.raw(rest_event("POST", "/anything/here", body="not json at all"))
    assert answer["statusCode"] == 200
    # Unchanged: the custom domain's base path is still on the path, the body was not parsed.
    assert answer["body"] == "proxy POST /v1/anything/here multi-region-api-us-east-1-fn"
    assert answer["headers"][contract.SERVED_REGION_HEADER] == HOME
    health = api.health()
    assert (health.status, health.body["status"]) == (200, "ok")
    assert health.headers[contract.SERVED_REGION_HEADER] == HOME
    assert api.health("wrong").status == 403
    assert api.raw(rest_event("GET", "/openapi.json"))["body"].startswith("proxy GET")


def test_a_failing_proxy_handler_is_a_json_500(
    aws: None, monkeypatch: pytest.MonkeyPatch, proxy_app: str
) -> None:
    api = Api(monkeypatch, app_routers="", app_handler=f"{proxy_app}.broken")
    reply = api.call("GET", "/x")
    assert (reply.status, reply.body["error"]) == (500, "internal_error")
    assert reply.headers[contract.SERVED_REGION_HEADER] == HOME


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({contract.ENV_APP_ROUTERS: "no_such_module:ROUTERS"}, "cannot import module"),
        ({contract.ENV_APP_ROUTERS: "food_for_thought.routes:NOPE"}, "has no attribute 'NOPE'"),
        ({contract.ENV_APP_ROUTERS: "food_for_thought.routes"}, "expected 'module:ATTR'"),
        ({contract.ENV_APP_ROUTERS: "food_for_thought.routes.hello:router"}, "sequence"),
        ({contract.ENV_APP_ROUTERS: "food_for_thought.models:ID_PATTERN"}, "sequence"),
        ({contract.ENV_APP_HANDLER: "proxy_app"}, "expected 'module.function'"),
        ({contract.ENV_APP_HANDLER: "proxy_app.NOT_CALLABLE"}, "int is not callable"),
        ({contract.ENV_APP_HANDLER: "proxy_app.missing"}, "has no attribute 'missing'"),
        (
            {
                contract.ENV_APP_ROUTERS: EXAMPLE_ROUTERS,
                contract.ENV_APP_HANDLER: "proxy_app.handler",
            },
            "not both",
        ),
    ],
)
def test_a_bad_spec_is_a_config_error_naming_the_variable(
    proxy_app: str, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as refused:
        load_application(environ)
    named = [
        name for name in (contract.ENV_APP_ROUTERS, contract.ENV_APP_HANDLER) if name in environ
    ]
    assert any(name in str(refused.value) for name in named)


def test_a_bad_spec_fails_the_init_phase() -> None:
    """A fresh interpreter importing the handler, as Lambda's init does: it fails, loudly."""
    env = child_env(**{contract.ENV_APP_ROUTERS: "food_for_thought.routes:MISSING"})
    run = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", f"import {contract.HANDLER_MODULE}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode != 0
    assert f"ConfigError: {contract.ENV_APP_ROUTERS}=food_for_thought.routes:MISSING" in run.stderr


def test_application_code_cannot_touch_the_platforms_keys(api: Api) -> None:
    from multi_region_api.runtime import RESERVED_KEY_PREFIX, ReservedKey, key, table

    api.use(HOME, deep_ping_percent=100)
    assert api.health().status == 200  # the platform wrote its heartbeat under the prefix
    heartbeat = f"{RESERVED_KEY_PREFIX}HEALTH#{HOME}"
    with pytest.raises(ReservedKey, match="platform"):
        table().get(heartbeat)
    with pytest.raises(ReservedKey):
        table().batch_get(["ITEM#a", heartbeat])
    with pytest.raises(ReservedKey):
        key(f"{RESERVED_KEY_PREFIX}IDEMPOTENCY#order#x")
    assert table().get("ITEM#absent") is None


def test_the_runtime_librarys_worked_example_runs_as_documented(
    aws: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The example in ``multi_region_api.runtime``'s docstring, deployed as its own app."""
    from multi_region_api import runtime

    doc = runtime.__doc__ or ""
    code = textwrap.dedent(doc.split("::\n", 1)[1].split("\nTest it", 1)[0])
    package = tmp_path / "notes"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "routes.py").write_text(code)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("notes", "notes.routes"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    api = Api(monkeypatch, app_routers="notes.routes:ROUTERS")
    assert api.call("GET", "/notes/a").status == 404
    assert api.call("PUT", "/notes/a", {"id": "a", "text": "hi"}).status == 200
    assert api.call("GET", "/notes/a").body == {"id": "a", "text": "hi"}
    api.use(PEER)
    refused = api.call("PUT", "/notes/a", {"id": "a", "text": "there"})
    assert (refused.status, refused.body["error"], refused.body["homeRegion"]) == (
        409,
        "wrong_region",
        HOME,
    )
    assert "/notes/{note_id}" in api.call("GET", "/openapi.json").body["paths"]
