"""Property-based API tests with schemathesis against the running runtime's /openapi.json.

Every case goes through the global endpoint to the real handler; checks: no 5xx, status codes,
content types, headers and bodies as the document declares them. Bounded: a fixed number of
examples per operation and generation mode, no per-example deadline, and at least ``MIN_CASES``
cases in all. Schemathesis' own pytest plugin is not used: its lazy (fixture-loaded) schemas
break on pytest 9, and the schema only exists once the runtime runs.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from multi_region_api.local_runtime.supervisor import LocalRuntime
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MIN_CASES = 300
EXAMPLES = {schemathesis.GenerationMode.POSITIVE: 25, schemathesis.GenerationMode.NEGATIVE: 15}


def _content_conformance(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Content type and body as documented; a 204 must simply be empty (RFC 9110 15.3.5).

    Powertools documents ``Response[None]`` routes' 204 with an ``application/json`` null body,
    which no 204 can carry, so content checks on a 204 would flag the document, not the API.
    """
    if response.status_code == 204:
        assert not response.content, "a 204 response carries a body"
        return None
    content_type_conformance(ctx, response, case)
    return response_schema_conformance(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_headers_conformance,
    _content_conformance,
]


def test_every_operation_conforms_to_the_document(runtime: LocalRuntime) -> None:
    url = runtime.plan.global_url
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json", timeout=10)
    schema.config.update(base_url=url)  # the document names the serving region's own URL
    cases = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=examples,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case: schemathesis.Case) -> None:
                nonlocal cases
                cases += 1
                case.call_and_validate(checks=CHECKS, timeout=10)

            try:
                check()
            except Unsatisfiable:
                assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
                # an operation without inputs has nothing to make invalid
            except (Exception, BaseExceptionGroup) as exc:  # report every operation's failures
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    assert not failures, "\n\n".join(failures)
    assert cases >= MIN_CASES, cases
