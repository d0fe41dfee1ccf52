"""Small applications written into a temp dir, shaped like a user's: a package with routers, a
plain handler module, a decoy ``handlers`` package of its own, and files that must not ship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROUTES = """\
from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()


@router.get("/greetings")
def greetings() -> dict[str, str]:
    return {"message": "hi"}


ROUTERS = [router]
"""

HANDLER = """\
import json


def handle(event, context):
    return {"statusCode": 200, "body": json.dumps({"path": event.get("path")})}
"""

# Importing this module would leave a marker file: the validation must never import app code.
SIDE_EFFECT = """\
from pathlib import Path

Path(__file__).with_name("IMPORTED").write_text("imported")
ROUTERS = []
"""


def write_app(root: Path) -> Path:
    """``root/app``: ``shop.routes:ROUTERS``, ``proxy.handle``, a decoy ``handlers``
    package, caches, a virtualenv and a ``.env`` that stay out of the archive."""
    app = root / "app"
    (app / "shop" / "__pycache__").mkdir(parents=True)
    (app / "shop" / "__init__.py").write_text("")
    (app / "shop" / "routes.py").write_text(ROUTES)
    (app / "shop" / "static").mkdir()
    (app / "shop" / "static" / "index.html").write_text("<h1>shop</h1>\n")
    (app / "shop" / "__pycache__" / "routes.cpython-313.pyc").write_bytes(b"\0")
    (app / "proxy.py").write_text(HANDLER)
    (app / "handlers").mkdir()
    (app / "handlers" / "__init__.py").write_text("MINE = True\n")
    (app / ".env").write_text("SECRET=do-not-ship\n")
    (app / ".git").mkdir()
    (app / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (app / "venv" / "lib").mkdir(parents=True)
    (app / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (app / "venv" / "lib" / "site.py").write_text("")
    return app


SHIPPED_APP_FILES = (
    "handlers/__init__.py",
    "proxy.py",
    "shop/__init__.py",
    "shop/routes.py",
    "shop/static/index.html",
)


def app_args(app: Path, **overrides: Any) -> dict[str, Any]:
    return {"path": str(app), "routers": "shop.routes:ROUTERS", **overrides}
