"""Property-based API tests with schemathesis against the running runtime's /openapi.json.

Every case goes through the global endpoint to the real handler, with every check schemathesis
has (no 5xx, status codes, content types, headers and bodies as documented, valid data accepted,
invalid data rejected, Allow headers, unsupported methods, missing headers, resources usable after
creation and gone after deletion). Bounded: a fixed number of examples per operation and
generation mode, no per-example deadline, and at least ``MIN_CASES`` cases in all;
``SCHEMATHESIS_EXAMPLES=N`` multiplies both (``N=8`` runs over 2,000 cases). Schemathesis' own
pytest plugin is not used: its lazy (fixture-loaded) schemas break on pytest 9, and the schema
only exists once the runtime runs.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from multi_region_api.local_runtime.supervisor import LocalRuntime
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.specs.openapi import checks as openapi_checks

SCALE = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "1"))
MIN_CASES = 300 * SCALE
EXAMPLES = {
    schemathesis.GenerationMode.POSITIVE: 25 * SCALE,
    schemathesis.GenerationMode.NEGATIVE: 15 * SCALE,
}
STATEFUL_EXAMPLES = 20 * SCALE  # sequences of up to 6 linked calls


def _no_content_is_empty(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """A 204 carries no body (RFC 9110 15.3.5), and the document describes none."""
    if response.status_code == 204:
        assert not response.content, "a 204 response carries a body"
    return None


def _positive_data_accepted(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Schema-valid data is accepted, unless the table's state refuses it on purpose.

    The one such refusal: an ``Idempotency-Key`` already used with another body, 422 as the IETF
    Idempotency-Key draft specifies (schemathesis reuses short keys across generated bodies).
    """
    if response.status_code == 422 and response.json().get("error") == "idempotency_key_reused":
        return None
    return openapi_checks.positive_data_acceptance(ctx, response, case)


def _negative_data_rejected(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Invalid data is refused; a 413 (a body over 16 KiB, checked first) refuses it too."""
    if response.status_code == 413:
        return None
    return openapi_checks.negative_data_rejection(ctx, response, case)


_WRAPPED = (openapi_checks.positive_data_acceptance, openapi_checks.negative_data_rejection)
# Every check schemathesis registers (importing ``openapi_checks`` registers the OpenAPI ones).
CHECKS = [
    *(c for c in REGISTERED_CHECKS.get_all() if c not in _WRAPPED),
    _positive_data_accepted,
    _negative_data_rejected,
    _no_content_is_empty,
]
assert len(CHECKS) == len(REGISTERED_CHECKS.get_all()) + 1


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


def test_stateful_sequences_follow_the_documented_links(runtime: LocalRuntime) -> None:
    """Create, read, update and delete through the document's links, every check on each step."""
    url = runtime.plan.global_url
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json", timeout=10)
    schema.config.update(base_url=url)
    steps = 0

    class Sequences(schema.as_state_machine()):  # type: ignore[misc]
        def validate_response(
            self, response: schemathesis.Response, case: schemathesis.Case, **kwargs: object
        ) -> None:
            nonlocal steps
            steps += 1
            case.validate_response(response, checks=CHECKS)

    Sequences.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert steps >= STATEFUL_EXAMPLES, steps
