"""Shared helpers for pytest-tuneup's tests: template versions, fixture projects, runs.

Everything here drives real tools: git, copier's Python API, make and pytest in
subprocesses. Nothing is mocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
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


def snapshot_template(destination: Path) -> Path:
    """The template as it is in the working tree, as a git repo tagged v1.0.0.

    Uncommitted edits are included, so the tests check what is on disk.
    """
    files = git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, files):
        source = REPO / name
        target = destination / name
        if source.is_symlink():  # the plugin package is linked into template/: keep the link
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(os.readlink(source))
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


def copy_template(template: Path, project: Path, data: Mapping[str, Any] | None = None, ref: str = "v1.0.0") -> None:
    copier.run_copy(
        str(template), str(project), data=dict(data or {}), defaults=True, unsafe=True, vcs_ref=ref, quiet=True
    )


def update_template(project: Path, data: Mapping[str, Any] | None = None) -> None:
    copier.run_update(
        str(project),
        data=dict(data or {}),
        defaults=True,
        unsafe=True,
        overwrite=True,
        answers_file=ANSWERS_FILE,
        quiet=True,
    )


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


def run_make(project: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *targets, f"PYTHON={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env=tool_env(),
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


def import_rendered(folder: Path, name: str) -> Any:
    """Import ``folder/name.py`` from a generated project, by path, as module ``name``.

    The folder goes on sys.path first, as it is when the file runs as a script, so the
    module's imports of its siblings find the generated files, not some other copy.
    """
    import importlib.util

    folder_text = str(folder)
    if folder_text in sys.path:
        sys.path.remove(folder_text)
    sys.path.insert(0, folder_text)
    for sibling in [key for key in sys.modules if key.startswith("tuneup_bench")]:
        module_file = getattr(sys.modules[sibling], "__file__", None) or ""
        if Path(module_file).parent != folder:
            del sys.modules[sibling]  # a copy from another generated project
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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
