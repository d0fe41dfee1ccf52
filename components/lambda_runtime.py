"""The Lambda runtime, pinned once: Python, architecture, the Powertools release and its layer.

Everything that runs the handler reads these constants: the component deploys them, the dev
install pins the same releases (``tests/unit/shared/test_runtime_pin.py`` fails when
``pyproject.toml`` or the installed packages disagree), and the runtime-parity tier builds the
layer's contents from them and runs the archive on this Python with the runtime's boto3.

The layer number comes from a pinned table (release -> layer version), not from Powertools'
public SSM parameter ``/aws/service/powertools/python/<arch>/<runtime>/<release>``. Looking it up
would make every ``pulumi preview`` depend on a third party's publishing job, which missed exactly
this release at first (powertools-lambda-python#7689: the 3.23.0 parameters were written under a
literal ``PACKAGE_VERSION``), and on an extra permission. The table keeps previews deterministic
and offline-testable; ``multi-region-api verify`` proves it on the live stack by comparing each
function's layer ARN with that SSM parameter in the function's own region.

Bump deliberately: add the release and its layer number (the Powertools docs, "Lambda Layer")
to ``POWERTOOLS_LAYER_VERSIONS``, set ``POWERTOOLS_VERSION`` and the layer's pydantic, update the
pins in ``pyproject.toml``, and run ``make test`` (the parity tier runs the real archive on it).
"""

from __future__ import annotations

PYTHON_VERSION = "3.13"
LAMBDA_RUNTIME = f"python{PYTHON_VERSION}"
LAMBDA_ARCHITECTURE = "arm64"

POWERTOOLS_VERSION = "3.23.0"
# Published AWS-managed layer versions of AWSLambdaPowertoolsPythonV3-*, by release
# (powertools-lambda-python docs PR #7757: 3.23.0 is layer 27 in every commercial region).
POWERTOOLS_LAYER_VERSIONS: dict[str, int] = {"3.23.0": 27}
# What the layer was built with: `aws-lambda-powertools[all]==3.23.0` on 2025-11-13 resolved
# pydantic 2.12.4 (2.12.5 came out on 2025-11-26).
LAYER_PYDANTIC_VERSION = "2.12.4"
LAYER_UNZIPPED_BYTES: dict[tuple[str, str, str], int] = {
    ("3.23.0", "python3.13", "arm64"): 32_696_777,
}
"""The Powertools layer's ``python/`` tree unzipped, bytes, by (release, runtime, architecture);
``lambda_size`` counts it against Lambda's 250 MB.

Measured on 2026-12-06: ``pip install --no-deps --target python`` of the layer's resolved set
(``app_dependencies.PROVIDED["layer"]``) from PyPI with the arm64 wheels, then ``compileall`` on
CPython 3.13: 25.46 MB of files and 32.70 MB with ``__pycache__``. The larger is pinned: whether
the published layer carries byte code is not documented, and over-counting only refuses an
archive 7 MB sooner."""
# The layer leaves out what the runtime provides (see the Powertools layer build).
RUNTIME_PROVIDED = (
    "boto3",
    "botocore",
    "s3transfer",
    "urllib3",
    "python-dateutil",
    "six",
    "jmespath",
)
# The SDK the python3.13 runtime includes (Lambda docs, "Runtime-included SDK versions").
RUNTIME_BOTO3_VERSION = "1.40.4"

POWERTOOLS_LAYER_ACCOUNT = "017000801446"


def powertools_layer_version(release: str = POWERTOOLS_VERSION) -> int:
    try:
        return POWERTOOLS_LAYER_VERSIONS[release]
    except KeyError:
        raise ValueError(f"no layer version is pinned for Powertools {release}") from None


def powertools_layer_arn(
    region: str,
    *,
    runtime: str = LAMBDA_RUNTIME,
    architecture: str = LAMBDA_ARCHITECTURE,
    release: str = POWERTOOLS_VERSION,
) -> str:
    """``arn:aws:lambda:<region>:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:N``."""
    if not runtime.startswith("python3."):
        raise ValueError(f"not a Python Lambda runtime: {runtime!r}")
    if architecture not in ("arm64", "x86_64"):
        raise ValueError(f"not a Lambda architecture: {architecture!r}")
    python = runtime.replace(".", "")
    return (
        f"arn:aws:lambda:{region}:{POWERTOOLS_LAYER_ACCOUNT}:layer:"
        f"AWSLambdaPowertoolsPythonV3-{python}-{architecture}:{powertools_layer_version(release)}"
    )


def powertools_ssm_parameter(
    *,
    runtime: str = LAMBDA_RUNTIME,
    architecture: str = LAMBDA_ARCHITECTURE,
    release: str = POWERTOOLS_VERSION,
) -> str:
    """The public parameter whose value is the layer ARN of ``release`` (checked by ``verify``)."""
    return f"/aws/service/powertools/python/{architecture}/{runtime}/{release}"


def layer_requirements() -> list[str]:
    """The layer's contents as pip requirements (installed without ``RUNTIME_PROVIDED``)."""
    return [
        f"aws-lambda-powertools[all]=={POWERTOOLS_VERSION}",
        f"pydantic=={LAYER_PYDANTIC_VERSION}",
    ]
