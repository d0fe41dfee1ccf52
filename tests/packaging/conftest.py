"""Install the wheel (``tests/conftest.py`` builds it) into a fresh virtualenv outside the
repository.

No network: the consumer venv gets its third-party dependencies (pulumi, pulumi-aws, ...) by a
`.pth` line pointing at the dev venv's site-packages. That line is written *after* the wheel is
installed, so pip never sees the dev venv's editable install of this project, and a `.pth` path
entry does not run the editable finder that lives there: the only `components`/`handlers` the
consumer can import are the wheel's.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

import pytest

from tests.packaging.support import ConsumerVenv, run


@pytest.fixture(scope="session")
def consumer_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> ConsumerVenv:
    root = tmp_path_factory.mktemp("consumer-venv") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", root)
    python = root / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel)
    site_packages = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    )
    dev_site = sysconfig.get_path("purelib")
    (site_packages / "zz_dev_dependencies.pth").write_text(f"{dev_site}\n")
    return ConsumerVenv(python=python, site_packages=site_packages)
