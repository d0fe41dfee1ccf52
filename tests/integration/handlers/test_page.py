"""The page routes through the real handler: HTML with a strict CSP and the base path, its static
files, ``GET /regions``, CORS for the API's own origins only, and ``X-Served-Region``."""

from __future__ import annotations

from typing import Any

import pytest
from multi_region_api.handlers import contract

from tests.integration.handlers.support import BASE_PATH, HOME, PEER, Api, rest_event

SHARED = "https://api.example.com"
REGIONAL = {r: f"https://{r}.api.example.com" for r in (HOME, PEER)}


def _headers(answer: dict[str, Any]) -> dict[str, str]:
    merged = dict(answer.get("headers") or {})
    for key, values in (answer.get("multiValueHeaders") or {}).items():
        merged[key] = ", ".join(values)
    return {k.lower(): v for k, v in merged.items()}


def test_the_page_is_html_under_a_strict_policy_with_the_base_path(api: Api) -> None:
    answer = api.raw(rest_event("GET", "/"))
    headers = _headers(answer)
    assert answer["statusCode"] == 200
    assert headers["content-type"].startswith("text/html")
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe" not in policy
    assert f"connect-src 'self' {SHARED} {REGIONAL[HOME]} {REGIONAL[PEER]};" in policy
    assert "frame-ancestors 'none'" in policy
    html = answer["body"]
    assert f'src="/{BASE_PATH}/static/app.js"' in html
    assert f'data-base="/{BASE_PATH}"' in html
    assert "<script>" not in html, "an inline script would need 'unsafe-inline'"
    assert "http" not in html.split("<body", 1)[0], "the page must not load anything external"
    assert headers["x-served-region"] == HOME


@pytest.mark.parametrize("name", ["app.css", "app.js"])
def test_the_static_files_are_served_with_their_types(api: Api, name: str) -> None:
    from food_for_thought.routes.page import ASSETS

    answer = api.raw(rest_event("GET", f"/static/{name}"))
    assert answer["statusCode"] == 200
    assert _headers(answer)["content-type"] == ASSETS[name]
    assert len(answer["body"]) > 500


def test_an_unknown_static_file_is_a_json_404(api: Api) -> None:
    reply = api.call("GET", "/static/index.html")
    assert reply.status == 404
    assert reply.body["error"] == "not_found"


def test_regions_lists_the_regional_urls_the_home_and_the_shared_url(api: Api) -> None:
    api.use(PEER)
    reply = api.call("GET", "/regions")
    assert reply.status == 200
    assert reply.body == {
        "region": PEER,
        "home": HOME,
        "shared": f"{SHARED}/{BASE_PATH}",
        "regions": {r: f"{url}/{BASE_PATH}" for r, url in REGIONAL.items()},
    }
    assert reply.headers[contract.SERVED_REGION_HEADER] == PEER


def test_shared_url_comes_from_the_environment_when_set(api: Api) -> None:
    api.monkeypatch.setenv(contract.ENV_SHARED_URL, "http://127.0.0.1:8080")
    api.use(HOME)
    reply = api.call("GET", "/hello", headers={"Origin": "http://127.0.0.1:8080"})
    assert reply.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"


@pytest.mark.parametrize("origin", [SHARED, REGIONAL[HOME], REGIONAL[PEER]])
def test_cors_allows_the_apis_own_origins(api: Api, origin: str) -> None:
    preflight = api.raw(
        rest_event(
            "OPTIONS",
            "/orders/o-1",
            headers={"Origin": origin, "Access-Control-Request-Method": "PATCH"},
        )
    )
    headers = _headers(preflight)
    assert preflight["statusCode"] == 204
    assert headers["access-control-allow-origin"] == origin
    assert "PATCH" in headers["access-control-allow-methods"]
    assert "Idempotency-Key" in headers["access-control-allow-headers"]
    reply = api.call("GET", "/hello", headers={"Origin": origin})
    assert reply.headers["Access-Control-Allow-Origin"] == origin
    assert contract.SERVED_REGION_HEADER in reply.headers["Access-Control-Expose-Headers"]


def test_cors_ignores_any_other_origin(api: Api) -> None:
    reply = api.call("GET", "/hello", headers={"Origin": "https://evil.example.net"})
    assert reply.status == 200
    assert not any(k.lower().startswith("access-control-") for k in reply.headers)


def test_errors_name_the_serving_region_too(api: Api) -> None:
    reply = api.call("GET", "/no/such/route")
    assert reply.status == 404
    assert reply.headers[contract.SERVED_REGION_HEADER] == HOME
    refused = api.call("PUT", "/items/a", headers={"Content-Type": "text/plain"}, body="{}")
    assert refused.status == 415
    assert refused.headers[contract.SERVED_REGION_HEADER] == HOME
