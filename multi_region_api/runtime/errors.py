"""Domain errors: what application logic raises, in the domain's words, never in HTTP's.

The dispatcher (``multi_region_api.handlers.resolver.http_error``) maps each one to a status and an
error body, in one place: ``NotFound`` 404, ``WrongRegion`` 409 ``wrong_region`` (with
``homeRegion``, ``homeUrl`` and a ``Location`` header), ``VersionConflict`` 409,
``IdempotencyKeyReused`` 422, ``Forbidden`` 403, ``StorageUnavailable`` 503. A new kind of
refusal adds a class here and a line in that map, not a status code in the logic.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the logic layer makes on purpose."""


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} does not exist")
        self.what = what


class WrongRegion(DomainError):
    """``what`` is written only in ``home``; ``location`` is the URL to send the write to."""

    def __init__(self, home: str, home_url: str, location: str, what: str) -> None:
        super().__init__(f"{what} is written only in {home}; send the request to {location}")
        self.home = home
        self.home_url = home_url
        self.location = location


class VersionConflict(DomainError):
    """The client's version is stale; ``current`` is the version the table holds."""

    def __init__(self, what: str, current: int) -> None:
        super().__init__(f"{what} is at version {current}; read it again and retry")
        self.current = current


class IdempotencyKeyReused(DomainError):
    def __init__(self) -> None:
        super().__init__("this Idempotency-Key was already used with a different request body")


class Forbidden(DomainError):
    """Missing or wrong credentials (the health-check secret)."""


class StorageUnavailable(DomainError):
    """DynamoDB did not answer or refused the call (timeouts, throttling, missing table)."""
