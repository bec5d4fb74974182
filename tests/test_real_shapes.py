"""The template adopted by projects shaped like real repositories (issue 9).

Each project in tests/projects/ named in ``REAL_SHAPES`` is a small original project with its
own pins or lock file. It is installed into a virtualenv of its own, from the Python its
team uses (pyenv's), at the versions it pins: ``uv pip install -r`` for requirements
files, ``uv sync --frozen`` for uv.lock, ``poetry install`` for poetry.lock. The venv sits
in the project as ``.venv`` (a link, ignored by git, as teams have it), activated for
the teams that run plain ``python``. Outside it, ``python`` is a bare stand-in for the
machine's own interpreter, so a target that runs the wrong one fails here instead of
installing into the machine's Python.

First the suite runs as its team runs it (these tests pass today). Then ``copier copy
--trust --defaults`` (no ``--data``) goes into it, and the tests check what a team would:
the suite's pass count and its own gates, the user's files only gained lines, the answers
the hook detected, ``make tuneup-deps`` moved no pinned version, and ``make test``,
``make bench`` and ``make bench-ab`` work with the project's runner.

Much of that is issue 9's work in progress: the tests that fail before it lands carry an
``xfail`` naming the feature (see ``PENDING``); remove an entry once its test passes.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from tuneup_testing import (
    ANSWERS_FILE,
    GIT_ENV,
    PROJECTS,
    commit_all,
    copy_with_copier_cli,
    git,
    installed_versions,
    lines_lost,
    make_project,
    needs_postgresql,
    normalized,
    passed_count,
    pinned_versions,
    postgresql_url,
)

pytestmark = pytest.mark.slow

PYENV_VERSIONS = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
# The runners' own tools, installed for the session when the machine has none.
RUNNER_TOOLS = {"uv": "uv==0.13.9", "poetry": "poetry==2.5.1"}
MACHINE_PYTHON = "machine-python"  # the stand-in for the machine's python, under the tools folder


@dataclass(frozen=True)
class Shape:
    """A fixture project and what its team expects of it."""

    name: str  # folder under tests/projects
    python: str  # the pyenv version the team uses
    install: str  # requirements, uv or poetry: how its pins get installed
    command: tuple[str, ...]  # how the team runs its suite, from the project root
    passed: int  # what that command reports as passed
    runner: str  # the runner the hook must detect
    async_mode: str  # the async_mode the hook must detect
    cov_packages: str  # TUNEUP_COV_PACKAGES the hook must write ("" where coverage is theirs)
    root: str = ""  # the project's folder inside its git repository
    gates: tuple[tuple[str, ...], ...] = ()  # more commands the team's CI runs, which must stay green
    report: tuple[str, ...] = ()  # starts of the report lines the team reads, which must not change
    evidence: str = ""  # a word the hook's printed lines must give as its reason
    database: bool = False
    own_test_target: bool = False  # the project's Makefile has its own `test`


REAL_SHAPES = (
    # (a) requires-python >=3.9, pytest 8.3 + pytest-asyncio 0.24 pinned, asyncio_mode=auto.
    Shape("py39_asyncio024", "3.9.18", "requirements", ("python", "-m", "pytest"), 9, "python", "auto", "parcels"),
    # (b) uv.lock, @pytest.mark.asyncio tests, no pytest-asyncio settings.
    Shape("uv_async", "3.12.1", "uv", ("uv", "run", "pytest"), 7, "uv", "auto", "quotes", evidence="uv.lock"),
    # (c) poetry.lock, package-mode = false.
    Shape(
        "poetry_app", "3.10.13", "poetry", ("poetry", "run", "pytest"), 8, "poetry", "off", "pantry",
        evidence="poetry.lock",
    ),
    # (d) tox.ini's [pytest] addopts over several lines: their --cov-report, a -p no: line, comments.
    Shape(
        "ini_multiline", "3.11.7", "requirements", ("pytest",), 6, "python", "off", "",
        report=("Name ", "ledger/", "TOTAL"),
    ),
    # (e) `coverage run -m pytest` then `coverage report`, fail_under = 90 in [tool.coverage.report].
    Shape(
        "coverage_run", "3.12.1", "requirements", ("make", "test"), 10, "python", "off", "",
        report=("Name ", "meter/", "TOTAL"), own_test_target=True,
    ),
    # (f) pytest-isort 3.1.0 pinned with pytest 8.3.5: pytest >= 9.1 refuses to load it.
    Shape(
        "pinned_plugin", "3.10.13", "requirements", ("make", "test"), 11, "python", "off", "shelf",
        gates=(("make", "lint"),), own_test_target=True,
    ),
    # (g) the project in backend/ of its repository, with its own Makefile (awk `make help`).
    Shape(
        "backend_subfolder", "3.11.7", "requirements", ("make", "test"), 6, "python", "off", "kiosk",
        root="backend", own_test_target=True,
    ),
    # (h) [tool.black] and [tool.ruff] above [project], [tool.mypy] below; no pytest settings yet.
    Shape("toml_out_of_order", "3.13.0", "requirements", ("python", "-m", "pytest"), 6, "python", "off", "routing"),
    # (i) anyio marks, async fixtures, asyncpg on PostgreSQL from TEST_DATABASE_URL.
    Shape(
        "anyio_asyncpg", "3.11.7", "requirements", ("python", "-m", "pytest"), 9, "python", "off", "bookings",
        evidence="anyio", database=True,
    ),
)  # fmt: skip

# What a test still waits for, per project: {test name: {project: the missing feature}},
# marked xfail. Empty: every adoption check passes on every project.
PENDING: dict[str, dict[str, str]] = {}


def cases(test: str, only: Collection[str] = ()) -> list[object]:
    """``REAL_SHAPES`` (or those named in ``only``) as parameters of ``test``, each with its
    pending xfail if it has one."""
    params: list[object] = []
    for shape in REAL_SHAPES:
        if only and shape.name not in only:
            continue
        reason = PENDING.get(test, {}).get(shape.name)
        marks = [pytest.mark.xfail(reason=f"needs {reason} from issue 9 (lead merges)", strict=False)] if reason else []
        params.append(pytest.param(shape, id=shape.name, marks=marks))
    return params


# ---- running things as the team does ---------------------------------------------------


def run(command: tuple[str, ...] | list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A command with stdout and stderr in one text, as a terminal shows them."""
    return subprocess.run(
        list(command), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900
    )


