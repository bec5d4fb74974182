"""Shared helpers for pytest-tuneup's tests: template versions, fixture projects, runs.

Everything here drives real tools: git, copier's Python API, make and pytest in
subprocesses. Nothing is mocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import copier
import pytest

REPO = Path(__file__).resolve().parents[2]
PROJECTS = REPO / "tests" / "projects"
SHAPES = ("pyproject_ini_options", "pytest_ini_flat", "src_layout_makefile", "bare")
ANSWERS_FILE = ".copier-answers.pytest-tuneup.yml"

# A second answer set that differs from the defaults wherever the suite still passes.
NON_DEFAULT: dict[str, Any] = {
    "async_mode": "auto",
    "coverage": False,
    "parallel": True,
    "test_timeout": 120,
    "runner": "python",
}

# What every variant of the generated setup may pull in at test time.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "tuneup tests",
    "GIT_AUTHOR_EMAIL": "tests@pytest-tuneup.invalid",
    "GIT_COMMITTER_NAME": "tuneup tests",
    "GIT_COMMITTER_EMAIL": "tests@pytest-tuneup.invalid",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env={**os.environ, **GIT_ENV}
    )
    return result.stdout


def commit_all(cwd: Path, message: str) -> None:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "--allow-empty", "-m", message)


#: Folders of this repository that copier never reads from the template: left out of the
#: snapshot, copier's clone of it per copy (and twice per update) checks out a third of
#: the files (the fixture projects alone are 400).
NOT_IN_TEMPLATE = ("tests/", "examples/", "docs/", "benchmarks/")


def snapshot_template(destination: Path) -> Path:
    """The template as it is in the working tree, as a git repo tagged v1.0.0.

    Uncommitted edits are included, so the tests check what is on disk. Only what a
    copy can read: copier.yml, template/, hooks/, ci/ (included by templates), src/ (the
    linked package) and pyproject.toml (plugin_source=installed builds from it).
    """
    files = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, files):
        if name.startswith(NOT_IN_TEMPLATE):
            continue
        source = REPO / name
        target = destination / name
        if source.is_symlink():
            # template/.../pytest_tuneup links to src/pytest_tuneup: a link in git too.
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(source.readlink())
        elif source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(destination, "init", "-q", "-b", "main")
    commit_all(destination, "template")
    git(destination, "tag", "v1.0.0")
    return destination


def add_version_two(template: Path) -> None:
    """Commit a v2.0.0 that changes a rendered file and one pytest setting, as a release would."""
    make_file = template / "template" / "tuneup.mk.jinja"
    text = make_file.read_text()
    make_file.write_text(
        text.replace("# Extra pytest arguments for any target", "# Extra pytest arguments, any target")
    )
    desired = template / "hooks" / "tuneup_hooks" / "desired.py"
    text = desired.read_text()
    assert 'Setting("log_level", "scalar", "INFO")' in text
    desired.write_text(
        text.replace('Setting("log_level", "scalar", "INFO")', 'Setting("log_level", "scalar", "DEBUG")')
    )
    commit_all(template, "v2")
    git(template, "tag", "v2.0.0")


def make_project(shape: str, destination: Path) -> Path:
    """A fixture project as a fresh git repository with one commit."""
    shutil.copytree(PROJECTS / shape, destination)
    git(destination, "init", "-q", "-b", "main")
    commit_all(destination, "the project as it was")
    return destination


#: copier without questions, as the tests drive it (tasks and all: the hook runs).
UNATTENDED: dict[str, Any] = {"defaults": True, "unsafe": True, "quiet": True}


def copy_template(
    template: Path,
    project: Path,
    data: Mapping[str, Any] | None = None,
    ref: str | None = "v1.0.0",
    *,
    skip_tasks: bool = False,
) -> None:
    """``copier copy``; ``skip_tasks``: the rendered files only, without the hook (fast);
    ``ref=None`` for a template folder that is no git repository."""
    data = dict(data or {})
    copier.run_copy(str(template), str(project), data=data, vcs_ref=ref, skip_tasks=skip_tasks, **UNATTENDED)


def update_template(project: Path, data: Mapping[str, Any] | None = None) -> None:
    copier.run_update(str(project), data=dict(data or {}), overwrite=True, answers_file=ANSWERS_FILE, **UNATTENDED)


def tool_env() -> dict[str, str]:
    """Environment for make and pytest runs: this interpreter's tools first on PATH, no bytecode files."""
    bin_dir = str(Path(sys.executable).parent)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    # COLUMNS: pytest cuts summary lines to the terminal width; the tests read them whole.
    return {**os.environ, "PATH": path, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "240"}


