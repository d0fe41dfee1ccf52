"""``multi-region-api local`` picks up a change to the app's code on the next request.

Run in a fresh interpreter (a region process of its own), with the real dispatcher serving a
router app from a temp directory, as the local runtime's region server runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from multi_region_api.handlers import contract

from tests.integration.handlers.support import child_env

ROUTER = """
from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()


@router.get("/greeting")
def greeting() -> dict[str, str]:
    return {{"greeting": "{word}"}}


ROUTERS = [router]
"""
PROGRAM = """
import json, os, sys, time
from pathlib import Path
from multi_region_api.local_runtime.app_reload import ReloadingHandler
from multi_region_api.local_runtime.event_adapter import LambdaContext
from multi_region_api.local_runtime.events import build_event

app = Path(sys.argv[1])
said = []
handler = ReloadingHandler(
    "multi_region_api.handlers.app.lambda_handler", app, say=said.append
)


def get():
    event = build_event(
        method="GET", target="/v1/greeting", headers=[("Host", "x")], body=b"",
        source_ip="127.0.0.1", base_path="v1",
    )
    try:
        answer = handler(event, LambdaContext(function_name="f", region="us-east-1"))
    except Exception as exc:
        return {"raised": type(exc).__name__}
    return {"status": answer["statusCode"], "body": json.loads(answer["body"])}


def write(text):
    path = app / "greetings.py"
    path.write_text(text)
    stamp = time.time_ns() + 10**9  # a later mtime even on a coarse clock
    os.utime(path, ns=(stamp, stamp))


results = [get()]
write(sys.argv[2].format(word="hello again"))
results.append(get())
write("def broken(:")
results.append(get())
results.append(get())
write(sys.argv[2].format(word="fixed"))
results.append(get())
print(json.dumps({"results": results, "said": said}))
"""


def test_a_change_to_the_apps_code_is_served_on_the_next_request(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "greetings.py").write_text(ROUTER.format(word="hello"))
    env = child_env(
        **{contract.ENV_APP_ROUTERS: "greetings:ROUTERS"},
        PYTHONPATH=os.pathsep.join([str(app), os.environ.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(  # noqa: S603 - our interpreter, our program
        [sys.executable, "-c", PROGRAM, str(app), ROUTER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    first, changed, broken, still_broken, fixed = outcome["results"]
    assert first == {"status": 200, "body": {"greeting": "hello"}}
    assert changed == {"status": 200, "body": {"greeting": "hello again"}}
    assert broken == still_broken == {"raised": "RuntimeError"}
    assert fixed == {"status": 200, "body": {"greeting": "fixed"}}
    said = outcome["said"]
    assert said[0].startswith("app code changed: reloaded in")
    assert said[1].startswith("app code changed: it does not load (SyntaxError")
    assert said[2].startswith("app code changed: reloaded in")
    assert len(said) == 3  # an unchanged broken app is not reloaded again
