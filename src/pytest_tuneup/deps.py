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

Standard library only, Python 3.9+: it runs before anything else is installed.
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

RUNNERS = ("python", "uv", "poetry", "pdm", "hatch")
# Releases that dropped a Python: (distribution, first release, the Python it needs).
# A project whose floor is older gets an upper bound, so the lock still fits the floor.
NEEDS_NEWER_PYTHON = (
    ("pytest", (9, 0), (3, 10)),
    ("pytest-asyncio", (1, 3), (3, 10)),
    ("pytest-split", (0, 11), (3, 10)),
)
_OPERATORS = ("~=", "==", "!=", "<=", ">=", "<", ">")
_REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[(?P<extras>[^\]]*)\])?\s*(?P<spec>.*)$"
)


class Refusal(Exception):
    """Something the user must fix first; printed as one line, nothing installed."""


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them (Pytest_Asyncio: pytest-asyncio)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def version_tuple(text: str) -> tuple[int, ...]:
    """The release numbers of a version: 8.3.5 is (8, 3, 5), 1.0rc1 is (1, 0)."""
    match = re.match(r"\s*v?(\d+(?:\.\d+)*)", text)
    return tuple(int(part) for part in match.group(1).split(".")) if match else ()


def _compare(left: tuple[int, ...], right: tuple[int, ...]) -> int:
    width = max(len(left), len(right))
    padded_left = left + (0,) * (width - len(left))
    padded_right = right + (0,) * (width - len(right))
    return (padded_left > padded_right) - (padded_left < padded_right)


@dataclass(frozen=True)
class Requirement:
    """``name[extras]`` with comma-separated clauses such as ``>=8.0,<9``."""

    name: str
    extras: tuple[str, ...]
    clauses: tuple[tuple[str, str], ...]
    #: A direct reference (``pytest-tuneup@git+https://...@commit``): any installed
    #: version is the one it names, and pip gets it as written.
    url: str = ""

    @classmethod
    def parse(cls, text: str) -> Requirement:
        match = _REQUIREMENT.match(text)
        if not match:
            raise Refusal(f"{text!r} is not a requirement like 'pytest>=8.0'")
        if match.group("spec").startswith("@"):
            url = match.group("spec")[1:].strip()
            return cls(normalize(match.group("name")), (), (), url)
        clauses = []
        for clause in filter(
            None, (part.strip() for part in match.group("spec").split(","))
        ):
            operator = next((op for op in _OPERATORS if clause.startswith(op)), None)
            if operator is None:
                raise Refusal(f"{text!r} is not a requirement like 'pytest>=8.0'")
            clauses.append((operator, clause[len(operator) :].strip()))
        extras = tuple(
            normalize(extra)
            for extra in (match.group("extras") or "").split(",")
            if extra.strip()
        )
        return cls(normalize(match.group("name")), extras, tuple(clauses))

    def __str__(self) -> str:
        if self.url:
            return f"{self.name}@{self.url}"
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        spec = ",".join(operator + version for operator, version in self.clauses)
        return f"{self.name}{extras}{spec}"

    def allows(self, version: str) -> bool:
        have = version_tuple(version)
        for operator, wanted_text in self.clauses:
            if wanted_text.endswith(".*"):
                prefix = version_tuple(wanted_text[:-2])
                same = have[: len(prefix)] == prefix
                if (operator == "==") != same:
                    return False
                continue
            order = _compare(have, version_tuple(wanted_text))
            if operator == "~=":
                wanted = version_tuple(wanted_text)
                if order < 0 or have[: len(wanted) - 1] != wanted[:-1]:
                    return False
            elif not {
                "==": order == 0,
                "!=": order != 0,
                "<=": order <= 0,
                ">=": order >= 0,
                "<": order < 0,
                ">": order > 0,
            }[operator]:
                return False
        return True

    def within_floor(self, floor: tuple[int, ...] | None) -> Requirement:
        """This requirement, bounded where newer releases need a newer Python."""
        for name, release, python in NEEDS_NEWER_PYTHON:
            if name == self.name and floor is not None and _compare(floor, python) < 0:
                bound = ".".join(str(part) for part in release)
                if ("<", bound) not in self.clauses:
                    return Requirement(
                        self.name, self.extras, (*self.clauses, ("<", bound))
                    )
        return self


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


