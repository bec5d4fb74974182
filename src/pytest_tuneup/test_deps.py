"""Tests for pytest_tuneup.deps: parsing, and real installs into scratch virtualenvs.

The virtualenvs are real (``python -m venv`` on the oldest Python we support, 3.9,
with pip) and pip really installs; the packages are two tiny wheels built here
(``tuneupdemo`` 1.0 and 2.0), offered through ``PIP_FIND_LINKS`` with
``PIP_NO_INDEX``, so no network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pytest_tuneup import deps
from pytest_tuneup.deps import Requirement

SRC = Path(__file__).resolve().parents[1]
PYTHON39 = Path("/root/.pyenv/versions/3.9.18/bin/python")
BASE_PYTHON = (
    PYTHON39 if PYTHON39.is_file() else Path(sys.base_prefix) / "bin" / "python3"
)


# ---- parsing ------------------------------------------------------------------


def test_requirement_parse_allows_and_prints() -> None:
    requirement = Requirement.parse("SQLAlchemy[asyncio]>=2.0, <3")
    assert requirement == Requirement(
        "sqlalchemy", ("asyncio",), ((">=", "2.0"), ("<", "3"))
    )
    assert str(requirement) == "sqlalchemy[asyncio]>=2.0,<3"
    assert requirement.allows("2.0.36") and not requirement.allows("1.4.54")
    assert not requirement.allows("3.0.0b1")
    assert Requirement.parse("pytest~=8.1").allows("8.3.5")
    assert not Requirement.parse("pytest~=8.1").allows("9.0")
    assert Requirement.parse("pytest==8.*").allows("8.4.2")
    assert not Requirement.parse("pytest!=8.4.0").allows("8.4")


def test_a_bad_requirement_is_refused() -> None:
    with pytest.raises(deps.Refusal, match="is not a requirement"):
        Requirement.parse("pytest at latest")


def test_python_floor_bounds_what_needs_a_newer_python() -> None:
    assert (
        str(Requirement.parse("pytest>=8.0").within_floor((3, 9))) == "pytest>=8.0,<9.0"
    )
    assert (
        str(Requirement.parse("pytest-asyncio>=0.24").within_floor((3, 9)))
        == "pytest-asyncio>=0.24,<1.3"
    )
    assert str(Requirement.parse("pytest>=8.0").within_floor((3, 10))) == "pytest>=8.0"
    assert str(Requirement.parse("pytest>=8.0").within_floor(None)) == "pytest>=8.0"
    assert str(Requirement.parse("psutil>=5.9").within_floor((3, 9))) == "psutil>=5.9"


@pytest.mark.parametrize(
    ("name", "text", "floor"),
    [
        ("pyproject.toml", '[project]\nrequires-python = ">=3.9"\n', (3, 9)),
        ("pyproject.toml", '[project]\nrequires-python = ">=3.10,<4"\n', (3, 10)),
        ("pyproject.toml", '[tool.poetry.dependencies]\npython = "^3.9"\n', (3, 9)),
        ("setup.cfg", "[options]\npython_requires = >=3.8\n", (3, 8)),
        ("pyproject.toml", '[project]\nname = "x"\n', None),
    ],
)
def test_python_floor(
    tmp_path: Path, name: str, text: str, floor: tuple[int, ...] | None
) -> None:
    (tmp_path / name).write_text(text)
    assert deps.python_floor(tmp_path) == floor


def test_pins_from_lock_and_requirements_files(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text(
        '[[package]]\nname = "Pytest"\nversion = "7.4.4"\nsource = {}\n'
    )
    (tmp_path / "poetry.lock").write_text(
        '[[package]]\nname = "pytest-asyncio"\nversion = "0.23.8"\n'
    )
    (tmp_path / "requirements-dev.txt").write_text(
        "coverage[toml]==7.6.1  # pinned\npsutil>=5\n"
    )
    assert deps.pins(tmp_path) == {
        "pytest": ("7.4.4", "uv.lock"),
        "pytest-asyncio": ("0.23.8", "poetry.lock"),
        "coverage": ("7.6.1", "requirements-dev.txt"),
    }


def test_async_tests_are_found_in_the_suite_not_in_our_own_copy(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    (tests / "tuneup" / "pytest_tuneup").mkdir(parents=True)
    (tests / "tuneup" / "pytest_tuneup" / "db.py").write_text(
        "async def engine():\n    pass\n"
    )
    (tests / "test_sync.py").write_text("def test_a():\n    pass\n")
    assert not deps.has_async_tests(tests)
    (tests / "test_async.py").write_text("async def test_b():\n    pass\n")
    assert deps.has_async_tests(tests)


def test_dev_group_prefers_a_test_group(tmp_path: Path) -> None:
    assert deps.install_command("uv", tmp_path, [Requirement.parse("a>=1")]) == [
        "uv",
        "add",
        "--dev",
        "a>=1",
    ]
    assert deps.install_command("poetry", tmp_path, [Requirement.parse("a")]) == [
        "poetry",
        "add",
        "--group",
        "dev",
        "a",
    ]
    assert deps.install_command("pdm", tmp_path, [Requirement.parse("a")]) == [
        "pdm",
        "add",
        "--dev",
        "a",
    ]
    assert deps.install_command("hatch", tmp_path, [Requirement.parse("a")]) is None
    (tmp_path / "pyproject.toml").write_text(
        '[dependency-groups]\ndev = ["x"]\ntest = ["pytest"]\n'
    )
    assert deps.install_command("uv", tmp_path, [Requirement.parse("a")]) == [
        "uv",
        "add",
        "--group",
        "test",
        "a",
    ]
    assert deps.install_command("pdm", tmp_path, [Requirement.parse("a")]) == [
        "pdm",
        "add",
        "-dG",
        "test",
        "a",
    ]


# ---- real installs ------------------------------------------------------------


def build_wheel(folder: Path, name: str, version: str) -> None:
    """A minimal pure-Python wheel: enough for pip and for importlib.metadata."""
    info = f"{name}-{version}.dist-info"
    files = {
        f"{name}/__init__.py": f'__version__ = "{version}"\n',
        f"{info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        ),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ),
    }
    files[f"{info}/RECORD"] = "".join(
        f"{path},,\n" for path in [*files, f"{info}/RECORD"]
    )
    with zipfile.ZipFile(folder / f"{name}-{version}-py3-none-any.whl", "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)


# Real virtualenvs and pip installs: seconds each.
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheels")
    build_wheel(folder, "tuneupdemo", "1.0")
    build_wheel(folder, "tuneupdemo", "2.0")
    return folder


@pytest.fixture(scope="module")
def base_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One virtualenv with pip, made once; each test gets its own copy."""
    venv = tmp_path_factory.mktemp("base") / "venv"
    subprocess.run([str(BASE_PYTHON), "-m", "venv", str(venv)], check=True)
    return venv


