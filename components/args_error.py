"""``ArgsError`` and the unknown-key check, in a module of their own so every argument validator
can use them without importing ``args`` (which imports the validators)."""

import difflib
from collections.abc import Mapping


class ArgsError(ValueError):
    """An invalid component argument; ``field`` names it the way the user wrote it (``owner``
    is ``MultiRegionApi`` for the component's own name)."""

    def __init__(self, field: str, message: str, *, owner: str = "MultiRegionApiArgs") -> None:
        super().__init__(f"{owner}.{field}: {message}")
        self.field = field


def reject_unknown(given: Mapping[str, object], typed_dict: type, prefix: str) -> None:
    """An unknown key names itself and the closest known one (a typo is the usual cause)."""
    known = list(typed_dict.__annotations__)
    unknown = sorted(set(given) - set(known))
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ArgsError(f"{prefix}{unknown[0]}", f"is not a known argument{hint}")
