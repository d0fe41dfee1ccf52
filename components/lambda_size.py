"""Lambda's deployment-package limits, checked before any resource exists.

A direct upload (the component uploads the archive with the function) is at most 50 MB zipped,
and the function's code with every layer at most 250 MB unzipped, as the Lambda API counts them
(its error says "smaller than 262144000 bytes"). The Powertools layer counts against the 250 MB,
so its unzipped size is pinned per release next to the runtime pin.

Deflating a large archive takes seconds, so the zipped size is measured only when the stored size
could pass the limit: deflate never makes an entry larger than storing it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import lambda_runtime as rt

ZIPPED_LIMIT = 50 * 1024 * 1024
UNZIPPED_LIMIT = 262_144_000
# A zip's per-entry overhead besides the data: local header, central directory entry, the name
# twice (APPNOTE 4.3.7 and 4.3.12; Pulumi's archives carry no extra fields).
_ZIP_ENTRY_BYTES = 30 + 46


class LambdaSizeError(ValueError):
    """The archive is over one of Lambda's deployment-package limits."""


@dataclass(frozen=True)
class LambdaSize:
    zipped: int
    """The archive as uploaded: deflated when that was measured, else its stored size (a bound)."""
    unzipped: int
    """The archive's files unzipped."""
    layer: int
    """The Powertools layer unzipped, counted against the same 250 MB."""

    @property
    def unzipped_with_layer(self) -> int:
        return self.unzipped + self.layer


class _Counter(io.RawIOBase):
    """A write-only sink that only counts, so the zipped size costs no disk or memory."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        return len(data)


def layer_unzipped_bytes() -> int:
    """The pinned Powertools layer's unzipped size (``lambda_runtime.LAYER_UNZIPPED_BYTES``)."""
    key = (rt.POWERTOOLS_VERSION, rt.LAMBDA_RUNTIME, rt.LAMBDA_ARCHITECTURE)
    try:
        return rt.LAYER_UNZIPPED_BYTES[key]
    except KeyError:
        raise RuntimeError(f"no unzipped size is pinned for the Powertools layer {key}") from None


def _largest(files: Mapping[str, Path], count: int = 5) -> str:
    sizes: dict[str, int] = {}
    for key, path in files.items():
        top = key.split("/")[0]
        sizes[top] = sizes.get(top, 0) + path.stat().st_size
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:count]
    return ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in largest)


def _deflated(files: Mapping[str, Path]) -> int:
    sink = _Counter()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in sorted(files):
            archive.write(files[key], key)
    return sink.size


def check_lambda_size(files: Mapping[str, Path]) -> LambdaSize:
    """The archive's sizes against Lambda's limits; ``LambdaSizeError`` naming the largest parts."""
    unzipped = sum(path.stat().st_size for path in files.values())
    stored = unzipped + sum(_ZIP_ENTRY_BYTES + 2 * len(key) for key in files) + 22
    zipped = stored if stored <= ZIPPED_LIMIT else _deflated(files)
    size = LambdaSize(zipped=zipped, unzipped=unzipped, layer=layer_unzipped_bytes())
    if size.zipped > ZIPPED_LIMIT:
        raise LambdaSizeError(
            f"the function's archive is {size.zipped:,} bytes zipped, over Lambda's "
            f"{ZIPPED_LIMIT:,} for a direct upload; largest: {_largest(files)}"
        )
    if size.unzipped_with_layer > UNZIPPED_LIMIT:
        raise LambdaSizeError(
            f"the function's archive is {size.unzipped:,} bytes unzipped, "
            f"{size.unzipped_with_layer:,} with the Powertools layer ({size.layer:,}), over "
            f"Lambda's {UNZIPPED_LIMIT:,}; largest: {_largest(files)}"
        )
    return size
