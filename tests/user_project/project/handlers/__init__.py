"""The project's own top-level ``handlers`` package, outside the app's path: it never ships."""

DECOY = "the project's own handlers"


def lambda_handler(event: object, context: object) -> str:
    raise AssertionError("the project's handlers package must never serve a request")