@pytest.fixture
def venv(base_venv: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "venv"
    shutil.copytree(base_venv, copy, symlinks=True)
    return copy


def env_for(wheels: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH")
    }
    env.update(
        PYTHONPATH=str(SRC),
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheels),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_CONFIG_FILE=os.devnull,
    )
    return env


def run_deps(
    python: Path, project: Path, wheels: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "pytest_tuneup.deps", "--project", str(project), *args],
        capture_output=True,
        text=True,
        env=env_for(wheels),
        check=False,
        timeout=300,
    )


def version_in(venv: Path, wheels: Path) -> str | None:
    code = (
        "import importlib.metadata as m\n"
        "try: print(m.version('tuneupdemo'))\n"
        "except Exception: print('none')"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code],
        capture_output=True,
        text=True,
        env=env_for(wheels),
        check=True,
    ).stdout.strip()
    return None if out == "none" else out


def pip_install(venv: Path, wheels: Path, requirement: str) -> None:
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", requirement],
        env=env_for(wheels),
        check=True,
        capture_output=True,
    )


@slow
def test_installs_only_what_is_missing(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    result = run_deps(
        venv / "bin" / "python",
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--require",
        "pip>=1",
        "--require",
        "tuneupdemo>=2.0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(
        "pytest-tuneup: needs tuneupdemo>=2.0; installing with "
    )
    assert "pip>=1" not in result.stdout.splitlines()[0], (
        "pip is installed: not in the needs line"
    )
    assert version_in(venv, wheels) == "2.0"

    again = run_deps(
        venv / "bin" / "python",
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--require",
        "tuneupdemo>=2.0",
    )
    assert again.returncode == 0
    assert (
        again.stdout.strip()
        == "pytest-tuneup: everything the configuration needs is installed"
    )


@slow
def test_an_installed_older_version_is_kept_unless_upgrade(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    pip_install(venv, wheels, "tuneupdemo==1.0")
    python = venv / "bin" / "python"
    kept = run_deps(
        python, tmp_path, wheels, "--runner", "python", "--require", "tuneupdemo>=2.0"
    )
    assert kept.returncode == 1
    assert kept.stdout.strip() == (
        "pytest-tuneup: not changed: tuneupdemo 1.0 is installed,"
        " tuneupdemo>=2.0 is needed"
        " (make tuneup-deps UPGRADE=1 upgrades it)"
    )
    assert version_in(venv, wheels) == "1.0"

    upgraded = run_deps(
        python,
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--upgrade",
        "--require",
        "tuneupdemo>=2.0",
    )
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert version_in(venv, wheels) == "2.0"


@slow
def test_a_pinned_version_is_kept_unless_upgrade(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    (tmp_path / "requirements-dev.txt").write_text("tuneupdemo==1.0\n")
    python = venv / "bin" / "python"
    kept = run_deps(
        python, tmp_path, wheels, "--runner", "python", "--require", "tuneupdemo>=2.0"
    )
    assert kept.returncode == 1
    assert (
        "tuneupdemo is pinned at 1.0 in requirements-dev.txt, tuneupdemo>=2.0 is needed"
        in kept.stdout
    )
    assert version_in(venv, wheels) is None, "nothing installed over the pin"

    fits = run_deps(
        python, tmp_path, wheels, "--runner", "python", "--require", "tuneupdemo>=1.0"
    )
    assert fits.returncode == 0, fits.stdout + fits.stderr
    assert fits.stdout.startswith("pytest-tuneup: needs tuneupdemo==1.0; installing")
    assert version_in(venv, wheels) == "1.0", "the pinned version, though 2.0 is there"

    upgraded = run_deps(
        python,
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--upgrade",
        "--require",
        "tuneupdemo>=2.0",
    )
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
    assert version_in(venv, wheels) == "2.0"


@slow
def test_the_python_floor_bounds_the_install(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    """pytest 9 needs Python 3.10: a project that supports 3.9 gets pytest<9.

    The line shows it; the install itself fails here (no pytest wheel offline).
    """
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nrequires-python = ">=3.9"\n'
    )
    result = run_deps(
        venv / "bin" / "python",
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--require",
        "pytest>=8.0",
    )
    assert result.stdout.splitlines()[0].startswith(
        "pytest-tuneup: needs pytest>=8.0,<9.0; installing with "
    )


@slow
def test_async_requirement_only_for_an_async_suite(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("def test_a():\n    pass\n")
    python = venv / "bin" / "python"
    sync = run_deps(
        python, tmp_path, wheels, "--runner", "python", "--if-async", "tuneupdemo>=1.0"
    )
    assert (
        sync.stdout.strip()
        == "pytest-tuneup: everything the configuration needs is installed"
    )
    (tmp_path / "tests" / "test_b.py").write_text("async def test_b():\n    pass\n")
    run_deps(
        python, tmp_path, wheels, "--runner", "python", "--if-async", "tuneupdemo>=1.0"
    )
    assert version_in(venv, wheels) == "2.0"


@slow
def test_refuses_the_system_python(wheels: Path, tmp_path: Path) -> None:
    result = run_deps(
        BASE_PYTHON,
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--require",
        "tuneupdemo>=1.0",
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        f"pytest-tuneup: {BASE_PYTHON} is not a virtualenv (the system Python)"
    )
    assert lines[0].endswith("; nothing was installed")


@slow
def test_refuses_a_virtualenv_without_pip_and_names_uv(
    wheels: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "uv-made"
    subprocess.run(
        [str(BASE_PYTHON), "-m", "venv", "--without-pip", str(bare)], check=True
    )
    (tmp_path / "uv.lock").write_text("")
    result = run_deps(
        bare / "bin" / "python",
        tmp_path,
        wheels,
        "--runner",
        "python",
        "--require",
        "tuneupdemo",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"pytest-tuneup: the virtualenv at {bare} has no pip"
        " (uv makes such virtualenvs); run make tuneup-deps TUNEUP_RUNNER=uv;"
        " nothing was installed"
    )


@slow
def test_refuses_a_virtualenv_that_is_not_the_projects(
    venv: Path, wheels: Path, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    (project / ".venv").mkdir(parents=True)
    (project / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    result = run_deps(
        venv / "bin" / "python",
        project,
        wheels,
        "--runner",
        "python",
        "--require",
        "tuneupdemo",
    )
    assert result.returncode == 1
    assert "is not the project's virtualenv .venv/; activate it" in result.stderr
    assert version_in(venv, wheels) is None


def test_an_installed_pytest_beyond_the_floor_is_left_alone(tmp_path: Path) -> None:
    """The floor bounds what gets installed, not what the project already runs."""
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.9"\n')
    installed = deps.installed_version("pytest")
    assert installed is not None
    wanted = [Requirement.parse("pytest>=8.0")]
    assert deps.plan(wanted, tmp_path, False) == deps.Plan([], [])


def test_a_direct_reference_is_a_requirement_any_installed_version_meets() -> None:
    """plugin_source=installed names pytest-tuneup by its git URL and commit."""
    text = "pytest-tuneup@git+https://example.invalid/pytest-tuneup@0123abc"
    requirement = Requirement.parse(text)
    assert requirement.name == "pytest-tuneup"
    assert requirement.allows("0.2.0.dev0")
    assert str(requirement) == text


def test_an_anyio_suite_needs_no_pytest_asyncio(tmp_path: Path) -> None:
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_a.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.anyio\n\n\n"
        "async def test_a():\n    pass\n"
    )
    assert not deps.has_async_tests(tests)
    (tests / "test_b.py").write_text(
        "import pytest\n\n\n@pytest.mark.asyncio\nasync def test_b():\n    pass\n"
    )
    assert deps.has_async_tests(tests)


def test_what_is_installed_is_held_at_its_version() -> None:
    held = deps.held_in_place()
    assert f"pytest=={pytest.__version__}" in held