def shown(result: subprocess.CompletedProcess[str]) -> str:
    """The end of a run's output, for assertion messages."""
    output = result.stdout + (result.stderr or "")
    return f"exit {result.returncode}: {' '.join(map(str, result.args))}\n{output[-4000:]}"


def make(root: Path, env: dict[str, str], *words: str) -> subprocess.CompletedProcess[str]:
    """make in the project's folder: no PYTHON override, the project's runner decides."""
    return run(["make", "--no-print-directory", *words], root, env)


def database_url() -> str:
    """The test server's URL on its always-present ``postgres`` database: the suite of (i)
    only makes temporary tables inside a transaction it rolls back."""
    return re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", postgresql_url(), count=1)


def team_env(shape: Shape, venv: Path, tools: Path) -> dict[str, str]:
    """The environment of a developer of this project.

    The venv is activated for teams that run plain python; uv and poetry teams do not
    activate anything, their runner finds ``.venv``. Our own test venv (pytest 9, copier)
    and pyenv's interpreters are taken off PATH: the project must never run on them, and
    nothing may install into them. ``python`` outside the venv is the stand-in for the
    machine's own Python (see ``runner_tools``). Variables
    of the pytest running these tests (PYTEST_*, coverage's COV_CORE_*) stay out.
    """
    ours = str(Path(sys.executable).parent)
    path = [part for part in os.environ["PATH"].split(os.pathsep) if part and part != ours and "/.pyenv/" not in part]
    dropped = ("PYTEST_", "COV_CORE_", "VIRTUAL_ENV", "UV_", "POETRY_", "PYTHONPATH", "TEST_DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    path[:0] = [str(tools), str(tools / MACHINE_PYTHON / "bin")]
    if shape.install == "requirements":
        env["VIRTUAL_ENV"] = str(venv)
        path.insert(0, str(venv / "bin"))
    if shape.install == "uv":
        # The developer's Python, also for the checkouts bench-ab makes (uv downloads none here).
        env["UV_PYTHON"] = str(python_of(shape))
        env["UV_PYTHON_DOWNLOADS"] = "never"
    if shape.install == "poetry":
        # Where `poetry run` makes a venv when it finds none (bench-ab's checkouts): not
        # the machine's poetry cache.
        env["POETRY_VIRTUALENVS_PATH"] = str(tools / "poetry-virtualenvs")
    if shape.database:
        env["TEST_DATABASE_URL"] = database_url()
    env.update(GIT_ENV, PATH=os.pathsep.join(path), PYTHONDONTWRITEBYTECODE="1", COLUMNS="240")
    return env


def python_of(shape: Shape) -> Path:
    python = PYENV_VERSIONS / shape.python / "bin" / "python"
    if not python.exists():
        pytest.skip(f"{shape.name} needs Python {shape.python} from pyenv ({python})")
    return python


def pytest_command(shape: Shape) -> tuple[str, ...]:
    """The project's pytest through its runner."""
    prefix = {"requirements": (), "uv": ("uv", "run"), "poetry": ("poetry", "run")}[shape.install]
    return (*prefix, "python", "-m", "pytest")


def report_lines(shape: Shape, output: str) -> list[str]:
    """The lines of the report the team reads (the coverage table), as printed."""
    return [line.rstrip() for line in output.splitlines() if line.startswith(shape.report)] if shape.report else []


# ---- session caches: tools, venvs, the adopted projects ---------------------------------


@pytest.fixture(scope="session")
def runner_tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for PATH with ``uv`` and ``poetry``, and in it a bare venv whose ``python`` /
    ``python3`` stand in for the machine's own Python: no pip, no pytest, so a make target
    that runs the wrong interpreter fails instead of installing into or running a real one."""
    shims = tmp_path_factory.mktemp("runner-tools")
    # Its bin folder goes on PATH as it is: a link to its python elsewhere would not find
    # pyvenv.cfg and would be the base interpreter, site-packages and all.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(shims / MACHINE_PYTHON)], check=True)
    ours = Path(sys.executable).parent
    # Not through pyenv's shims: those need pyenv on PATH, which the projects' runs do not have.
    search = os.pathsep.join(part for part in os.environ["PATH"].split(os.pathsep) if "/.pyenv/" not in part)
    found = {
        tool: shutil.which(tool, path=search) or (str(ours / tool) if (ours / tool).exists() else None)
        for tool in RUNNER_TOOLS
    }
    if not all(found.values()):
        venv = tmp_path_factory.mktemp("runner-tools-venv")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        missing = [RUNNER_TOOLS[tool] for tool, where in found.items() if not where]
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", *missing], check=True)
        found = {tool: where or str(venv / "bin" / tool) for tool, where in found.items()}
    for tool, where in found.items():
        assert where is not None
        (shims / tool).symlink_to(where)
    return shims


@dataclass
class Adoption:
    """A project before and after ``copier copy --defaults``."""

    repo: Path
    before: dict[str, bytes]  # the user's tracked files
    suite: subprocess.CompletedProcess[str]  # the team's command before the copy
    gates: list[subprocess.CompletedProcess[str]]
    copy: subprocess.CompletedProcess[str]


@dataclass
class Deps:
    """An adopted project after ``make tuneup-deps`` in a venv of its own, committed."""

    repo: Path
    venv: Path
    result: subprocess.CompletedProcess[str]
    versions_before: dict[str, str]
    versions_after: dict[str, str]
    pins_before: dict[str, str]
    pins_after: dict[str, str]


@dataclass
class Shapes:
    """Venvs and adopted projects, each made once per session and shared by the tests.

    The ``base`` venv of a project is never changed after it is made; ``make
    tuneup-deps`` runs in a second one (``deps``) that the tests after it only read.
    """

    workspace: Path
    tools: Path
    template: Path
    venvs: dict[tuple[str, str], Path] = field(default_factory=dict)
    adoptions: dict[str, Adoption] = field(default_factory=dict)
    deps: dict[str, Deps] = field(default_factory=dict)

    def venv(self, shape: Shape, flavour: str) -> Path:
        key = (shape.name, flavour)
        if key not in self.venvs:
            self.venvs[key] = self._make_venv(shape, self.workspace / f"venv-{shape.name}-{flavour}")
        return self.venvs[key]

    def _make_venv(self, shape: Shape, venv: Path) -> Path:
        python = python_of(shape)
        source = self.workspace / f"source-{venv.name}"
        shutil.copytree(PROJECTS / shape.name / shape.root, source)
        env = team_env(shape, venv, self.tools)
        if shape.install == "uv":
            # uv's own venv (no pip in it, as uv makes them), synced from the lock as committed.
            steps = [["uv", "sync", "--frozen", "--quiet", "--python", str(python)]]
            env = {**env, "UV_PROJECT_ENVIRONMENT": str(venv)}
        else:
            steps = [["uv", "venv", "--quiet", "--seed", "--python", str(python), str(venv)]]
            if shape.install == "poetry":
                (source / ".venv").symlink_to(venv)
                steps.append(["poetry", "install", "--no-interaction", "--quiet"])
            else:
                steps.append(["uv", "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
                              "-r", "requirements-dev.txt"])  # fmt: skip
        for step in steps:
            result = run(step, source, env)
            assert result.returncode == 0, shown(result)
        return venv

    def fresh(self, shape: Shape, destination: Path, flavour: str = "base") -> tuple[Path, dict[str, str]]:
        """The project as a new git repository, its venv linked in: (repository, env)."""
        venv = self.venv(shape, flavour)
        repo = make_project(shape.name, destination)
        root = repo / shape.root
        (root / ".venv").symlink_to(venv)
        return repo, team_env(shape, venv, self.tools)

    def adoption(self, shape: Shape) -> Adoption:
        if shape.name not in self.adoptions:
            repo, env = self.fresh(shape, self.workspace / f"adopted-{shape.name}")
            root = repo / shape.root
            before = {name: (repo / name).read_bytes() for name in tracked(repo)}
            suite = run(shape.command, root, env)
            gates = [run(gate, root, env) for gate in shape.gates]
            clean(root)
            copy = copy_with_copier_cli(self.template, root, env)
            self.adoptions[shape.name] = Adoption(repo, before, suite, gates, copy)
        return self.adoptions[shape.name]

    def after_deps(self, shape: Shape) -> Deps:
        if shape.name not in self.deps:
            adoption = self.adoption(shape)
            venv = self.venv(shape, "deps")
            repo = self.workspace / f"deps-{shape.name}"
            shutil.copytree(adoption.repo, repo, symlinks=True)
            root = repo / shape.root
            (root / ".venv").unlink()
            (root / ".venv").symlink_to(venv)
            env = team_env(shape, venv, self.tools)
            python = venv / "bin" / "python"
            versions_before, pins_before = installed_versions(python, env), pinned_versions(root)
            result = make(root, env, "tuneup-deps")
            versions_after, pins_after = installed_versions(python, env), pinned_versions(root)
            commit_all(repo, "adopt pytest-tuneup")
            self.deps[shape.name] = Deps(repo, venv, result, versions_before, versions_after, pins_before, pins_after)
        return self.deps[shape.name]

    def work_copy(self, repo: Path, destination: Path) -> Path:
        """A copy of a prepared repository for one test to change (the venv link kept)."""
        shutil.copytree(repo, destination, symlinks=True)
        return destination


def tracked(repo: Path) -> list[str]:
    return [name for name in git(repo, "ls-files", "-z").split("\0") if name]


def clean(root: Path) -> None:
    """Drop what a run of the suite leaves behind (ignored by git, not the user's files)."""
    for leftover in (".coverage", ".pytest_cache", "htmlcov"):
        target = root / leftover
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


@pytest.fixture(scope="session")
def shapes(tmp_path_factory: pytest.TempPathFactory, runner_tools: Path, template: Path) -> Iterator[Shapes]:
    yield Shapes(tmp_path_factory.mktemp("shapes"), runner_tools, template)


def needs_database(shape: Shape) -> None:
    if shape.database:
        needs_postgresql()


def team_suite_is_green(
    shape: Shape,
    suite: subprocess.CompletedProcess[str],
    gates: list[subprocess.CompletedProcess[str]],
) -> None:
    assert suite.returncode == 0, shown(suite)
    assert passed_count(suite.stdout) == shape.passed, shown(suite)
    for gate in gates:
        assert gate.returncode == 0, shown(gate)


# ---- before adoption: the projects are what they claim to be ------------------------------


@pytest.mark.parametrize("shape", cases("test_the_suite_passes_as_its_team_runs_it"))
def test_the_suite_passes_as_its_team_runs_it(shapes: Shapes, shape: Shape) -> None:
    needs_database(shape)
    adoption = shapes.adoption(shape)
    team_suite_is_green(shape, adoption.suite, adoption.gates)
    # Installed at the versions the project pins, from the Python it declares.
    root = adoption.repo / shape.root
    venv = shapes.venv(shape, "base")
    installed = installed_versions(venv / "bin" / "python")
    pins = pinned_versions(root)
    assert pins["pytest"] == installed["pytest"]
    assert {name: installed[name] for name in pins if name in installed} == {
        name: version for name, version in pins.items() if name in installed
    }
    version = run([str(venv / "bin" / "python"), "--version"], root, os.environ.copy()).stdout
    assert version.split()[1] == shape.python


def test_the_projects_are_shaped_as_issue_9_lists() -> None:
    """The shapes themselves, read from the files: what makes each project the case it is."""
    by_name = {shape.name: PROJECTS / shape.name / shape.root for shape in REAL_SHAPES}
    # (a) Python 3.9 floor, pytest 8 and pytest-asyncio 0.24 pinned.
    a = by_name["py39_asyncio024"]
    assert tomllib.loads((a / "pyproject.toml").read_text())["project"]["requires-python"] == ">=3.9"
    assert pinned_versions(a)["pytest"].startswith("8.") and pinned_versions(a)["pytest-asyncio"].startswith("0.24.")
    # (b) a uv lock, async tests, no pytest-asyncio settings.
    b = by_name["uv_async"]
    assert (b / "uv.lock").is_file() and "asyncio" not in (b / "pyproject.toml").read_text().split("[tool.pytest")[1]
    # (c) a poetry lock written by poetry.
    assert "@generated by Poetry" in (by_name["poetry_app"] / "poetry.lock").read_text()
    # (d) a multi-line INI addopts with the user's report and a -p no: line among comments.
    ini = (by_name["ini_multiline"] / "tox.ini").read_text()
    assert re.search(
        r"^addopts =\n(    .*\n)*    --cov-report=term-missing\n(    .*\n)*    -p no:cacheprovider\n", ini, re.M
    )
    # (e) coverage run in the Makefile, fail_under in [tool.coverage].
    e = by_name["coverage_run"]
    assert "coverage run -m pytest" in (e / "Makefile").read_text()
    assert tomllib.loads((e / "pyproject.toml").read_text())["tool"]["coverage"]["report"]["fail_under"] == 90
    # (f) the plugin pytest 9.1+ refuses, pinned with a pytest 8.
    f = pinned_versions(by_name["pinned_plugin"])
    assert (f["pytest-isort"], f["pytest"][:2]) == ("3.1.0", "8.")
    # (g) no project at the repository's root, one in backend/.
    assert not (PROJECTS / "backend_subfolder" / "pyproject.toml").exists()
    assert (by_name["backend_subfolder"] / "Makefile").is_file()
    # (h) tool tables on both sides of [project]: tomlkit's out-of-order tables.
    h = (by_name["toml_out_of_order"] / "pyproject.toml").read_text()
    assert h.index("[tool.ruff]") < h.index("[project]") < h.index("[tool.mypy]")
    # (i) anyio marks and asyncpg.
    i = by_name["anyio_asyncpg"]
    assert "pytest.mark.anyio" in (i / "tests" / "test_bookings.py").read_text()
    assert "asyncpg" in pinned_versions(i)


# ---- copier copy --defaults --------------------------------------------------------------


@pytest.mark.parametrize("shape", cases("test_copy_with_defaults_succeeds"))
def test_copy_with_defaults_succeeds(shapes: Shapes, shape: Shape) -> None:
    copy = shapes.adoption(shape).copy
    assert copy.returncode == 0, shown(copy)
    assert "Traceback" not in copy.stdout + copy.stderr, copy.stderr[-4000:]


@pytest.mark.parametrize("shape", cases("test_the_users_files_only_gain_lines"))
def test_the_users_files_only_gain_lines(shapes: Shapes, shape: Shape) -> None:
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    changed = {}
    for name, content in adoption.before.items():
        after = adoption.repo / name
        assert after.is_file(), f"{name} is gone"
        # A one-line TOML array may open to take our items on lines of their own (issue 9).
        lost = lines_lost(content.decode(), after.read_bytes().decode(), opened_arrays=name.endswith(".toml"))
        if lost:
            changed[name] = lost
    assert changed == {}, "lines of the user's files that changed or moved"


@pytest.mark.parametrize("shape", cases("test_detected_answers"))
def test_detected_answers(shapes: Shapes, shape: Shape) -> None:
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    root = adoption.repo / shape.root
    # The answers file keeps `auto` (detected again on each update); the hook says what it found.
    answers = yaml.safe_load((root / ANSWERS_FILE).read_text())
    assert (answers["runner"], answers["async_mode"]) == ("auto", "auto")
    said = adoption.copy.stdout + adoption.copy.stderr
    assert re.search(rf"^pytest-tuneup: runner: {shape.runner} \(", said, re.MULTILINE), shown(adoption.copy)
    assert re.search(rf"^pytest-tuneup: async_mode: {shape.async_mode} \(", said, re.MULTILINE), shown(adoption.copy)
    # The packages coverage measures: none where the project measures coverage itself.
    makefile = (root / "Makefile").read_text()
    match = re.search(r"^TUNEUP_COV_PACKAGES\s*:?=[ \t]*(.*)$", makefile, re.M)
    assert match, makefile
    assert match.group(1).strip() == shape.cov_packages
    if shape.evidence:
        assert shape.evidence in adoption.copy.stdout + adoption.copy.stderr, shown(adoption.copy)


@pytest.mark.parametrize("shape", cases("test_the_needs_line_names_only_what_is_missing"))
def test_the_needs_line_names_only_what_is_missing(shapes: Shapes, shape: Shape) -> None:
    """What the hook says `make tuneup-deps` installs is what the project's environment lacks."""
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    installed = installed_versions(shapes.venv(shape, "base") / "bin" / "python")
    needs = re.findall(r"needs (.+?): `make tuneup-deps`", adoption.copy.stdout + adoption.copy.stderr)
    named = {normalized(re.split(r"[\[<>=!~; ]", word, maxsplit=1)[0]) for line in needs for word in line.split()}
    assert sorted(named & set(installed)) == [], shown(adoption.copy)


# The user's own option families (issue 9, merge fidelity): what the project has, and what
# must not appear beside it. (d) has --strict-markers, --cov=ledger and its --cov-report;
# (e) runs `coverage run` itself.
OWN_OPTIONS = {"ini_multiline": ("tox.ini", "pytest"), "coverage_run": ("pyproject.toml", "tool.pytest.ini_options")}


@pytest.mark.parametrize("shape", cases("test_nothing_contradicts_the_users_own_options", only=OWN_OPTIONS))
def test_nothing_contradicts_the_users_own_options(shapes: Shapes, shape: Shape) -> None:
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    file_name, table = OWN_OPTIONS[shape.name]
    path = adoption.repo / shape.root / file_name
    if path.suffix == ".toml":
        values = tomllib.loads(path.read_text())["tool"]["pytest"]["ini_options"]
        addopts = values.get("addopts", [])
        addopts = shlex.split(addopts) if isinstance(addopts, str) else addopts
    else:
        parser = configparser.ConfigParser(interpolation=None)
        parser.read_string(path.read_text())
        values = dict(parser[table])
        addopts = shlex.split(values.get("addopts", ""))
    coverage = [item for item in addopts if item.startswith("--cov")]
    if shape.name == "ini_multiline":
        # Their coverage options, theirs alone: no --cov-branch, no second report.
        assert coverage == ["--cov=ledger", "--cov-report=term-missing"]
        assert str(values.get("strict_markers", "true")).lower() == "true", "beside their --strict-markers"
    else:
        assert coverage == [], "coverage run measures this project; pytest-cov inside it records nothing"


@pytest.mark.parametrize("shape", cases("test_the_suite_and_its_gates_are_unchanged_after_the_copy"))
def test_the_suite_and_its_gates_are_unchanged_after_the_copy(shapes: Shapes, shape: Shape, tmp_path: Path) -> None:
    needs_database(shape)
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    repo = shapes.work_copy(adoption.repo, tmp_path / "repo")
    root = repo / shape.root
    env = team_env(shape, shapes.venv(shape, "base"), shapes.tools)
    suite = run(shape.command, root, env)
    team_suite_is_green(shape, suite, [run(gate, root, env) for gate in shape.gates])
    assert report_lines(shape, suite.stdout) == report_lines(shape, adoption.suite.stdout)


# ---- make tuneup-deps, then the targets ---------------------------------------------------


@pytest.mark.parametrize("shape", cases("test_tuneup_deps_changes_no_pinned_version"))
def test_tuneup_deps_changes_no_pinned_version(shapes: Shapes, shape: Shape) -> None:
    deps = shapes.after_deps(shape)
    assert deps.result.returncode == 0, shown(deps.result)
    moved = {
        name: (version, deps.versions_after.get(name))
        for name, version in deps.versions_before.items()
        if name in deps.pins_before and deps.versions_after.get(name) != version
    }
    assert moved == {}, "pinned packages whose installed version changed (before, after)"
    relocked = {
        name: (version, deps.pins_after.get(name))
        for name, version in deps.pins_before.items()
        if deps.pins_after.get(name) != version
    }
    assert relocked == {}, "pins or locked versions that changed (before, after)"


@pytest.mark.parametrize("shape", cases("test_the_suite_and_its_gates_are_unchanged_after_tuneup_deps"))
def test_the_suite_and_its_gates_are_unchanged_after_tuneup_deps(shapes: Shapes, shape: Shape, tmp_path: Path) -> None:
    needs_database(shape)
    deps = shapes.after_deps(shape)
    repo = shapes.work_copy(deps.repo, tmp_path / "repo")
    root = repo / shape.root
    env = team_env(shape, deps.venv, shapes.tools)
    suite = run(shape.command, root, env)
    team_suite_is_green(shape, suite, [run(gate, root, env) for gate in shape.gates])
    assert report_lines(shape, suite.stdout) == report_lines(shape, shapes.adoption(shape).suite.stdout)


@pytest.mark.parametrize("shape", cases("test_our_settings_reach_the_projects_pytest"))
def test_our_settings_reach_the_projects_pytest(shapes: Shapes, shape: Shape) -> None:
    """After ``make tuneup-deps``, the configuration fits the project's own pytest: read (no
    table its pytest ignores), no minversion above it, our plugins loaded. Our options in
    its --help show all three."""
    deps = shapes.after_deps(shape)
    root = deps.repo / shape.root
    env = team_env(shape, deps.venv, shapes.tools)
    version = run([*pytest_command(shape), "--version"], root, env)
    assert f"pytest {deps.pins_before['pytest']}" in version.stdout, shown(version)
    result = run([*pytest_command(shape), "--help"], root, env)
    assert result.returncode == 0, shown(result)
    assert "--tuneup-" in result.stdout, shown(result)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and int(deps.pins_before["pytest"].split(".")[0]) < 9:
        tool = tomllib.loads(pyproject.read_text()).get("tool", {})
        assert set(tool.get("pytest", {})) <= {"ini_options"}, "pytest 8 ignores a native [tool.pytest] table"


def runs_on_the_projects_interpreter(shape: Shape, deps: Deps, output: str) -> None:
    """pytest's header names the Python and the pytest that ran: the project's own."""
    header = f"Python {shape.python}, pytest-{deps.pins_before['pytest']},"
    assert header in output, f"not run on the project's interpreter and pins ({header}):\n{output[-3000:]}"


def bench_ran_on_the_projects_interpreter(shape: Shape, deps: Deps, report: Path) -> None:
    """The benchmark's JSON names the interpreter and pytest it measured with."""
    assert report.is_file(), f"no {report.name}"
    environment = json.loads(report.read_text())["environment"]
    assert environment["python"] == shape.python
    assert environment["packages"]["pytest"] == deps.pins_before["pytest"]


@pytest.mark.parametrize("shape", cases("test_make_test_runs_the_suite_with_the_projects_runner"))
def test_make_test_runs_the_suite_with_the_projects_runner(shapes: Shapes, shape: Shape, tmp_path: Path) -> None:
    needs_database(shape)
    deps = shapes.after_deps(shape)
    root = shapes.work_copy(deps.repo, tmp_path / "repo") / shape.root
    env = team_env(shape, deps.venv, shapes.tools)
    # `make test` is the team's own where they had one; ours is then tuneup-test.
    for target in ("test", "tuneup-test") if shape.own_test_target else ("test",):
        result = make(root, env, target)
        assert result.returncode == 0, shown(result)
        assert passed_count(result.stdout) == shape.passed, shown(result)
        runs_on_the_projects_interpreter(shape, deps, result.stdout)


@pytest.mark.parametrize("shape", cases("test_make_bench_runs_with_the_projects_runner"))
def test_make_bench_runs_with_the_projects_runner(shapes: Shapes, shape: Shape, tmp_path: Path) -> None:
    needs_database(shape)
    deps = shapes.after_deps(shape)
    root = shapes.work_copy(deps.repo, tmp_path / "repo") / shape.root
    result = make(root, team_env(shape, deps.venv, shapes.tools), "bench", "RUNS=2", "BENCH_ARGS=--json bench.json")
    assert result.returncode == 0, shown(result)
    assert "wall time" in result.stdout, shown(result)
    bench_ran_on_the_projects_interpreter(shape, deps, root / "bench.json")


@pytest.mark.parametrize("shape", cases("test_make_bench_ab_runs_with_the_projects_runner"))
def test_make_bench_ab_runs_with_the_projects_runner(shapes: Shapes, shape: Shape, tmp_path: Path) -> None:
    needs_database(shape)
    deps = shapes.after_deps(shape)
    repo = shapes.work_copy(deps.repo, tmp_path / "repo")
    root = repo / shape.root
    env = team_env(shape, deps.venv, shapes.tools)
    result = make(root, env, "bench-ab", "A=HEAD", "RUNS=2", "BENCH_ARGS=--json ab.json")
    assert result.returncode == 0, shown(result)
    assert re.search(r"^[AB] is [\d.]+ ± [\d.]+ times faster than [AB] \(", result.stdout, re.M), shown(result)
    bench_ran_on_the_projects_interpreter(shape, deps, root / "ab.json")
    assert len(git(repo, "worktree", "list").splitlines()) == 1  # the checkout of HEAD is gone again


# With the other tests of (g): its venv and adoption are made once per run (tests/conftest.py).
@pytest.mark.xdist_group("real-shape-backend_subfolder")
def test_the_users_make_help_lists_our_targets(shapes: Shapes, tmp_path: Path) -> None:
    """(g): the common awk over `## ` comments in the user's Makefile shows our targets too."""
    shape = next(shape for shape in REAL_SHAPES if shape.name == "backend_subfolder")
    adoption = shapes.adoption(shape)
    assert adoption.copy.returncode == 0, shown(adoption.copy)
    root = adoption.repo / shape.root
    result = make(root, team_env(shape, shapes.venv(shape, "base"), shapes.tools), "help")
    assert result.returncode == 0, shown(result)
    for target in ("show this help", "bench-ab", "tuneup-deps"):
        assert target in result.stdout, shown(result)
