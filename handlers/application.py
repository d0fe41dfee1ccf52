"""The application the dispatcher serves, found from the environment the component sets.

- ``APP_ROUTERS="module:ATTR"``: ``ATTR`` is a sequence of Powertools ``Router`` objects; the
  dispatcher includes them (validation, ``/openapi.json``, CORS, the error mapping).
- ``APP_HANDLER="module.function"``: any API Gateway/ALB proxy handler ``(event, context)``; the
  dispatcher answers ``/health`` itself and passes every other event to it unchanged.
- Neither: the platform alone (``/health``, ``/openapi.json`` and a ``GET /`` naming the region).

The application's modules are importable because its directory is on ``sys.path`` (the archive's
root on Lambda; ``PYTHONPATH`` locally and in tests). A spec that does not resolve raises
``ConfigError`` naming the variable, in the init phase, before any request is served.

Routers are imported on the first request that needs them (``app.py``: a shallow ``/health``
must not wait for the application's models), so at init ``check_application`` checks a routers
spec without running the module: the module is found (``importlib.util.find_spec``) and its
source binds the attribute at top level. What only running it can tell (that the attribute is a
sequence of Routers, an import error inside the module) fails that first request instead, with
the same ``ConfigError`` in the log and a 500; the component checked the spec before deploying.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from multi_region_api.runtime.deployment import ConfigError

from . import contract

if TYPE_CHECKING:
    from aws_lambda_powertools.event_handler.api_gateway import Router

ProxyHandler = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Application:
    """What the environment names: routers, a proxy handler, or neither (never both)."""

    routers: tuple[Router, ...] | None = None
    handler: ProxyHandler | None = None


def _module(variable: str, spec: str, name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ConfigError(f"{variable}={spec}: cannot import module {name!r}: {exc}") from exc


def _attribute(variable: str, spec: str, module_name: str, attribute: str) -> Any:
    module = _module(variable, spec, module_name)
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise ConfigError(
            f"{variable}={spec}: module {module_name!r} has no attribute {attribute!r}"
        ) from None


def _routers(spec: str) -> tuple[Router, ...]:
    from aws_lambda_powertools.event_handler.api_gateway import Router  # with the routers only

    variable = contract.ENV_APP_ROUTERS
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigError(f"{variable}={spec}: expected 'module:ATTR'")
    value = _attribute(variable, spec, module_name, attribute)
    if (
        not isinstance(value, Sequence)
        or isinstance(value, str)
        or not value
        or not all(isinstance(r, Router) for r in value)
    ):
        raise ConfigError(
            f"{variable}={spec}: expected a non-empty sequence of Powertools Routers, "
            f"got {type(value).__name__}"
        )
    return tuple(value)


def _handler(spec: str) -> ProxyHandler:
    variable = contract.ENV_APP_HANDLER
    module_name, sep, function = spec.rpartition(".")
    if not sep or not module_name or not function:
        raise ConfigError(f"{variable}={spec}: expected 'module.function'")
    value = _attribute(variable, spec, module_name, function)
    if not callable(value):
        raise ConfigError(f"{variable}={spec}: {type(value).__name__} is not callable")
    handler: ProxyHandler = value
    return handler


def _top_level_names(tree: ast.Module) -> set[str] | None:
    """Names a module's source binds at top level; ``None`` when it may bind others unseen (a
    star import or a module ``__getattr__``)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == "__getattr__":
                return None
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if alias.name == "*":
                    return None
                names.add(alias.asname or alias.name.partition(".")[0])
        elif isinstance(node, ast.If | ast.Try):
            return None  # conditional bindings: leave them to the import
    return names


def _check_routers_spec(spec: str) -> None:
    variable = contract.ENV_APP_ROUTERS
    module_name, sep, attribute = spec.partition(":")
    if not sep or not module_name or not attribute:
        raise ConfigError(f"{variable}={spec}: expected 'module:ATTR'")
    try:
        found = importlib.util.find_spec(module_name)
    except (ImportError, ValueError) as exc:
        raise ConfigError(
            f"{variable}={spec}: cannot import module {module_name!r}: {exc}"
        ) from exc
    if found is None:
        raise ConfigError(f"{variable}={spec}: cannot import module {module_name!r}: not found")
    if found.origin is None or not found.origin.endswith(".py"):
        return
    with open(found.origin, "rb") as source:
        names = _top_level_names(ast.parse(source.read(), found.origin))
    if names is not None and attribute not in names:
        raise ConfigError(
            f"{variable}={spec}: module {module_name!r} has no attribute {attribute!r}"
        )


def _specs(environ: Mapping[str, str]) -> tuple[str, str]:
    routers = environ.get(contract.ENV_APP_ROUTERS, "").strip()
    handler = environ.get(contract.ENV_APP_HANDLER, "").strip()
    if routers and handler:
        raise ConfigError(
            f"set one of {contract.ENV_APP_ROUTERS} and {contract.ENV_APP_HANDLER}, not both"
        )
    return routers, handler


def check_application(environ: Mapping[str, str] = os.environ) -> Application | None:
    """The init phase's part: the application, or ``None`` for routers, whose spec is checked
    here without importing them (``load_application`` imports them on first use)."""
    routers, _ = _specs(environ)
    if routers:
        _check_routers_spec(routers)
        return None
    return load_application(environ)


def load_application(environ: Mapping[str, str] = os.environ) -> Application:
    """Import the application named by the environment; ``ConfigError`` when it does not resolve."""
    routers, handler = _specs(environ)
    if routers:
        return Application(routers=_routers(routers))
    if handler:
        return Application(handler=_handler(handler))
    return Application()