def postgresql_url() -> str:
    """The PostgreSQL server scripts/test starts; per xdist worker a database name of its own.

    Read when called, not at import: tests/conftest.py gives each worker its name first.
    """
    return os.environ.get("TEST_DATABASE_URL", "")


def has_server_programs() -> bool:
    """PostgreSQL's pg_ctl on PATH or where Debian installs it: enough for a throwaway server."""
    return bool(shutil.which("pg_ctl")) or any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


def needs_postgresql(*, server_programs_will_do: bool = False) -> None:
    """Skip a test that needs PostgreSQL when there is none; under CI, which must have one, fail."""
    if postgresql_url() or (server_programs_will_do and has_server_programs()):
        return
    if os.environ.get("CI"):
        pytest.fail("CI must provide PostgreSQL: scripts/test starts one and sets TEST_DATABASE_URL")
    pytest.skip("no PostgreSQL: run through scripts/test, which starts one")


def database_env(database: str) -> dict[str, str]:
    """Environment for a generated suite: PostgreSQL's URL, or none, so SQLite uses its own files."""
    env = {key: value for key, value in tool_env().items() if key != "TEST_DATABASE_URL"}
    if database == "postgresql":
        env["TEST_DATABASE_URL"] = postgresql_url()
    return env


def run_make(project: Path, *targets: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *targets, f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else tool_env(),
        timeout=600,
    )


def run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
        timeout=600,
    )


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (outside .git and caches) with its bytes."""
    skip = {".git", "__pycache__", ".pytest_cache", "htmlcov"}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not skip.intersection(path.relative_to(root).parts)
    }


def make_example(name: str, destination: Path) -> Path:
    """A bundled example (``examples/<name>``) as a fresh git repository with one commit.

    Only the files a clone would have (tracked, or new and not ignored): no caches or
    databases left by running the example in place.
    """
    source_root = REPO / "examples" / name
    listed = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", f"examples/{name}/")
    for relative in filter(None, listed.split("\0")):
        source = REPO / relative
        if source.is_file():
            target = destination / source.relative_to(source_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    git(destination, "init", "-q", "-b", "main")
    commit_all(destination, "the project as it was")
    return destination


# ---- real project shapes (tests/test_real_shapes.py) ---------------------------------------
# Imports local to these helpers keep this section a pure addition to the file.


def normalized(name: str) -> str:
    """A distribution name as pip compares them: ``Pytest_Asyncio`` -> ``pytest-asyncio``."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def lines_lost(old: str, new: str, *, opened_arrays: bool = False) -> list[str]:
    """The lines of ``old`` missing from ``new``; empty when ``new`` only added lines.

    Every line of ``old`` must still be in ``new`` with its exact bytes (indentation,
    comments, line end) and in the same order; new lines may come anywhere in between.
    A last line without a line end may gain one, as lines appended after it need.
    ``opened_arrays``: a one-line TOML array (``key = ["a", "b"]``) may also be opened so
    that added items go on lines of their own: the user's line then ends before its
    ``]``, with or without a comma, and keeps everything else.
    """
    import re

    def kept(line: str, candidate: str) -> bool:
        if candidate == line or (not line.endswith("\n") and candidate.rstrip("\r\n") == line):
            return True
        opened = re.fullmatch(r"(\s*[\w.\"'-]+\s*=\s*\[.*?)\s*\]\s*", line.rstrip("\r\n")) if opened_arrays else None
        return opened is not None and candidate.rstrip() in (opened.group(1), opened.group(1) + ",")

    new_lines = new.splitlines(keepends=True)
    position = 0
    lost: list[str] = []
    for line in old.splitlines(keepends=True):
        found = next((index for index in range(position, len(new_lines)) if kept(line, new_lines[index])), None)
        if found is None:
            lost.append(line)
        else:
            position = found + 1
    return lost


