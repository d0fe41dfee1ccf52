"""The Lambda runtime, pinned once: Python, architecture, the Powertools release and its layer.

Everything that runs the handler reads these constants: the component deploys them, the dev
install pins the same releases (``tests/unit/shared/test_runtime_pin.py`` fails when
``pyproject.toml``, the installed packages or the parity cache disagree), and the runtime-parity
tier (``multi_region_api.parity``) builds the layer's contents from them and runs the archive on
this Python with the runtime's boto3.

**Why python3.13.** Lambda has a python3.14 runtime, but the machines this project is developed
and tested on have no CPython 3.14, so the parity tier (the real archive on the runtime's own
interpreter) could not run on it. The runtime moves when the parity tier can follow.

**Why a pinned table, not SSM at deploy time.** The layer number comes from
``POWERTOOLS_LAYER_VERSIONS`` (release -> layer version), not from Powertools' public parameter
``/aws/service/powertools/python/<arch>/<runtime>/<release>``. Looking it up would make every
``pulumi preview`` depend on a third party's publishing job, which has failed exactly there
(powertools-lambda-python#7689: the 3.23.0 parameters were first written under a literal
``PACKAGE_VERSION``; #8434: the partition automation broke after layer 27), and on an extra
permission. The table keeps previews deterministic and offline-testable; ``multi-region-api
verify`` proves the number on the live stack by comparing each function's layer ARN with that
SSM parameter in the function's own region. The one weakness of the table, that the Powertools
docs lag behind releases, is why every entry below cites where its number comes from.

Evidence per entry (AWS-managed ``AWSLambdaPowertoolsPythonV3-python313-arm64``, commercial
regions, one number for every region and both architectures):

* ``3.23.0`` -> 27: powertools-lambda-python PR #7757 (docs/index.md, 18 -> 27); issue #8434
  ("Commercial Python 3.9 layers intentionally stop at layer version 27", the last release with
  3.9, i.e. 3.23.0; 3.24.0 dropped it).
* ``3.34.0`` -> 37: the Powertools docs' layer page, ``docs/getting-started/install.md`` ("Lambda
  Layer": ``AWSLambdaPowertoolsPythonV3-{python_version}-arm64:37``, ``python313`` among the
  runtimes; "Python 3.9 layers stopped at layer version 27"), brought up to date by PR #8438
  (2026-09-04, which also added that page to the layer-docs automation). On that date the newest
  release was 3.34.0 (PyPI 2026-08-10; 3.35.0 followed on 2026-09-15), and 37 is what one layer
  per release since 27 gives: 3.24.0, 3.25.0, 3.26.0, 3.27.0, 3.28.0, 3.29.0, 3.30.0, 3.31.0,
  3.31.1, 3.34.0 (3.32 and 3.33 were never published to PyPI, so no layer was built for them).
  Newer releases (3.35.0-3.37.0) are not pinned: no public page ties their numbers to them (the
  same page's python313-x86_64 example already says 38, its table still 37).

Bump deliberately: add the release, its layer number with the evidence and the layer's pydantic
below, set ``POWERTOOLS_VERSION``, update the pins in ``pyproject.toml``, run ``make
parity-cache`` and the parity tier, then ``make bench`` (it compares against ``PREVIOUS_RELEASE``).
"""

from __future__ import annotations

PYTHON_VERSION = "3.13"
LAMBDA_RUNTIME = f"python{PYTHON_VERSION}"
LAMBDA_ARCHITECTURE = "arm64"

POWERTOOLS_VERSION = "3.34.0"
# The release deployed before this one: ``make bench`` measures both in the same run.
PREVIOUS_RELEASE = "3.23.0"
# Published AWS-managed layer versions of AWSLambdaPowertoolsPythonV3-*, by release (evidence in
# the module docstring).
POWERTOOLS_LAYER_VERSIONS: dict[str, int] = {"3.23.0": 27, "3.34.0": 37}
# The pydantic each release's layer carries. The layer build (layer_v3/docker/Dockerfile) runs an
# unconstrained ``pip install "aws-lambda-powertools[all]==<release>"`` on release day, and [all]
# asks for ``pydantic>=2.4,<3``, so the layer gets the newest pydantic on PyPI that day:
# 3.23.0 (2025-11-13) -> 2.12.4 (2025-11-05; 2.12.5 came on 2025-11-26);
# 3.34.0 (2026-08-10) -> 2.13.4 (2026-05-06; 2.13.5 came on 2026-08-28, 2.14.0 on 2026-10-08).
LAYER_PYDANTIC_VERSIONS: dict[str, str] = {"3.23.0": "2.12.4", "3.34.0": "2.13.4"}
LAYER_PYDANTIC_VERSION = LAYER_PYDANTIC_VERSIONS[POWERTOOLS_VERSION]
LAYER_UNZIPPED_BYTES: dict[tuple[str, str, str], int] = {
    ("3.23.0", "python3.13", "arm64"): 32_696_777,
    ("3.34.0", "python3.13", "arm64"): 42_899_665,
}
"""The Powertools layer's ``python/`` tree unzipped, bytes, by (release, runtime, architecture);
``lambda_size`` counts it against Lambda's 250 MB.

Measured on 2026-12-06: ``pip install --no-deps --target python`` of the layer's resolved set
(``app_dependencies.PROVIDED["layer"]`` of that release) from PyPI with the arm64 wheels, then
``compileall`` on CPython 3.13: 3.23.0, 25.46 MB of files and 32.70 MB with ``__pycache__``;
3.34.0, 35.68 MB and 42.90 MB. The larger is pinned: whether the published layer carries byte
code is not documented, and over-counting only refuses an archive 7 MB sooner."""
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


def layer_requirements(release: str = POWERTOOLS_VERSION) -> list[str]:
    """``release``'s layer contents as pip requirements (installed without ``RUNTIME_PROVIDED``)."""
    try:
        pydantic = LAYER_PYDANTIC_VERSIONS[release]
    except KeyError:
        raise ValueError(f"no layer pydantic is pinned for Powertools {release}") from None
    return [f"aws-lambda-powertools[all]=={release}", f"pydantic=={pydantic}"]
