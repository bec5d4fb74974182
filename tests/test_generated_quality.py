"""Generated files read as if written by hand, for every answer, and the config passes repo-review."""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from repo_review.processor import process
from tuneup_testing import (
    Renders,
    copy_template,
    link_this_venv,
    make_project,
    once_per_run,
    run_folder,
    run_make,
    tool_env,
)

pytestmark = pytest.mark.slow

# Every value of every answer appears at least once, in varied company.
MATRIX: list[dict[str, Any]] = [
    {},
    {"strict": True},
    {"async_mode": "auto", "parallel": True, "test_timeout": 30, "runner": "uv"},
    {"async_mode": "strict", "coverage": False, "runner": "poetry", "strict": True},
    {"async_mode": "auto", "coverage": True, "coverage_fail_under": 0, "runner": "pdm", "strict": True},
    {"parallel": True, "coverage": False, "test_timeout": 5, "runner": "hatch"},
    {"async_mode": "strict", "parallel": True, "test_timeout": 600, "package": "notes", "strict": True},
    {"database": "sqlite", "models": "notes.models:Base"},
    {"database": "sqlite", "db_api": "async", "schema": "alembic", "models": "notes.models:Base", "strict": True},
    {"database": "postgresql", "schema": "alembic", "runner": "uv", "models": "notes.db:metadata"},
    {
        "database": "postgresql",
        "db_api": "async",
        "async_mode": "strict",
        "parallel": True,
        "strict": True,
        "models": "notes.models:Base",
    },
    # The FastAPI client: TestClient or AsyncClient, with and without db_session.
    {"framework": "fastapi", "app": "notes.api:create_app", "strict": True},
    {"framework": "fastapi", "async_mode": "strict", "app": "notes.api:create_app"},
    {
        "framework": "fastapi",
        "app": "notes.api:app",
        "database": "sqlite",
        "models": "notes.models:Base",
        "strict": True,
    },
    {
        "framework": "fastapi",
        "app": "notes.api:app",
        "database": "sqlite",
        "db_api": "async",
        "models": "notes.models:Base",
        "session_dependency": "",
        "parallel": True,
    },
    {
        "framework": "fastapi",
        "app": "notes.api:app",
        "database": "postgresql",
        "db_api": "async",
        "models": "notes.models:Base",
        "session_dependency": "notes.db:get_db",
    },
    # Mocked initializers (both spellings), the network block and the leak checks.
    {"mock_targets": "smtplib:SMTP,http.client.HTTPSConnection", "block_network": True, "leak_checks": True},
    {"mock_targets": "smtplib:SMTP.sendmail", "async_mode": "auto", "strict": True},
    {"database": "postgresql", "models": "notes.db:metadata", "block_network": True, "strict": True},
]
RUN_PREFIX = {"python": "python", "uv": "uv run python", "poetry": "poetry run python", "pdm": "pdm run python"}
PP_CHECKS = {f"PP30{n}" for n in range(1, 10)}


@pytest.fixture
def generated(renders: Renders) -> list[tuple[dict[str, Any], Path]]:
    """The bare fixture project with the template applied, once per answer set (and per run:
    the tests only read them)."""
    return list(zip(MATRIX, renders.get_many("bare", MATRIX), strict=True))


@pytest.fixture
def generated_installed(renders: Renders) -> list[tuple[dict[str, Any], Path]]:
    """The same answer sets with plugin_source=installed."""
    installed = [{**answers, "plugin_source": "installed"} for answers in MATRIX]
    return list(zip(MATRIX, renders.get_many("bare", installed), strict=True))


def generated_files(project: Path) -> list[Path]:
    names = ["tuneup.mk", "Makefile", "pytest.ini", ".copier-answers.pytest-tuneup.yml", ".pytest-tuneup.json"]
    return [project / name for name in names] + sorted((project / "tests" / "tuneup").rglob("*.py"))


def package_dir(project: Path) -> Path:
    return project / "tests" / "tuneup" / "pytest_tuneup"


