"""Stack config (``Pulumi.<stack>.yaml``, namespace ``multi-region-api``) -> component args.

The key table is derived from the args ``TypedDict``: every field of ``MultiRegionApiArgs`` is
the config key of the same name in camelCase, and a field typed as another ``TypedDict``
(``health_check``, ``app``) is an object whose keys follow the same rule, and so is each item of
a list of them (``app.indexes``); free-form values (``app.policyStatements``, whose IAM keys are
PascalCase, and ``app.environment``) pass through as written. Adding an argument is one
``TypedDict`` field (``args_types``) plus its validation; the stack program, the local runtime and
ops pick it up from here. How ``pulumi.Config`` reads a key follows from the field's type:
``bool``, ``int``, ``str`` (a ``StrEnum`` or ``Literal`` of strings too), an object for lists,
mappings and nested ``TypedDict``s, and a secret for ``pulumi.Input[...]`` (the one way a config
value arrives as an ``Output``).

One loader, ``load_stack_settings``, reads a stack file from disk for the local runtime, ops and
the tests; the stack program reads the same keys through ``pulumi.Config``. Both reject a key of the
namespace that is not in the table, naming the closest known one.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import (
    Any,
    Literal,
    NamedTuple,
    NotRequired,
    Required,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
    is_typeddict,
)

import pulumi
import yaml
from multi_region_api.handlers.contract import PROJECT_NAME

from .args import ApiSettings, MultiRegionApiArgs, resolve_args
from .args_error import closest

NAMESPACE = PROJECT_NAME
STACK_COMPONENT = "api"
"""The name the stack program gives its ``MultiRegionApi``; ops find its resources by it."""
Kind = Literal["str", "int", "bool", "object", "secret"]


class StackConfigError(ValueError):
    """A stack file that cannot be read or holds an unknown key."""


def camel_case(snake: str) -> str:
    """``manage_api_gateway_account`` -> ``manageApiGatewayAccount``."""
    head, *rest = snake.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class ConfigKey(NamedTuple):
    """One config key: the args field it fills, how ``pulumi.Config`` reads it, nested keys.

    A tuple, so ``CONFIG_KEYS[key][1]`` is the kind for callers that index it.
    """

    arg: str
    kind: Kind
    fields: Mapping[str, ConfigKey] | None = None
    """Config key -> key, when the value is an object with a fixed set of keys (a TypedDict)."""
    each: Mapping[str, ConfigKey] | None = None
    """The same, for every value of a mapping with free keys (``dict[str, SomeTypedDict]``)."""
    items: Mapping[str, ConfigKey] | None = None
    """The same, for every item of a list of objects (``list[SomeTypedDict]``)."""


def _is_output(hint: Any) -> bool:
    """``pulumi.Input[T]`` is ``T | Awaitable[T] | Output[T]``."""
    return hint is pulumi.Output or get_origin(hint) is pulumi.Output


def _key(arg: str, hint: Any) -> ConfigKey:
    origin = get_origin(hint)
    if origin in (NotRequired, Required):
        return _key(arg, get_args(hint)[0])
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if any(_is_output(a) for a in options):
            return ConfigKey(arg, "secret")
        if len(options) == 1:
            return _key(arg, options[0])
        return ConfigKey(arg, "object")
    if is_typeddict(hint):
        return ConfigKey(arg, "object", fields=keys_of(hint))
    if origin is dict and is_typeddict(get_args(hint)[1]):
        return ConfigKey(arg, "object", each=keys_of(get_args(hint)[1]))
    if origin is list and is_typeddict(get_args(hint)[0]):
        return ConfigKey(arg, "object", items=keys_of(get_args(hint)[0]))
    if hint is bool:
        return ConfigKey(arg, "bool")
    if hint is int:
        return ConfigKey(arg, "int")
    if (isinstance(hint, type) and issubclass(hint, str)) or (
        origin is Literal and all(isinstance(a, str) for a in get_args(hint))
    ):
        return ConfigKey(arg, "str")  # str, a StrEnum, or a Literal of strings
    return ConfigKey(arg, "object")


def keys_of(typed_dict: type) -> dict[str, ConfigKey]:
    """The config keys of a ``TypedDict``, in its field order."""
    keys: dict[str, ConfigKey] = {}
    # ``pulumi.Input[X]`` holds the forward reference "Output[T]" (its own type variable, left
    # unsubstituted), resolved here; string annotations are evaluated too.
    names = {"Output": pulumi.Output, "T": Any}
    hints = get_type_hints(typed_dict, localns=names, include_extras=True)
    for arg, hint in hints.items():
        keys[camel_case(arg)] = _key(arg, hint)
    return keys


CONFIG_KEYS: dict[str, ConfigKey] = keys_of(MultiRegionApiArgs)


def _unknown(key: str, known: Iterable[str]) -> StackConfigError:
    close = closest(key.rsplit(".", 1)[-1], known)
    hint = f" (did you mean {close!r}?)" if close else ""
    known_list = ", ".join(sorted(known))
    return StackConfigError(f"unknown config key {NAMESPACE}:{key}{hint}; known keys: {known_list}")


def _translate(
    values: Mapping[str, Any], keys: Mapping[str, ConfigKey], path: str
) -> dict[str, Any]:
    unknown = sorted(set(values) - set(keys))
    if unknown:
        raise _unknown(f"{path}{unknown[0]}", keys)
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        spec = keys[key]
        if spec.fields is not None and isinstance(value, Mapping):
            value = _translate(value, spec.fields, f"{path}{key}.")
        elif spec.each is not None and isinstance(value, Mapping):
            value = {
                name: _translate(item, spec.each, f"{path}{key}.{name}.")
                if isinstance(item, Mapping)
                else item  # the component's validation names the field
                for name, item in value.items()
            }
        elif spec.items is not None and isinstance(value, list):
            value = [
                _translate(item, spec.items, f"{path}{key}[{i}].")
                if isinstance(item, Mapping)
                else item
                for i, item in enumerate(value)
            ]
        out[spec.arg] = value
    return out


def args_from_config(values: Mapping[str, Any]) -> MultiRegionApiArgs:
    """Translate camelCase config values (absent keys left out) into component args."""
    return cast(MultiRegionApiArgs, _translate(values, CONFIG_KEYS, ""))


def check_config_keys(configured: Iterable[str]) -> None:
    """Fail on a configured ``multi-region-api:<key>`` that is not in the key table."""
    prefix = f"{NAMESPACE}:"
    for full in sorted(configured):
        if full.startswith(prefix) and full.removeprefix(prefix) not in CONFIG_KEYS:
            raise _unknown(full.removeprefix(prefix), CONFIG_KEYS)


def configured_keys() -> set[str]:
    """Every config key the Pulumi engine gave the program (``project:key``).

    ``pulumi.Config`` answers only for keys it is asked about, so the unknown ones are found in
    the runtime's config map (set by the language host) and the ``PULUMI_CONFIG`` environment.
    """
    from pulumi.runtime import config as runtime_config

    return set(runtime_config.CONFIG.get()) | set(runtime_config.get_config_env())


def args_from_pulumi_config(
    get: Callable[[str, Kind], Any], configured: Iterable[str] = ()
) -> MultiRegionApiArgs:
    """Read every known key with ``get(key, kind)``, a reader over ``pulumi.Config``, after
    rejecting any ``configured`` key of the namespace that is not known."""
    check_config_keys(configured)
    return args_from_config({key: get(key, spec.kind) for key, spec in CONFIG_KEYS.items()})


def read_stack_file(path: str | Path) -> dict[str, Any]:
    """The ``multi-region-api:`` values of a stack file, keys without the namespace.

    Encrypted values (``{secure: ...}``) cannot be read without Pulumi and are left out, so a
    secret from the stack file falls back to a generated one locally.
    """
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text()) or {}
    except OSError as exc:
        raise StackConfigError(f"cannot read stack file {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise StackConfigError(f"stack file {path} is not valid YAML: {exc}") from exc
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(config, dict):
        raise StackConfigError(f"stack file {path} has no 'config' mapping")
    prefix = f"{NAMESPACE}:"
    return {
        key.removeprefix(prefix): value
        for key, value in config.items()
        if key.startswith(prefix) and not (isinstance(value, dict) and "secure" in value)
    }


def stack_file(stack: str, project_dir: str | Path = ".") -> Path:
    return Path(project_dir) / f"Pulumi.{stack}.yaml"


_STACK_FILE_RE = re.compile(r"^Pulumi\.(?P<stack>.+)\.yaml$")


@dataclass(frozen=True)
class StackSettings:
    """A stack file read, translated and validated: what ``pulumi up`` would build."""

    stack: str
    path: Path
    args: MultiRegionApiArgs
    settings: ApiSettings


def load_stack_settings(stack: str, project_dir: str | Path = ".") -> StackSettings:
    """``resolve_args(args_from_config(read_stack_file(...)))`` for ``Pulumi.<stack>.yaml``.

    Raises ``StackConfigError`` (a missing file names the stacks that exist) or ``ArgsError``.
    """
    path = stack_file(stack, project_dir)
    if not path.is_file():
        known = sorted(
            m["stack"]
            for p in path.parent.glob("Pulumi.*.yaml")
            if (m := _STACK_FILE_RE.match(p.name))
        )
        raise StackConfigError(
            f"no such stack {stack!r}: {path} not found (stacks: {', '.join(known) or 'none'})"
        )
    try:
        args = args_from_config(read_stack_file(path))
    except StackConfigError as exc:
        raise StackConfigError(f"{path.name}: {exc}") from None
    return StackSettings(
        stack=stack, path=path, args=args, settings=resolve_args(args, base_dir=Path(project_dir))
    )