def installed_versions(python: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every distribution an interpreter has, by normalized name (pip freeze without pip:
    uv's environments have none)."""
    import json

    script = (
        "import importlib.metadata as m, json\n"
        "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions() if d.metadata['Name']}))"
    )
    result = subprocess.run(
        [str(python), "-c", script], capture_output=True, text=True, check=True, env=dict(env or os.environ)
    )
    return {normalized(name): version for name, version in json.loads(result.stdout).items()}


def pinned_versions(root: Path) -> dict[str, str]:
    """What the project pins: ``name==version`` lines of its requirements files, and the
    packages of its ``uv.lock`` / ``poetry.lock`` (the project itself left out)."""
    import re
    import tomllib

    pins: dict[str, str] = {}
    for requirements in sorted(root.glob("requirements*.txt")):
        for line in requirements.read_text().splitlines():
            match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==([^\s;#]+)", line.strip())
            if match:
                pins[normalized(match.group(1))] = match.group(2)
    for lock_name in ("uv.lock", "poetry.lock"):
        lock = root / lock_name
        if lock.is_file():
            for package in tomllib.loads(lock.read_text()).get("package", []):
                source = package.get("source", {})
                if lock_name == "uv.lock" and ("virtual" in source or "editable" in source):
                    continue
                pins[normalized(package["name"])] = package["version"]
    return pins


def passed_count(output: str) -> int | None:
    """The ``N passed`` of the last pytest summary in ``output``; None when there is none."""
    import re

    counts = re.findall(r"\b(\d+) passed\b", output)
    return int(counts[-1]) if counts else None


def copy_with_copier_cli(
    template: Path, project: Path, env: Mapping[str, str], ref: str = "v1.0.0"
) -> subprocess.CompletedProcess[str]:
    """``copier copy --trust --defaults`` as a user types it, in the user's environment
    (their activated virtualenv or none), so the hook sees what it would see there and
    its printed lines can be read back. No ``--data``: every answer is the default."""
    command = ["copy", "--trust", "--defaults", "--vcs-ref", ref, str(template), str(project)]
    return subprocess.run(
        [sys.executable, "-m", "copier", *command],
        capture_output=True,
        text=True,
        env=dict(env),
        timeout=600,
    )


def link_this_venv(project: Path) -> None:
    """Make this test run's virtualenv the project's own ``.venv`` (a link), so the preflight
    finds the pytest 9 it runs and the configuration is written for pytest 9."""
    (project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    with (project / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write(".venv\n")


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``{relative name: text}`` under ``root`` (folders as needed); return ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def commit_instead_of_rolling_back(plugin: str) -> str:
    """Sabotage: db_connection commits the test's outer transactions (its own and, with
    several databases, the others' it opens) before they close."""
    commit = "await each.commit()" if "await connection.begin()" in plugin else "each.commit()"
    lines = []
    for line in plugin.splitlines(keepends=True):
        lines.append(line)
        if line.strip() == "yield connection":
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}for each in [connection, *more_connections(connection)]:\n")
            lines.append(f"{indent}    {commit}\n")
    leaky = "".join(lines)
    assert leaky.count(commit) == 2, "the fixtures changed shape"
    return leaky


def fixtures_module(project: Path, api: str) -> Path:
    """The vendored module that holds db_connection for this API."""
    return project / "tests" / "tuneup" / "pytest_tuneup" / "db" / f"{api}_fixtures.py"


# ---- generated suites (tests/test_client.py, tests/test_app_*.py, tests/test_leaks_*.py) ---


def run_generated(project: Path, *args: str, database: str = "sqlite") -> subprocess.CompletedProcess[str]:
    """The generated suite of ``project``, run by pytest as its team would, on ``database``."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=database_env(database),
        timeout=600,
    )


def patched(path: Path, old: str, new: str) -> str:
    """Replace the one occurrence of ``old`` in ``path`` (a sabotage); return the text before."""
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new))
    return text


# ---- models for the bare project ----------------------------------------------------------
# Answer sets with a database name notes.models:Base, notes.db:metadata or
# notes.storage:metadata; the db plugin loads and checks them at session start, so the
# bare (stdlib-only) project gets them when a test runs its suite with a database.

_NOTES_TABLE = """from sqlalchemy import Column, Integer, MetaData, String, Table

metadata = MetaData()
Table("note", metadata, Column("id", Integer, primary_key=True), Column("body", String(200)))
"""

NOTES_MODELS = {
    "notes/models.py": (
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.orm import declarative_base\n\n"
        "Base = declarative_base()\n\n\n"
        "class Note(Base):\n"
        '    __tablename__ = "note"\n\n'
        "    id = Column(Integer, primary_key=True)\n"
        "    body = Column(String(200))\n"
    ),
    "notes/db.py": _NOTES_TABLE,
    "notes/storage.py": _NOTES_TABLE,
}


def add_notes_models(project: Path, answers: Mapping[str, Any]) -> Path:
    """The models modules the answers' ``models`` names in the bare project, committed
    (only those: a module the suite never imports would lower its coverage)."""
    modules = (entry.strip().partition(":")[0] for entry in str(answers.get("models", "")).split(","))
    named = {f"{module.replace('.', '/')}.py" for module in modules}
    files = {name: text for name, text in NOTES_MODELS.items() if name in named}
    if files:
        write_files(project, files)
        commit_all(project, "the notes' database models")
    return project


# ---- work done once per run and shared by the tests (and by the xdist workers) -----------


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the whole run: under xdist the workers' temp folders have one parent,
    which is this run's own (pytest-N); without xdist it is the session's temp folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(folder: Path, build: Callable[[Path], None]) -> Path:
    """``folder`` built by ``build(folder)`` exactly once per run, whichever worker asks
    first; the others wait for it. A build that fails leaves nothing for the next to reuse."""
    from filelock import FileLock

    done = folder.with_name(folder.name + ".done")
    with FileLock(str(folder) + ".lock"):
        if not done.exists():
            if folder.exists():
                shutil.rmtree(folder)
            build(folder)
            done.touch()
    return folder


class Renders:
    """Fixture projects with the template applied, each (project, answers, ref, commit)
    rendered once per run by real copier and shared.

    ``get`` gives the shared project: only for tests that read it. ``copy`` gives a test a
    copy of its own (``shutil.copytree``, git repository and links included) to change.
    The rendered files hold no path of the project itself, so a copy is what a fresh
    ``copier copy`` into its folder would have made.
    """

    def __init__(self, root: Path, template: Path) -> None:
        self.root = root
        self.template = template

    def get(
        self,
        shape: str,
        answers: Mapping[str, Any] | None = None,
        *,
        ref: str = "v1.0.0",
        commit: str | None = None,
        name: str | None = None,
    ) -> Path:
        """``shape`` as a git repository (named ``name``, default the shape's), ``copier copy``
        with ``answers`` at ``ref``, then committed with message ``commit`` if one is given."""
        import hashlib
        import json

        name = name or shape
        key = json.dumps([shape, dict(answers or {}), ref, commit, name], sort_keys=True)
        folder = self.root / hashlib.sha256(key.encode()).hexdigest()[:16]

        def build(folder: Path) -> None:
            project = make_project(shape, folder / name)
            if shape == "bare":
                add_notes_models(project, answers or {})
            copy_template(self.template, project, answers, ref=ref)
            if commit is not None:
                commit_all(project, commit)

        return once_per_run(folder, build) / name

    def get_many(self, shape: str, answer_sets: list[Mapping[str, Any]], **options: Any) -> list[Path]:
        """``get`` for each answer set, in their order. The xdist workers render them from
        opposite ends of the list: two workers that ask for the same list at once each
        render half of it, where in the same order one would wait on every render the
        other makes."""
        worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
        order = list(range(len(answer_sets)))
        if int(worker.removeprefix("gw") or 0) % 2:
            order.reverse()
        made = {index: self.get(shape, answer_sets[index], **options) for index in order}
        return [made[index] for index in range(len(answer_sets))]

    def copy(self, shape: str, answers: Mapping[str, Any] | None, destination: Path, **options: Any) -> Path:
        """A copy of ``get(shape, answers, **options)`` at ``destination``, for one test to change."""
        shutil.copytree(self.get(shape, answers, **options), destination, symlinks=True)
        return destination