def test_no_template_residue_and_tidy_whitespace(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for answers, project in generated:
        for path in generated_files(project):
            text = path.read_text()
            where = f"{path.name} with {answers}"
            # Jinja's delimiters ({{ x }}, {% x %}, {# x #}); a Python dict can end in "}}".
            assert not re.search(r"\{\{\s|\{%|\{#|\s\}\}|%\}|#\}", text), f"Jinja residue in {where}"
            # PEP 8 puts two blank lines between top-level definitions; other files use one.
            most = "\n\n\n\n" if path.suffix == ".py" else "\n\n\n"
            assert most not in text, f"too many blank lines in a row in {where}"
            assert not re.search(r"[ \t]+$", text, re.MULTILINE), f"trailing whitespace in {where}"
            assert text.endswith("\n") and not text.endswith("\n\n"), f"{where} must end with one newline"
            assert not text.startswith("\n"), f"{where} starts with a blank line"


def test_python_is_ruff_clean_formatted_and_typed(generated: list[tuple[dict[str, Any], Path]], tmp_path: Path) -> None:
    python = [path for _, project in generated for path in generated_files(project) if path.suffix == ".py"]
    package = [str(path) for path in python if "pytest_tuneup" in path.parts]
    others = [str(path) for path in python if "pytest_tuneup" not in path.parts]
    assert package
    ruff = [sys.executable, "-m", "ruff"]
    rules = ["--select", "E,F,W,I,UP,B,SIM,RUF"]
    # The plugin package as a user's ruff sees it: its defaults (line length 88), on the
    # oldest Python the package supports, and our stricter rule set on top. Any other
    # Python the hook writes (a root conftest.py, for some projects) is held to the same.
    for files, isolated, extra in (
        (package, ["--isolated", "--target-version", "py39"], ([], rules)),
        (others, ["--isolated", "--target-version", "py39"], ([], rules)),
    ):
        if not files:
            continue
        for selection in extra:
            lint = subprocess.run([*ruff, "check", *isolated, *selection, *files], capture_output=True, text=True)
            assert lint.returncode == 0, lint.stdout
        formatted = subprocess.run([*ruff, "format", "--check", *isolated, *files], capture_output=True, text=True)
        assert formatted.returncode == 0, formatted.stdout
    # mypy --strict on each distinct vendored package (the modules an answer set loads),
    # from its folder as the project's own mypy would find it. One incremental cache for
    # these runs: the libraries' stubs (pytest, SQLAlchemy, FastAPI) are read once, and
    # mypy checks again every module whose bytes or dependencies differ from the cache's.
    mypy = [sys.executable, "-m", "mypy", "--strict", f"--cache-dir={tmp_path / 'mypy-cache'}"]
    vendored = {
        tuple(
            sorted(path.relative_to(package_dir(project)).as_posix() for path in package_dir(project).rglob("*.py"))
        ): project
        for _, project in generated
    }
    for project in vendored.values():
        typed = subprocess.run(
            [*mypy, "pytest_tuneup"],
            cwd=package_dir(project).parent,
            capture_output=True,
            text=True,
        )
        assert typed.returncode == 0, typed.stdout
    # One mypy run per distinct other file: the same in most answer sets.
    distinct = {Path(name).read_text(): name for name in others}
    for name in distinct.values():
        typed = subprocess.run(
            [*mypy, name],
            capture_output=True,
            text=True,
        )
        assert typed.returncode == 0, typed.stdout


def test_the_vendored_modules_are_exactly_those_the_configuration_loads(
    generated: list[tuple[dict[str, Any], Path]],
) -> None:
    """copier.yml's _exclude and hooks/tuneup_hooks/plugins.py agree, for every answer set."""
    for answers, project in generated:
        # The bare project has no pytest to ask: its settings are in a pytest.ini.
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string((project / "pytest.ini").read_text())
        config = dict(parser["pytest"])
        addopts = shlex.split(config["addopts"])
        loaded = {addopts[index + 1] for index, item in enumerate(addopts) if item == "-p"}
        expected = {"__init__.py", "plugin.py", "settings.py", "guards.py", "leaks.py"}
        if "pytest_tuneup.db" in loaded:
            names = (
                "__init__",
                "schema",
                "models",
                "seed",
                "sqlite",
                "postgresql",
                "server",
                "sync_fixtures",
                "sessions",
                "sequences",
                "flask",
                "run",
            )
            expected |= {f"db/{name}.py" for name in names}
            expected |= {"db/async_fixtures.py"} if config["tuneup_db_api"] == "async" else set()
            expected |= {"db/migrations.py"} if config["tuneup_schema"] == "alembic" else set()
        if "pytest_tuneup.app" in loaded:
            expected |= {"app/__init__.py", "app/routes.py", "app/sync_client.py"}
            # Copier renders before the hook reads the suite: with async_mode=auto and no
            # database, the async client is copied and loaded only if the suite turns out async.
            undecided = answers.get("database", "none") == "none" and answers.get("async_mode", "auto") == "auto"
            expected |= {"app/async_client.py"} if config["tuneup_client"] == "async" or undecided else set()
        if "pytest_tuneup.mocks" in loaded:
            expected.add("mocks.py")
        folder = package_dir(project)
        # The benchmark, the doctor, the shards, test-changed, tune and the deps script
        # are not -p plugins: vendored for every answer set.
        vendored = {
            path.relative_to(folder).as_posix()
            for path in folder.rglob("*.py")
            if path.relative_to(folder).parts[0] not in ("bench", "doctor", "shards", "changed", "tune", "deps")
        }
        assert vendored == expected, answers


def test_every_make_target_runs_pytest_the_projects_way(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for answers, project in generated:
        targets = re.search(r"^TUNEUP_TARGETS := (.*)$", (project / "tuneup.mk").read_text(), re.MULTILINE)
        assert targets is not None
        names = targets.group(1).split()
        assert ("test-parallel" in names) == bool(answers.get("parallel"))
        assert ("test-cov" in names) == answers.get("coverage", True)
        runner = answers.get("runner", "python")
        for name in [n for n in names if n != "help"]:
            # No PYTHON override here: the dry run shows the runner's own command.
            dry = subprocess.run(["make", "-n", name], cwd=project, capture_output=True, text=True)
            assert dry.returncode == 0, dry.stderr
            if runner != "hatch":
                assert f"{RUN_PREFIX[runner]} -m pytest" in dry.stdout, (answers, name, dry.stdout)
        deps = subprocess.run(["make", "-n", "tuneup-deps"], cwd=project, capture_output=True, text=True)
        assert "pytest>=8.0" in deps.stdout
        # What the vendored package imports at module level beyond pytest (the bench's
        # psutil, the doctor's libcst) is always installed: the project's own mypy --strict
        # over the tests folder must resolve it (docs/decisions/doctor.md).
        for requirement in ("psutil>=5.9", "libcst>=1.1"):
            assert f"--require '{requirement}'" in deps.stdout, (answers, deps.stdout)
        assert ("pytest-xdist>=3.5" in deps.stdout) == bool(answers.get("parallel"))


# One test per answer set (not one loop over them): the xdist workers share the runs.
EVERY_ANSWER_SET = pytest.mark.parametrize("answers", MATRIX, ids=[f"set{index}" for index in range(len(MATRIX))])


@EVERY_ANSWER_SET
def test_generated_configuration_runs_the_suite_for_every_answer_set(
    renders: Renders, answers: dict[str, Any], tmp_path: Path
) -> None:
    # A run leaves files (.coverage, caches): in a copy, the shared render stays as made.
    project = renders.copy("bare", answers, tmp_path / "bare")
    result = run_make(project, "test")
    assert result.returncode == 0, (answers, result.stdout + result.stderr)
    assert "17 passed" in result.stdout, answers


@pytest.mark.parametrize("answers", [{}, {"strict": True}], ids=["defaults", "strict"])
def test_toml_configuration_passes_repo_review_pp301_to_pp309(
    template: Path, tmp_path: Path, answers: dict[str, Any]
) -> None:
    # repo-review reads TOML only and checks pytest 9's keys: a project that runs pytest 9
    # (the bare project, with no pyproject and no pytest known, gets a pytest.ini).
    project = make_project("pyproject_ini_options", tmp_path / "pyproject_ini_options")
    link_this_venv(project)
    copy_template(template, project, answers)
    results = {result.name: result.result for result in process(project, select=PP_CHECKS).results}
    expected = dict.fromkeys(PP_CHECKS, True)
    if not answers.get("strict"):
        # The project's addopts is one string line: kept as it is, so no -ra is added to it
        # (the hook suggests it in a note; the plugins load from conftest.py).
        expected["PP308"] = False
    assert results == expected


def test_installed_renders_no_python_and_pins_the_template(
    generated_installed: list[tuple[dict[str, Any], Path]], template: Path
) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "v1.0.0^{commit}"], cwd=template, capture_output=True, text=True, check=True
    ).stdout.strip()
    for answers, project in generated_installed:
        assert not package_dir(project).exists(), answers
        config = (project / "pytest.ini").read_text()
        assert "tests/tuneup" not in config, answers
        deps = subprocess.run(["make", "-n", "tuneup-deps"], cwd=project, capture_output=True, text=True)
        assert f"pytest-tuneup@git+file://{template}@{commit}" in deps.stdout, (answers, deps.stdout)


@pytest.fixture
def installed_site(renders: Renders, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pip builds and installs the distribution from the requirement make tuneup-deps
    names, once per run (the folder is only read)."""
    requirement = re.search(
        r"(pytest-tuneup@\S+)", (renders.get("bare", {"plugin_source": "installed"}) / "tuneup.mk").read_text()
    )
    assert requirement is not None

    def build(site: Path) -> None:
        pip = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), requirement.group(1)],
            capture_output=True,
            text=True,
        )
        assert pip.returncode == 0, pip.stdout + pip.stderr

    return once_per_run(run_folder(tmp_path_factory) / "installed-site", build)


@EVERY_ANSWER_SET
def test_installed_from_the_template_repository_runs_the_suite_for_every_answer_set(
    renders: Renders, installed_site: Path, answers: dict[str, Any], tmp_path: Path
) -> None:
    env = {**tool_env(), "PYTHONPATH": str(installed_site)}
    project = renders.copy("bare", {**answers, "plugin_source": "installed"}, tmp_path / "bare")
    result = subprocess.run(
        ["make", "--no-print-directory", "test", f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, (answers, result.stdout + result.stderr)
    assert "17 passed" in result.stdout, answers
