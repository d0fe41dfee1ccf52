"""The application the dispatcher serves, found from the environment the component sets.

- ``APP_ROUTERS="module:ATTR"``: ``ATTR`` is a sequence of Powertools ``Router`` objects; the
  dispatcher includes them (validation, ``/openapi.json``, CORS, the error mapping).
- ``APP_HANDLER="module.function"``: any API Gateway/ALB proxy handler ``(event, context)``; the
  dispatcher answers ``/health`` itself and passes every other event to it unchanged.
- Neither: the platform alone (``/health``, ``/openapi.json`` and a ``GET /`` naming the region).

The application's modules are importable because its directory is on ``sys.path`` (the archive's
root on Lambda; ``PYTHONPATH`` locally and in tests). A spec that does not resolve raises
``ConfigError`` naming the variable, in the init phase, before any request is served.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools.event_handler.api_gateway import Router

from ..runtime.deployment import ConfigError
from . import contract

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


def load_application(environ: Mapping[str, str] = os.environ) -> Application:
    """Import the application named by the environment; ``ConfigError`` when it does not resolve."""
    routers = environ.get(contract.ENV_APP_ROUTERS, "").strip()
    handler = environ.get(contract.ENV_APP_HANDLER, "").strip()
    if routers and handler:
        raise ConfigError(
            f"set one of {contract.ENV_APP_ROUTERS} and {contract.ENV_APP_HANDLER}, not both"
        )
    if routers:
        return Application(routers=_routers(routers))
    if handler:
        return Application(handler=_handler(handler))
    return Application()
