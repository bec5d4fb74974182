"""``make tuneup-deps``: install what the configuration needs and the environment lacks.

Run inside the project's test environment (``$(PYTHON) -m pytest_tuneup.deps``, so
``uv run python``, ``poetry run python``, ... with the project's runner), it compares
each requirement with what that interpreter has installed and what the project's lock
or requirements files pin, and installs only what is missing (a pinned one at its
pinned version), with the project's own tool: ``uv add --dev``, ``poetry add --group
dev``, ``pdm add -dG test`` / ``--dev``, ``python -m pip install`` inside a virtualenv;
for hatch it says what to add. It never upgrades an installed or pinned package unless
asked (``--upgrade``, ``UPGRADE=1``), and refuses in one line to install into an
interpreter that is not a project environment.

Standard library only, Python 3.9+: it runs before anything else is installed. The
requirements and versions are ``requirements.py``'s, what the project's files say is
``project.py``'s; this module holds the environment, the plan and the command line.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .project import (
    dev_group,
    has_async_tests,
    pins,
    python_floor,
)
from .requirements import (
    Refusal,
    Requirement,
    normalize,
)

__all__ = [
    "RUNNERS",
    "Plan",
    "Refusal",
    "Requirement",
    "check_environment",
    "dev_group",
    "has_async_tests",
    "install_command",
    "main",
    "pins",
    "plan",
    "python_floor",
]

RUNNERS = ("python", "uv", "poetry", "pdm", "hatch")


def installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def missing_extras(requirement: Requirement) -> list[str]:
    """What an installed package's extras need and the environment lacks (greenlet)."""
    missing = []
    for line in importlib.metadata.requires(requirement.name) or []:
        marker = re.search(r"""extra\s*==\s*["']([^"']+)["']""", line)
        if marker and normalize(marker.group(1)) in requirement.extras:
            needed = Requirement.parse(
                line.split(";", 1)[0].replace("(", "").replace(")", "")
            )
            if installed_version(needed.name) is None:
                missing.append(needed.name)
    return missing


# ---- the environment and the command -------------------------------------------------


def in_virtualenv() -> bool:
    return sys.prefix != sys.base_prefix or bool(os.environ.get("CONDA_PREFIX"))


def check_environment(runner: str, project: Path) -> None:
    """Refuse an interpreter that is not the project's environment (one line each)."""
    here = sys.executable
    if not in_virtualenv():
        lock = next(
            (
                name
                for name in ("uv.lock", "poetry.lock", "pdm.lock")
                if (project / name).is_file()
            ),
            None,
        )
        hint = (
            f"; the project has {lock}: TUNEUP_RUNNER={lock.split('.')[0]}"
            if lock
            else ""
        )
        raise Refusal(
            f"{here} is not a virtualenv (the system Python); activate the project's"
            " virtualenv or run with its runner"
            f" (make tuneup-deps TUNEUP_RUNNER=uv|poetry|pdm|hatch){hint}"
        )
    if runner != "python":
        if shutil.which(runner) is None:
            raise Refusal(
                f"{runner} is not on PATH; install it,"
                " or run make tuneup-deps TUNEUP_RUNNER=python"
            )
        return
    if importlib.util.find_spec("pip") is None:
        raise Refusal(
            f"the virtualenv at {sys.prefix} has no pip (uv makes such virtualenvs);"
            " run make tuneup-deps TUNEUP_RUNNER=uv"
        )
    for name in (".venv", "venv"):
        candidate = project / name
        if (candidate / "pyvenv.cfg").is_file() and Path(
            sys.prefix
        ).resolve() != candidate.resolve():
            raise Refusal(
                f"{here} is not the project's virtualenv {name}/; activate it"
                f" (source {name}/bin/activate) and run make tuneup-deps again"
            )


def install_command(
    runner: str, project: Path, requirements: Sequence[Requirement]
) -> list[str] | None:
    """The project's own way to add dev requirements; None for hatch (edit its envs)."""
    names = [str(requirement) for requirement in requirements]
    group = dev_group(project)
    if runner == "uv":
        return ["uv", "add", *(["--group", group] if group else ["--dev"]), *names]
    if runner == "poetry":
        return ["poetry", "add", "--group", group or "dev", *names]
    if runner == "pdm":
        return ["pdm", "add", *(["-dG", group] if group else ["--dev"]), *names]
    if runner == "python":
        return [sys.executable, "-m", "pip", "install", *names]
    return None


