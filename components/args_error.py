"""``ArgsError`` and the one unknown-key check, in a module of their own so every argument
validator (and the stack-config reader) can use them without importing ``args`` (which imports
the validators)."""

import difflib
from collections.abc import Collection, Iterable, Mapping


class ArgsError(ValueError):
    """An invalid component argument; ``field`` names it the way the user wrote it (``owner``
    is ``MultiRegionApi`` for the component's own name)."""

    def __init__(self, field: str, message: str, *, owner: str = "MultiRegionApiArgs") -> None:
        super().__init__(f"{owner}.{field}: {message}")
        self.field = field


def closest(name: object, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (a typo is the usual cause of an unknown one), if any
    is close: the one suggestion rule for argument keys, config keys and region names."""
    close = difflib.get_close_matches(str(name), sorted(known), n=1)
    return close[0] if close else None


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for ``closest``, or ``""``."""
    close = closest(name, known)
    return f"; did you mean {close!r}?" if close else ""


def reject_unknown(
    given: Mapping[str, object],
    known: type | Collection[str],
    prefix: str,
    problem: str = "is not a known argument",
) -> None:
    """Raise for the first key of ``given`` outside ``known`` (a ``TypedDict``'s keys or a
    collection, e.g. the stack's regions), naming it under ``prefix`` and the closest known one.
    """
    names = list(known.__annotations__) if isinstance(known, type) else list(known)
    unknown = sorted((key for key in given if key not in names), key=str)
    if unknown:
        raise ArgsError(f"{prefix}{unknown[0]}", f"{problem}{did_you_mean(unknown[0], names)}")
