"""Where this code runs: the serving region, the home region, every region's URL, the table.

Read once per container from the environment the component sets (the names are in
``handlers/contract.py``). There is deliberately no BASE_PATH variable: the custom domains map
``/<base_path>`` to the stage, so API Gateway hands the function paths that still carry it, and
the prefix is the path part of this region's own URL in ``REGION_URLS``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from types import MappingProxyType
from urllib.parse import urlsplit

from multi_region_api.handlers import contract

from .errors import WrongRegion


class ConfigError(RuntimeError):
    """The environment does not describe a usable deployment; fails the init phase loudly."""


@dataclass(frozen=True, eq=False)
class Deployment:
    """This region's view of the deployment. Compared and hashed by identity: one per container."""

    region: str
    home_region: str
    region_urls: Mapping[str, str]
    table_name: str
    front_door: contract.FrontDoor
    shared_url: str  # base URL of the shared (latency-routed) name

    @property
    def base_path(self) -> str:
        """``/v1`` for ``https://us-east-1.api.example.com/v1``; ``""`` without a base path."""
        return urlsplit(self.region_urls[self.region]).path.rstrip("/")

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted(self.region_urls))

    @property
    def peer_regions(self) -> tuple[str, ...]:
        return tuple(r for r in self.regions if r != self.region)

    @property
    def is_home(self) -> bool:
        return self.region == self.home_region

    def url_of(self, region: str) -> str:
        """Base URL of ``region`` (no trailing slash), for ``homeUrl`` and ``Location``."""
        return self.region_urls[region].rstrip("/")

    @cached_property
    def origins(self) -> tuple[str, ...]:
        """``https://host[:port]`` of the shared name and of every regional name (CORS, CSP)."""
        urls = [self.shared_url, *(self.url_of(r) for r in self.regions)]
        return tuple(dict.fromkeys(_origin(u) for u in urls))

    def wrong_region(self, home: str, path: str, what: str) -> WrongRegion:
        """The refusal of a write to ``what`` that belongs in ``home``, pointing at ``path`` there.

        ``homeUrl`` is empty for a region this deployment no longer serves.
        """
        home_url = self.url_of(home) if home in self.region_urls else ""
        return WrongRegion(home, home_url, f"{home_url}{path}", what)

    def require_home_region(self, path: str, what: str) -> None:
        """The single-writer guard: raise ``WrongRegion`` outside ``HOME_REGION``."""
        if not self.is_home:
            raise self.wrong_region(self.home_region, path, what)


def _origin(url: str) -> str:
    """What a browser sends in ``Origin`` for a page at ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "")
    if not value:
        raise ConfigError(f"environment variable {name} is required")
    return value


def _region_urls(environ: Mapping[str, str]) -> dict[str, str]:
    try:
        urls = json.loads(_required(environ, contract.ENV_REGION_URLS))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{contract.ENV_REGION_URLS} is not JSON: {exc}") from None
    if not isinstance(urls, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.startswith(("https://", "http://"))
        for k, v in urls.items()
    ):
        raise ConfigError(f"{contract.ENV_REGION_URLS} must map region names to http(s) base URLs")
    return urls


def _front_door(environ: Mapping[str, str]) -> contract.FrontDoor:
    text = environ.get(contract.ENV_FRONT_DOOR) or contract.FrontDoor.REST.value
    try:
        return contract.FrontDoor(text)
    except ValueError:
        choices = ", ".join(d.value for d in contract.FrontDoor)
        raise ConfigError(
            f"{contract.ENV_FRONT_DOOR} must be one of {choices}, got {text!r}"
        ) from None


def _shared_url(environ: Mapping[str, str], home_url: str, home: str) -> str:
    """``SHARED_URL`` when set (the local runtime sets it), else the home region's URL without
    its region label (``us-east-1.api.example.com`` -> ``api.example.com``)."""
    explicit = environ.get(contract.ENV_SHARED_URL, "").rstrip("/")
    if explicit:
        return explicit
    parts = urlsplit(home_url)
    label = f"{home}."
    host = parts.netloc.removeprefix(label) if parts.netloc.startswith(label) else parts.netloc
    return parts._replace(netloc=host).geturl()


def load_deployment(environ: Mapping[str, str] = os.environ) -> Deployment:
    """Parse and cross-check the environment; raise ``ConfigError`` naming the bad variable."""
    region = _required(environ, contract.ENV_REGION)
    urls = _region_urls(environ)
    home = _required(environ, contract.ENV_HOME_REGION)
    for name, value in ((contract.ENV_REGION, region), (contract.ENV_HOME_REGION, home)):
        if value not in urls:
            raise ConfigError(f"{name}={value} has no entry in {contract.ENV_REGION_URLS}")
    return Deployment(
        region=region,
        home_region=home,
        region_urls=MappingProxyType(dict(urls)),
        table_name=_required(environ, contract.ENV_TABLE_NAME),
        front_door=_front_door(environ),
        shared_url=_shared_url(environ, urls[home].rstrip("/"), home),
    )


@cache
def deployment() -> Deployment:
    """The container's deployment (read on first use, then reused by every invocation)."""
    return load_deployment()