def held_in_place() -> list[str]:
    """Every installed distribution at its installed version, as pip constraints: what
    is added must fit what is there (pip would otherwise upgrade pytest itself for the
    newest pytest-asyncio)."""
    held = {}
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name and distribution.version:
            held[normalize(name)] = f"{normalize(name)}=={distribution.version}"
    return sorted(held.values())


@dataclass
class Plan:
    # Missing (a pinned one at its pinned version), or too old with --upgrade.
    install: list[Requirement]
    held: list[str]  # too old but installed or pinned: what would change it


def plan(requirements: Iterable[Requirement], project: Path, upgrade: bool) -> Plan:
    """What to install and what to leave.

    An installed or pinned version is judged by the requirement itself; the bound of
    the Python floor (pytest<9 for a 3.9 project) applies only to what gets installed.
    """
    pinned = pins(project)
    floor = python_floor(project)
    result = Plan([], [])
    for requirement in requirements:
        version = installed_version(requirement.name)
        if version is not None:
            if not requirement.allows(version):
                if upgrade:
                    result.install.append(requirement.within_floor(floor))
                else:
                    result.held.append(
                        f"{requirement.name} {version} is installed,"
                        f" {requirement} is needed"
                    )
            elif missing_extras(requirement):
                result.install.append(requirement.within_floor(floor))
            continue
        if requirement.name in pinned:
            pin, where = pinned[requirement.name]
            if requirement.allows(pin):  # locked, not installed: the locked version
                exact = Requirement(
                    requirement.name, requirement.extras, (("==", pin),)
                )
                result.install.append(exact)
            elif upgrade:
                result.install.append(requirement.within_floor(floor))
            else:
                result.held.append(
                    f"{requirement.name} is pinned at {pin} in {where},"
                    f" {requirement} is needed"
                )
            continue
        result.install.append(requirement.within_floor(floor))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_tuneup.deps", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--runner", choices=RUNNERS, required=True)
    parser.add_argument(
        "--require",
        action="append",
        default=[],
        metavar="REQ",
        help="e.g. 'pytest>=8.0'",
    )
    parser.add_argument(
        "--if-async",
        action="append",
        default=[],
        metavar="REQ",
        help="only for async suites",
    )
    parser.add_argument(
        "--tests",
        type=Path,
        default=Path("tests"),
        help="the test folder (for --if-async)",
    )
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument(
        "--upgrade",
        action="store_true",
        help="also upgrade installed or pinned packages",
    )
    args = parser.parse_args(argv)
    project = args.project.resolve()
    try:
        wanted = [Requirement.parse(text) for text in args.require]
        if args.if_async and has_async_tests(project / args.tests):
            wanted += [Requirement.parse(text) for text in args.if_async]
        wanted = list(
            {requirement.name: requirement for requirement in wanted}.values()
        )

        todo = plan(wanted, project, args.upgrade)
        if todo.install and args.runner != "hatch":
            check_environment(args.runner, project)
    except Refusal as refusal:
        print(f"pytest-tuneup: {refusal}; nothing was installed", file=sys.stderr)
        return 1
    status = 0
    if todo.install:
        names = " ".join(str(requirement) for requirement in todo.install)
        command = install_command(args.runner, project, todo.install)
        if command is None:
            print(
                f"pytest-tuneup: needs {names}: add them to the dependencies of the"
                " hatch environment that runs your tests (hatch.toml, or"
                " [tool.hatch.envs.default] in pyproject.toml)"
            )
            status = 1
        else:
            shown = " ".join(command[: len(command) - len(todo.install)])
            print(f"pytest-tuneup: needs {names}; installing with {shown}", flush=True)
            with tempfile.TemporaryDirectory() as scratch:
                if args.runner == "python" and not args.upgrade:
                    constraints = Path(scratch, "installed.txt")
                    constraints.write_text("\n".join(held_in_place()) + "\n")
                    command += ["-c", str(constraints)]
                status = subprocess.run(command, cwd=project, check=False).returncode
    if todo.held:
        print(
            f"pytest-tuneup: not changed: {'; '.join(todo.held)}"
            " (make tuneup-deps UPGRADE=1 upgrades it)"
        )
        status = status or 1
    if not (todo.install or todo.held):
        print("pytest-tuneup: everything the configuration needs is installed")
    return status
