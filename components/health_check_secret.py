"""The secret the Route 53 checkers send as ``healthCheckerId``.

Given by the caller (config secret) or generated once and kept, encrypted, in state. Either way it
is a Pulumi secret from here on, so everything derived from it (the health checks' resource paths,
the function's environment) is stored and shown as secret.
"""

from __future__ import annotations

import pulumi
import pulumi_random as random

from .computed import output_of, required

SECRET_LENGTH = 32


def health_check_secret(
    name: str, given: pulumi.Input[str] | None, parent: pulumi.Resource
) -> pulumi.Output[str]:
    if given is not None:
        return pulumi.Output.secret(given)
    # An explicit provider keeps this off the default provider like every other resource.
    provider = random.Provider(
        f"{name}-random-provider", opts=pulumi.ResourceOptions(parent=parent)
    )
    password = random.RandomPassword(
        f"{name}-health-check-secret",
        length=SECRET_LENGTH,
        special=False,  # alphanumeric: travels in a query string unescaped
        opts=pulumi.ResourceOptions(
            parent=parent, provider=provider, additional_secret_outputs=["result"]
        ),
    )
    what = output_of(password, "result")
    return pulumi.Output.secret(password.result.apply(lambda result: required(result, what)))
