"""The ``app`` argument: the user's own code, its dependencies, IAM, environment and indexes.

Validated once into a frozen ``AppSettings`` before any resource exists. The entry point
(``routers``/``handler``) is checked statically: the module is found under ``path`` with
importlib's path finder and parsed with ``ast``, never imported, because importing user code in
the Pulumi program would run it with the deployer's credentials and Python, not Lambda's.

No ``from __future__ import annotations``: Pulumi's component provider reads these TypedDicts'
annotations at runtime to infer the schema.
"""

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.machinery import (
    EXTENSION_SUFFIXES,
    SOURCE_SUFFIXES,
    ExtensionFileLoader,
    FileFinder,
    ModuleSpec,
    SourceFileLoader,
)
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from multi_region_api.handlers import contract

from .args_error import ArgsError, did_you_mean, reject_unknown
from .aws_facts import (
    KEY_TYPES,
    MAX_INDEXES,
    MAX_KEY_NAME_BYTES,
    MAX_PROJECTED_ATTRIBUTES,
    PROJECTIONS,
)
from .iam_statements import check_statements


class IndexArgs(TypedDict):
    """A global secondary index the app queries (on-demand, like the table; every replica gets
    it)."""

    name: str
    """Index name: 3-255 characters of letters, digits, ``_``, ``-`` and ``.``."""
    partition_key: str
    """Attribute the index is partitioned by."""
    partition_key_type: NotRequired[str]
    """``S`` (string, default), ``N`` (number) or ``B`` (binary)."""
    sort_key: NotRequired[str]
    """Attribute the index sorts by within a partition (default: none)."""
    sort_key_type: NotRequired[str]
    """``S`` (default), ``N`` or ``B``."""
    projection: NotRequired[str]
    """Attributes copied into the index: ``ALL`` (default), ``KEYS_ONLY`` or ``INCLUDE``."""
    non_key_attributes: NotRequired[list[str]]
    """With ``INCLUDE``: the attributes projected besides the keys."""


class AppArgs(TypedDict):
    """The application the function runs: a directory of Python code and what it needs."""

    path: str
    """Directory of the app's code, shipped at the archive's root (relative paths resolve
    against the Pulumi program's working directory)."""
    routers: NotRequired[str]
    """``module:ATTR``: a sequence of Powertools ``Router``s the platform's dispatcher includes.
    Exactly one of ``routers`` and ``handler``."""
    handler: NotRequired[str]
    """``module.function``: any API Gateway/ALB proxy handler; the platform answers the health
    route and passes every other event to it. Exactly one of ``routers`` and ``handler``."""
    requirements: NotRequired[str]
    """A requirements file: installed as wheels for the Lambda runtime into the archive."""
    policy_statements: NotRequired[list[dict[str, Any]]]
    """IAM statements (``Effect``, ``Action``, ``Resource``...) added to the function's role."""
    environment: NotRequired[dict[str, str]]
    """Plain environment variables for the app; names the platform owns are refused."""
    indexes: NotRequired[list[IndexArgs]]
    """Global secondary indexes the app needs on the table."""


@dataclass(frozen=True)
class IndexSettings:
    name: str
    partition_key: str
    partition_key_type: str = "S"
    sort_key: str | None = None
    sort_key_type: str = "S"
    projection: str = "ALL"
    non_key_attributes: tuple[str, ...] = ()

    @property
    def attributes(self) -> tuple[tuple[str, str], ...]:
        """The key attributes the table must define for this index."""
        keys = [(self.partition_key, self.partition_key_type)]
        if self.sort_key is not None:
            keys.append((self.sort_key, self.sort_key_type))
        return tuple(keys)


@dataclass(frozen=True)
class AppSettings:
    """The validated ``app``; ``path`` and ``requirements`` are absolute."""

    path: Path
    routers: str | None = None
    handler: str | None = None
    requirements: Path | None = None
    policy_statements: tuple[dict[str, Any], ...] = ()
    environment: dict[str, str] = field(default_factory=dict)
    indexes: tuple[IndexSettings, ...] = ()

    @property
    def entry_env(self) -> dict[str, str]:
        """The one contract variable telling the dispatcher how to load the app."""
        if self.routers is not None:
            return {contract.ENV_APP_ROUTERS: self.routers}
        assert self.handler is not None
        return {contract.ENV_APP_HANDLER: self.handler}


