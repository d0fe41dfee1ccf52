"""The project's directory on ``sys.path`` (for ``app_config``) and the API in two regions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from multi_region_api.testing import ApiClient

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from app_config import APP  # noqa: E402 - needs the project on sys.path

HOME, PEER = "us-east-1", "us-west-2"


@pytest.fixture
def home() -> Iterator[ApiClient]:
    """The home region's function serving ``app/``, on a moto table (stopped after the test)."""
    with ApiClient(APP, region=HOME, regions=(HOME, PEER), base_dir=PROJECT) as client:
        yield client


@pytest.fixture
def peer(home: ApiClient) -> ApiClient:
    """The other region's function, on the same table."""
    return home.in_region(PEER)
