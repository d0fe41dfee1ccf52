"""Fixtures for the dispatcher tests (helpers: ``tests/integration/handlers/support.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws
from multi_region_api.components.table_schema import boto3_create_table_kwargs, boto3_ttl_kwargs

from tests.integration.handlers.support import EXAMPLE_PATH, HOME, PEER, TABLE, Api


@pytest.fixture(autouse=True)
def example_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example application's path on ``sys.path``, as the archive's root is on Lambda."""
    monkeypatch.syspath_prepend(str(EXAMPLE_PATH))


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """moto with one table per region, as the component's global table has a replica per region."""
    for key in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", HOME)
    with mock_aws():
        for region in (HOME, PEER):
            client = boto3.client("dynamodb", region_name=region)
            client.create_table(**boto3_create_table_kwargs(TABLE))
            client.update_time_to_live(**boto3_ttl_kwargs(TABLE))
        yield


@pytest.fixture
def api(aws: None, monkeypatch: pytest.MonkeyPatch) -> Api:
    return Api(monkeypatch)


@pytest.fixture
def offline_api(monkeypatch: pytest.MonkeyPatch) -> Api:
    """No moto: for tests that point DynamoDB somewhere else on purpose."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    return Api(monkeypatch)
