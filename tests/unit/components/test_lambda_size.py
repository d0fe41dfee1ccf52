"""Lambda's size limits: the layer counts against 250 MB unzipped, 50 MB zipped for an upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from multi_region_api.components import lambda_size as size_module
from multi_region_api.components.lambda_runtime import (
    LAMBDA_ARCHITECTURE,
    LAMBDA_RUNTIME,
    LAYER_UNZIPPED_BYTES,
    POWERTOOLS_VERSION,
)
from multi_region_api.components.lambda_size import layer_unzipped_bytes


def test_the_layer_size_is_pinned_for_the_pinned_release() -> None:
    assert (
        layer_unzipped_bytes()
        == LAYER_UNZIPPED_BYTES[(POWERTOOLS_VERSION, LAMBDA_RUNTIME, LAMBDA_ARCHITECTURE)]
    )


def files(tmp_path: Path, sizes: dict[str, int]) -> dict[str, Path]:
    out = {}
    for key, size in sizes.items():
        path = tmp_path / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
        out[key] = path
    return out


def test_an_archive_within_the_limits_gets_its_sizes(tmp_path: Path) -> None:
    size = size_module.check_lambda_size(
        files(tmp_path, {"app/main.py": 4000, "idna/core.py": 1000})
    )
    assert size.unzipped == 5000
    assert size.unzipped < size.zipped < size.unzipped + 1000  # stored size: a bound, no deflate
    assert size.layer == layer_unzipped_bytes()
    assert size.unzipped_with_layer == 5000 + size.layer
    assert size_module.ZIPPED_LIMIT == 52_428_800
    assert size_module.UNZIPPED_LIMIT == 262_144_000


def test_the_unzipped_limit_counts_the_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(size_module, "UNZIPPED_LIMIT", size_module.layer_unzipped_bytes() + 4999)
    archive = files(tmp_path, {"app/main.py": 1000, "numpy/core.so": 3000, "numpy/a.py": 1000})
    with pytest.raises(size_module.LambdaSizeError) as refused:
        size_module.check_lambda_size(archive)
    message = str(refused.value)
    assert "5,000 bytes unzipped" in message
    assert "with the Powertools layer" in message
    assert message.endswith("largest: numpy 0.0 MB, app 0.0 MB")


def test_the_zipped_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(size_module, "ZIPPED_LIMIT", 100)
    with pytest.raises(size_module.LambdaSizeError, match="zipped, over Lambda's 100 for a direct"):
        size_module.check_lambda_size(files(tmp_path, {"app/main.py": 1000}))


def test_a_small_archive_is_not_deflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deflate(_: object) -> int:
        raise AssertionError("a small archive needs no deflate pass")

    monkeypatch.setattr(size_module, "_deflated", deflate)
    size = size_module.check_lambda_size(files(tmp_path, {"app/main.py": 1000}))
    assert size.zipped >= 1000