_LOADERS = ((ExtensionFileLoader, EXTENSION_SUFFIXES), (SourceFileLoader, SOURCE_SUFFIXES))
_IDENTIFIER = r"[A-Za-z_][A-Za-z0-9_]*"
_MODULE = rf"{_IDENTIFIER}(\.{_IDENTIFIER})*"
_ROUTERS_RE = re.compile(rf"^(?P<module>{_MODULE}):(?P<attr>{_IDENTIFIER})$")
_HANDLER_RE = re.compile(rf"^(?P<module>{_MODULE})\.(?P<attr>{_IDENTIFIER})$")
_ENV_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # Lambda: [a-zA-Z]([a-zA-Z0-9_])+
_INDEX_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]{3,255}$")
# Names the platform or Lambda owns: every contract variable, Lambda's reserved names (``AWS_*``,
# ``LAMBDA_*``; ``_HANDLER`` and ``_X_AMZN_TRACE_ID`` fail the name pattern already), Powertools'
# settings, and the variables that change how the runtime starts or finds code.
RESERVED_PREFIXES = ("AWS_", "LAMBDA_", "POWERTOOLS_")
RESERVED_NAMES = frozenset(
    {value for name, value in vars(contract).items() if name.startswith("ENV_")}
    | {"TZ", "PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "PYTHONHOME"}
)


def _directory(base_dir: Path, raw: object) -> Path:
    if not isinstance(raw, str) or not raw:
        raise ArgsError("app.path", f"must be the path of the app's code directory, got {raw!r}")
    path = (base_dir / raw).resolve()
    if not path.exists():
        raise ArgsError("app.path", f"{raw!r} does not exist (looked for {path})")
    if not path.is_dir():
        raise ArgsError("app.path", f"{raw!r} is not a directory ({path})")
    return path


def find_module(root: Path, module: str) -> ModuleSpec | None:
    """``module``'s spec as Lambda would find it with ``root`` on ``sys.path``; nothing runs.

    Each step uses a ``FileFinder`` on the directories found so far, so namespace packages work
    without touching ``sys.modules``; byte-code-only modules are not found (they do not ship).
    """
    parts = module.split(".")
    search = [str(root)]
    spec: ModuleSpec | None = None
    for depth in range(len(parts)):
        if not search:
            return None  # a plain module has no submodules
        name = ".".join(parts[: depth + 1])
        spec = next(
            (s for d in search if (s := FileFinder(d, *_LOADERS).find_spec(name)) is not None),
            None,
        )
        if spec is None:
            return None
        search = list(spec.submodule_search_locations or [])
    return spec


def _bound_names(statements: list[ast.stmt]) -> set[str]:
    """Names a module binds at import: definitions, assignments, imports, including those
    inside top-level ``if``/``try``/``with`` blocks; ``*`` when it star-imports or defines
    ``__getattr__`` (then any name may exist)."""
    names: set[str] = set()
    for node in statements:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add("*" if alias.name == "*" else alias.asname or alias.name.split(".")[0])
        if isinstance(node, ast.If | ast.Try | ast.TryStar | ast.With):
            nested = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
            for handler in getattr(node, "handlers", []):
                nested += handler.body
            names |= _bound_names(nested)
    if "__getattr__" in names:
        names.add("*")
    return names


def _entry_point(field_name: str, spec: object, pattern: re.Pattern[str], root: Path) -> str:
    """``spec`` once its module is found under ``root`` and binds the attribute at top level."""
    shape = "'module:ATTR'" if field_name == "app.routers" else "'module.function'"
    match = pattern.match(spec) if isinstance(spec, str) else None
    if match is None:
        raise ArgsError(field_name, f"{spec!r} is not {shape}")
    module, attr = match["module"], match["attr"]
    found = find_module(root, module)
    if found is None or found.origin is None:  # a namespace package has no attributes
        raise ArgsError(field_name, f"module {module!r} not found under {root}")
    origin = Path(found.origin)
    if origin.suffix != ".py":
        return match.string  # an extension module: its attributes cannot be read statically
    try:
        tree = ast.parse(origin.read_bytes(), filename=str(origin))
    except SyntaxError as exc:
        message = f"{origin} does not parse: {exc.msg} (line {exc.lineno})"
        raise ArgsError(field_name, message) from None
    names = _bound_names(tree.body)
    if attr not in names and "*" not in names:
        hint = did_you_mean(attr, names)
        raise ArgsError(field_name, f"{attr!r} is not defined at the top level of {origin}{hint}")
    return match.string


def _environment(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ArgsError("app.environment", f"must map names to strings, got {raw!r}")
    for name, value in raw.items():
        where = f"app.environment.{name}"
        if not isinstance(name, str) or not _ENV_NAME_RE.match(name) or len(name) < 2:
            raise ArgsError(where, "is not a Lambda variable name (a letter, then [A-Za-z0-9_])")
        if name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES):
            raise ArgsError(where, "is a name the platform or Lambda sets; choose another")
        if not isinstance(value, str):
            raise ArgsError(where, f"must be a string, got {value!r}")
    return dict(raw)


def _key_type(where: str, raw: object) -> str:
    if raw not in KEY_TYPES:
        raise ArgsError(where, f"must be one of {', '.join(KEY_TYPES)}, got {raw!r}")
    assert isinstance(raw, str)
    return raw


def _attribute_name(where: str, raw: object) -> str:
    if not isinstance(raw, str) or not raw or len(raw.encode()) > MAX_KEY_NAME_BYTES:
        raise ArgsError(where, f"must be an attribute name of 1-255 bytes, got {raw!r}")
    return raw


def _index(where: str, raw: object) -> IndexSettings:
    if not isinstance(raw, Mapping):
        raise ArgsError(where, f"must be a mapping with name and partition_key, got {raw!r}")
    reject_unknown(raw, IndexArgs, f"{where}.")
    name = raw.get("name")
    if not isinstance(name, str) or not _INDEX_NAME_RE.match(name):
        raise ArgsError(f"{where}.name", f"{name!r} is not 3-255 of [A-Za-z0-9_.-]")
    partition = _attribute_name(f"{where}.partition_key", raw.get("partition_key"))
    sort = raw.get("sort_key")
    if sort is not None:
        sort = _attribute_name(f"{where}.sort_key", sort)
        if sort == partition:
            raise ArgsError(f"{where}.sort_key", "must differ from partition_key")
    elif "sort_key_type" in raw:
        raise ArgsError(f"{where}.sort_key_type", "has no meaning without sort_key")
    if partition == contract.PARTITION_KEY and sort is None:
        raise ArgsError(
            f"{where}.partition_key",
            f"{partition!r} alone is the table's own key: query the table, or add a sort_key",
        )
    projection = raw.get("projection", "ALL")
    if projection not in PROJECTIONS:
        raise ArgsError(
            f"{where}.projection", f"must be one of {', '.join(PROJECTIONS)}, got {projection!r}"
        )
    included = raw.get("non_key_attributes", [])
    if not isinstance(included, list) or not all(isinstance(a, str) and a for a in included):
        raise ArgsError(f"{where}.non_key_attributes", "must be a list of attribute names")
    if (projection == "INCLUDE") != bool(included):
        raise ArgsError(
            f"{where}.non_key_attributes", "is required with projection INCLUDE and only then"
        )
    return IndexSettings(
        name=name,
        partition_key=partition,
        partition_key_type=_key_type(
            f"{where}.partition_key_type", raw.get("partition_key_type", "S")
        ),
        sort_key=sort,
        sort_key_type=_key_type(f"{where}.sort_key_type", raw.get("sort_key_type", "S")),
        projection=str(projection),
        non_key_attributes=tuple(included),
    )


def _indexes(raw: object) -> tuple[IndexSettings, ...]:
    if not isinstance(raw, list):
        raise ArgsError("app.indexes", f"must be a list of indexes, got {raw!r}")
    if len(raw) > MAX_INDEXES:
        raise ArgsError("app.indexes", f"DynamoDB allows {MAX_INDEXES} per table, got {len(raw)}")
    indexes = tuple(_index(f"app.indexes[{i}]", item) for i, item in enumerate(raw))
    types: dict[str, str] = {contract.PARTITION_KEY: "S"}
    names: set[str] = set()
    for i, index in enumerate(indexes):
        if index.name in names:
            raise ArgsError(f"app.indexes[{i}].name", f"{index.name!r} is used twice")
        names.add(index.name)
        for attribute, kind in index.attributes:
            if types.setdefault(attribute, kind) != kind:
                raise ArgsError(
                    f"app.indexes[{i}]",
                    f"attribute {attribute!r} is typed {kind} here but {types[attribute]} "
                    "elsewhere (one table, one type per attribute)",
                )
    projected = sum(len(index.non_key_attributes) for index in indexes)
    if projected > MAX_PROJECTED_ATTRIBUTES:
        raise ArgsError(
            "app.indexes",
            f"project {projected} non-key attributes; DynamoDB allows "
            f"{MAX_PROJECTED_ATTRIBUTES} across a table's indexes",
        )
    return indexes


def _requirements(base_dir: Path, raw: object) -> Path:
    if not isinstance(raw, str) or not raw:
        raise ArgsError("app.requirements", f"must be the path of a requirements file, got {raw!r}")
    path = (base_dir / raw).resolve()
    if not path.is_file():
        raise ArgsError("app.requirements", f"{raw!r} is not a file (looked for {path})")
    return path


def resolve_app(raw: object, base_dir: Path) -> AppSettings | None:
    """Validate ``app``; relative paths resolve against ``base_dir`` (the program's directory)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ArgsError("app", f"must be a mapping with path and routers or handler, got {raw!r}")
    reject_unknown(raw, AppArgs, "app.")
    if "path" not in raw:
        raise ArgsError("app.path", "is required")
    path = _directory(base_dir, raw["path"])
    given = [key for key in ("routers", "handler") if raw.get(key) is not None]
    if len(given) != 1:
        which = "both" if given else "neither"
        raise ArgsError("app.routers", f"give exactly one of routers and handler ({which} given)")
    routers = raw.get("routers")
    handler = raw.get("handler")
    if routers is not None:
        routers = _entry_point("app.routers", routers, _ROUTERS_RE, path)
    else:
        handler = _entry_point("app.handler", handler, _HANDLER_RE, path)
    requirements = raw.get("requirements")
    return AppSettings(
        path=path,
        routers=routers,
        handler=handler,
        requirements=None if requirements is None else _requirements(base_dir, requirements),
        policy_statements=check_statements(
            "app.policy_statements", raw.get("policy_statements", [])
        ),
        environment=_environment(raw.get("environment", {})),
        indexes=_indexes(raw.get("indexes", [])),
    )
