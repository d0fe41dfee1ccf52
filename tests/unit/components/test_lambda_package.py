"""The archive: platform runtime + the app's contents + its dependencies, deterministic, checked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from multi_region_api.components import ArgsError, app_dependencies
from multi_region_api.components.app_args import AppSettings, resolve_app
from multi_region_api.components.lambda_package import lambda_code, platform_files
from multi_region_api.components.lambda_size import UNZIPPED_LIMIT, layer_unzipped_bytes

from tests.unit.components.sample_app import SHIPPED_APP_FILES, app_args, write_app

REPO = Path(__file__).resolve().parents[3]


def settings(app: Path, **overrides: object) -> AppSettings:
    settings = resolve_app(app_args(app, **overrides), app.parent)
    assert settings is not None
    return settings


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write_app(tmp_path)


@pytest.fixture
def deps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What ``build_dependencies`` returns: a ``pip install --target`` directory."""
    target = tmp_path / "deps"
    (target / "six-1.17.0.dist-info").mkdir(parents=True)
    (target / "six.py").write_text("__version__ = '1.17.0'\n")
    (target / "six-1.17.0.dist-info" / "RECORD").write_text("six.py,,\n")
    (target / ".complete").write_text("key\n")
    (tmp_path / "requirements.txt").write_text("six==1.17.0\n")
    calls: list[Path] = []

    def build(requirements: Path, *, cache_dir: Path | None = None) -> Path:
        calls.append(requirements)
        return target

    monkeypatch.setattr(app_dependencies, "build_dependencies", build)
    return target


def test_without_app_the_archive_is_the_platform_runtime_only() -> None:
    code = lambda_code()
    assert code.files == tuple(sorted(code.files))
    assert all(f.startswith("multi_region_api/") for f in code.files)
    assert "multi_region_api/__init__.py" in code.files
    assert "multi_region_api/handlers/contract.py" in code.files
    assert "multi_region_api/handlers/app.py" in code.files  # the dispatcher
    assert "multi_region_api/runtime/__init__.py" in code.files  # the app's runtime library
    assert not any("food_for_thought" in f or "/static/" in f for f in code.files)  # no demo
    # Never the component, ops or the local runtime: they need Pulumi and would bloat the code.
    assert not any(f.split("/")[1] in ("components", "ops", "local_runtime") for f in code.files)
    assert not any("__pycache__" in f or f.endswith(".pyc") for f in code.files)


def test_the_platform_comes_from_the_installed_package_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "handlers").mkdir()
    (tmp_path / "handlers" / "evil.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    files = platform_files()
    assert files["multi_region_api/handlers/contract.py"] == REPO / "handlers" / "contract.py"
    assert not any("evil" in key for key in files)


def test_the_app_ships_at_the_root_without_caches_dotfiles_or_virtualenvs(app: Path) -> None:
    code = lambda_code(settings(app))
    app_keys = [f for f in code.files if not f.startswith("multi_region_api/")]
    assert app_keys == sorted(SHIPPED_APP_FILES)
    # A user's own ``handlers`` package sits beside ours without colliding.
    assert "handlers/__init__.py" in code.files
    assert "multi_region_api/handlers/__init__.py" in code.files


def test_the_hash_follows_paths_and_contents_and_nothing_else(app: Path) -> None:
    first = lambda_code(settings(app))
    assert lambda_code(settings(app)).sha256 == first.sha256
    os.utime(app / "proxy.py", (0, 0))  # a touched file is the same file
    assert lambda_code(settings(app)).sha256 == first.sha256
    (app / "proxy.py").write_text("# changed\n")
    changed = lambda_code(settings(app)).sha256
    assert changed != first.sha256
    (app / "proxy.py").rename(app / "proxy2.py")
    assert lambda_code(settings(app, handler=None)).sha256 not in (first.sha256, changed)


def test_the_same_app_in_another_directory_gives_the_same_hash(app: Path, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "app"
    shutil.copytree(app, copy)
    assert lambda_code(settings(copy)).sha256 == lambda_code(settings(app)).sha256


def test_dependencies_ship_at_the_root(app: Path, deps: Path) -> None:
    code = lambda_code(settings(app, requirements="requirements.txt"))
    assert "six.py" in code.files
    assert "six-1.17.0.dist-info/RECORD" in code.files
    assert ".complete" not in code.files
    assert code.sha256 != lambda_code(settings(app)).sha256


def test_a_dependency_refusal_names_the_requirements_field(
    app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (app.parent / "requirements.txt").write_text("numpy-but-no-wheel==0.1\n")

    def refuse(requirements: Path, *, cache_dir: Path | None = None) -> Path:
        raise app_dependencies.DependencyError("numpy-but-no-wheel has no manylinux aarch64 wheel")

    monkeypatch.setattr(app_dependencies, "build_dependencies", refuse)
    with pytest.raises(
        ArgsError, match=r"^MultiRegionApiArgs\.app\.requirements: numpy-but-no-wheel has no"
    ):
        lambda_code(settings(app, requirements="requirements.txt"))


def test_an_app_file_inside_the_platform_package_is_a_collision(app: Path) -> None:
    (app / "multi_region_api").mkdir()
    (app / "multi_region_api" / "extra.py").write_text("")
    with pytest.raises(
        ArgsError,
        match=r"^MultiRegionApiArgs\.app\.path: app file 'multi_region_api/extra\.py' collides "
        r"with the platform's 'multi_region_api'",
    ):
        lambda_code(settings(app))


def test_a_module_and_a_package_of_the_same_name_collide(app: Path) -> None:
    (app / "multi_region_api.py").write_text("")
    with pytest.raises(ArgsError, match=r"app file 'multi_region_api\.py' collides"):
        lambda_code(settings(app))


def test_a_dependency_shadowing_an_app_module_is_a_collision(app: Path, deps: Path) -> None:
    (deps / "shop").mkdir()
    (deps / "shop" / "__init__.py").write_text("")
    with pytest.raises(
        ArgsError,
        match=r"^MultiRegionApiArgs\.app\.requirements: dependency file 'shop/__init__\.py' "
        r"collides with the app's 'shop'",
    ):
        lambda_code(settings(app, requirements="requirements.txt"))


def test_unzipped_size_counts_the_layer_against_250_mb(app: Path) -> None:
    budget = UNZIPPED_LIMIT - layer_unzipped_bytes() + 1
    with (app / "model.bin").open("wb") as sparse:
        sparse.truncate(budget)  # no disk used: a sparse file
    with pytest.raises(
        ArgsError,
        match=r"^MultiRegionApiArgs\.app: .* bytes unzipped, .* with the Powertools layer",
    ):
        lambda_code(settings(app))


def test_zipped_size_past_50_mb_is_refused(app: Path) -> None:
    (app / "noise.bin").write_bytes(os.urandom(51 * 1024 * 1024))  # incompressible
    with pytest.raises(
        ArgsError, match=r"^MultiRegionApiArgs\.app: .* bytes zipped, over Lambda's"
    ):
        lambda_code(settings(app))


def test_a_large_but_compressible_app_fits(app: Path) -> None:
    (app / "table.csv").write_bytes(b"0,0,0\n" * (10 * 1024 * 1024))  # 60 MB, deflates to ~60 KB
    code = lambda_code(settings(app))
    assert code.unzipped_bytes > 60_000_000
    assert code.zipped_bytes < 1_000_000
