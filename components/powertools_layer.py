"""The AWS-managed Powertools for AWS Lambda (Python) v3 layer.

AWS publishes the layer from account 017000801446 in every commercial region, one layer name per
Python version and architecture: ``AWSLambdaPowertoolsPythonV3-<python>-<arch>``. Using it keeps
Powertools (and the pydantic / aws-xray-sdk it brings) out of our zip, so the function package is
only the ``handlers`` code.

The layer version is pinned, not looked up, so a deploy never changes the runtime under the handler
on its own. Bump ``POWERTOOLS_LAYER_VERSION`` deliberately, to the number the Powertools docs list
under "Lambda Layer" (https://docs.powertools.aws.dev/lambda/python/latest/#lambda-layer), after the
handler tests pass against the matching ``aws-lambda-powertools`` release.
"""

from __future__ import annotations

POWERTOOLS_LAYER_ACCOUNT = "017000801446"
POWERTOOLS_LAYER_VERSION = 27
LAMBDA_RUNTIME = "python3.13"
LAMBDA_ARCHITECTURE = "arm64"


def powertools_layer_arn(
    region: str,
    *,
    runtime: str = LAMBDA_RUNTIME,
    architecture: str = LAMBDA_ARCHITECTURE,
    version: int = POWERTOOLS_LAYER_VERSION,
) -> str:
    """``arn:aws:lambda:<region>:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:N``."""
    if not runtime.startswith("python3."):
        raise ValueError(f"not a Python Lambda runtime: {runtime!r}")
    if architecture not in ("arm64", "x86_64"):
        raise ValueError(f"not a Lambda architecture: {architecture!r}")
    python = runtime.replace(".", "")
    return (
        f"arn:aws:lambda:{region}:{POWERTOOLS_LAYER_ACCOUNT}:layer:"
        f"AWSLambdaPowertoolsPythonV3-{python}-{architecture}:{version}"
    )
