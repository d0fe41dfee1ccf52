"""Time to build an app's archive with one dependency, cold and cached (needs PyPI).

Two measures, each cold and cached:

- the dependency build alone (``build_dependencies``);
- the whole archive as the component builds it at construction (``lambda_code(app)``: the
  platform's files, the app's, the dependencies built or found in the cache, the size check and
  the content hash), for an app given as a user gives it (``resolve_app``).

Cold is a fresh builder cache (pip's resolution, download and install; pip's own HTTP cache stays
as the machine has it, as on a deployer's machine after the first day); cached is the same inputs
again, which must do no pip work. The cached build is reported against the cold one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from multi_region_api.components.app_args import resolve_app
from multi_region_api.components.app_dependencies import CACHE_ENV, build_dependencies
from multi_region_api.components.lambda_package import lambda_code

from bench.result import Result, median_seconds

REQUIREMENTS = "msgpack==1.1.1\n"  # one cp313 manylinux aarch64 wheel, no dependencies
ROUTES = """\
from aws_lambda_powertools.event_handler.api_gateway import Router

router = Router()
ROUTERS = (router,)


@router.get("/hello")
def hello() -> dict[str, str]:
    return {"hello": "world"}
"""
REPEAT_COLD = 3
REPEAT_CACHED = 20
CACHED_TARGET = 0.01  # a hit reads a file and checks a directory: under 1 % of a pip run
# A cached archive still lists, hashes and size-checks every file: a tenth of a cold one at most.
ARCHIVE_CACHED_TARGET = 0.1


@contextmanager
def _cache_home(path: Path) -> Iterator[None]:
    """The builder's default cache (``$XDG_CACHE_HOME``) under ``path``, as a user's would be."""
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(path)
    try:
        yield
    finally:
        if before is None:
            del os.environ[CACHE_ENV]
        else:
            os.environ[CACHE_ENV] = before


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        requirements = root / "requirements.txt"
        requirements.write_text(REQUIREMENTS)
        (root / "app").mkdir()
        (root / "app" / "hello.py").write_text(ROUTES)
        app = resolve_app(
            {"path": "app", "routers": "hello:ROUTERS", "requirements": "requirements.txt"}, root
        )
        assert app is not None
        caches = iter(root / f"cache-{n}" for n in range(REPEAT_COLD))
        cold = median_seconds(
            lambda: build_dependencies(requirements, cache_dir=next(caches)), REPEAT_COLD
        )
        cached = median_seconds(
            lambda: build_dependencies(requirements, cache_dir=root / "cache-0"), REPEAT_CACHED
        )
        homes = iter(root / f"home-{n}" for n in range(REPEAT_COLD))

        def cold_archive() -> None:
            with _cache_home(next(homes)):
                lambda_code(app)

        def cached_archive() -> None:
            with _cache_home(root / "home-0"):
                lambda_code(app)

        archive_cold = median_seconds(cold_archive, REPEAT_COLD)
        archive_cached = median_seconds(cached_archive, REPEAT_CACHED)
    return [
        Result("dependencies, 1 wheel, cold", cold, "s"),
        Result(
            "dependencies, 1 wheel, cached",
            cached,
            "s",
            baseline=cold,
            baseline_name="cold",
            target_ratio=CACHED_TARGET,
        ),
        Result("archive lambda_code(app), 1 wheel, cold", archive_cold, "s"),
        Result(
            "archive lambda_code(app), 1 wheel, cached",
            archive_cached,
            "s",
            baseline=archive_cold,
            baseline_name="cold",
            target_ratio=ARCHIVE_CACHED_TARGET,
        ),
    ]
