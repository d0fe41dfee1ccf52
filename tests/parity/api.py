"""Requests to a parity container as HTTP calls, built by the project's event factory."""

from __future__ import annotations

import json
from typing import Any

from multi_region_api.handlers import contract
from multi_region_api.handlers.contract import FrontDoor
from multi_region_api.local_runtime.events import DEFAULT_SOURCE_IP, http_event

from multi_region_api.parity.process import LambdaProcess, Reply
from tests.integration.handlers.support import BASE_PATH, SECRET


class ParityApi:
    """One container and the front-door shape its events take."""

    def __init__(self, process: LambdaProcess, shape: FrontDoor) -> None:
        self.process = process
        self.shape = shape

    def call(
        self,
        method: str,
        path: str,
        json_body: Any = None,
        *,
        body: str | None = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        source_ip: str = DEFAULT_SOURCE_IP,
        timeout: float | None = None,
    ) -> Reply:
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body)
            headers.setdefault("Content-Type", "application/json")
        event = http_event(
            method,
            path,
            shape=self.shape,
            base_path=BASE_PATH,
            query=query,
            headers=headers,
            body=body,
            source_ip=source_ip,
        )
        return self.process.send(event) if timeout is None else self.process.send(event, timeout)

    def health(self, secret: str | None = SECRET) -> Reply:
        query = {contract.HEALTH_SECRET_PARAM: secret} if secret is not None else None
        return self.call("GET", contract.HEALTH_PATH, query=query)