# ---- what the project says -----------------------------------------------------------


def python_floor(project: Path) -> tuple[int, ...] | None:
    """The oldest Python the project supports (requires-python, python_requires)."""
    texts = []
    for name, pattern in (
        ("pyproject.toml", r"""^\s*requires-python\s*=\s*["']([^"']+)["']"""),
        (
            "pyproject.toml",
            r"""^\s*python\s*=\s*["']([^"']+)["']""",
        ),  # [tool.poetry.dependencies]
        ("setup.cfg", r"^\s*python_requires\s*=\s*(.+)$"),
    ):
        path = project / name
        if path.is_file():
            texts += re.findall(
                pattern,
                path.read_text(encoding="utf-8", errors="replace"),
                re.MULTILINE,
            )
    floors = []
    for text in texts:
        match = re.search(r"(?:>=|~=|\^|==|>)\s*(\d+(?:\.\d+)*)", text)
        if match:
            floors.append(version_tuple(match.group(1)))
    return min(floors) if floors else None


def pins(project: Path) -> dict[str, tuple[str, str]]:
    """Versions the project's lock or requirements files pin: name: (version, file)."""
    found: dict[str, tuple[str, str]] = {}
    for lock in ("uv.lock", "poetry.lock", "pdm.lock"):
        path = project / lock
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            for name, version in re.findall(
                r"""^\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)\"""",
                text,
                re.MULTILINE,
            ):
                found.setdefault(normalize(name), (version, lock))
    for path in sorted(project.glob("requirements*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, version in re.findall(
            r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([^\s;#]+)",
            text,
            re.MULTILINE,
        ):
            found.setdefault(normalize(name), (version, path.name))
    return found


def has_async_tests(tests: Path) -> bool:
    """Whether the suite has async tests or fixtures that pytest-asyncio runs (our own
    vendored copy aside). A suite whose async tests all run on anyio needs none: anyio
    marks or its ``anyio_backend`` fixture, and no asyncio mark."""
    own = tests / "tuneup"
    found_async = uses_anyio = False
    for path in tests.rglob("*.py"):
        name = path.name
        is_test = (
            name == "conftest.py"
            or name.startswith("test_")
            or name.endswith("_test.py")
        )
        if own in path.parents or not is_test:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "pytest.mark.asyncio" in text or "pytest_asyncio" in text:
            return True
        found_async = found_async or bool(
            re.search(r"^\s*async\s+def\s", text, re.MULTILINE)
        )
        uses_anyio = uses_anyio or "mark.anyio" in text or "anyio_backend" in text
    return found_async and not uses_anyio


def _table(text: str, header: str) -> str:
    """The body of a TOML table, up to the next table header."""
    pattern = rf"^\[{re.escape(header)}\][ \t]*$(?P<body>.*?)(?=^\[|\Z)"
    match = re.search(pattern, text, re.MULTILINE | re.DOTALL)
    return match.group("body") if match else ""


def dev_group(project: Path) -> str | None:
    """A dependency group named test, if the project has one; else the dev group."""
    path = project / "pyproject.toml"
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    has_test = (
        re.search(r"^\[tool\.poetry\.group\.test[.\]]", text, re.MULTILINE)
        or re.search(r"^test\s*=", _table(text, "dependency-groups"), re.MULTILINE)
        or re.search(
            r"^test\s*=", _table(text, "tool.pdm.dev-dependencies"), re.MULTILINE
        )
    )
    return "test" if has_test else None


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


if __name__ == "__main__":
    sys.exit(main())
