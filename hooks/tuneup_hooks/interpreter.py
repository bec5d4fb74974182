"""Find the project's own Python and ask it what it has, without creating or changing anything.

The project's interpreter is its virtual environment: the activated one when it belongs
to the project, else ``.venv`` / ``venv`` in the project, else the environment the
runner already made (found by asking the runner, never by letting it create one). Never
the system Python: pytest-tuneup would read, and ``make tuneup-deps`` would install
into, an interpreter the project's tests do not run on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .dependencies import read_toml, value_at
from .environment import normalize

PROBE = Path(__file__).with_name("probe_script.py")
_TIMEOUT = 60  # seconds; a cold interpreter on a loaded machine, never a hang


@dataclass(frozen=True)
class Probe:
    """What the project's interpreter said about itself (probe_script.py)."""

    interpreter: str
    evidence: str  # how it was found: ".venv", "the activated virtualenv", "poetry env info -p"
    version: tuple[int, ...]
    distributions: Mapping[str, str] = field(default_factory=dict)
    requires_pytest: Mapping[str, str] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()


def find_interpreter(project: Path, runner: str, environ: Mapping[str, str] | None = None) -> tuple[Probe | None, str]:
    """The project's interpreter, probed; or None and one line saying what was tried."""
    environ = os.environ if environ is None else environ
    tried: list[str] = []
    own_name = _project_name(project)
    for env_dir, evidence, must_own in _candidates(project, runner, environ):
        python = _python_in(env_dir)
        if python is None:
            tried.append(f"{evidence}: no python in {env_dir}")
            continue
        probe, problem = run_probe(python, project, evidence)
        if probe is None:
            tried.append(f"{evidence}: {problem}")
            continue
        if must_own and (own_name is None or own_name not in probe.distributions):
            tried.append(f"{evidence} ({env_dir}) is outside the project and does not have it installed")
            continue
        return probe, evidence
    tried = tried or [f"no activated virtualenv, no .venv or venv folder, no {runner} environment"]
    return None, "; ".join(tried)


def run_probe(python: Path, project: Path, evidence: str) -> tuple[Probe | None, str]:
    """Run probe_script.py in ``python``: isolated (no PYTHONPATH, no user site), and -B so
    that starting it writes no byte-code into the environment (uv venvs import a .pth helper)."""
    try:
        result = subprocess.run(
            [str(python), "-I", "-B", str(PROBE)],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{python} did not run ({type(error).__name__})"
    try:
        data = json.loads(result.stdout)
        if not data["virtual"]:
            return None, f"{python} is not a virtual environment's Python"
        probe = Probe(
            interpreter=str(python),
            evidence=evidence,
            version=tuple(int(part) for part in data["version"]),
            distributions={str(key): str(value) for key, value in data["distributions"].items()},
            requires_pytest={str(key): str(value) for key, value in data["requires_pytest"].items()},
            plugins=tuple(str(name) for name in data["plugins"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"{python} failed: {last}"
    return probe, ""


def _candidates(project: Path, runner: str, environ: Mapping[str, str]) -> Iterator[tuple[Path, str, bool]]:
    """(environment folder, evidence, must have the project installed) in order of trust."""
    active = environ.get("VIRTUAL_ENV")
    if active:
        path = Path(active)
        # An activated venv outside the project (virtualenvwrapper, a shared venv) counts
        # only when the project is installed in it.
        yield path, "the activated virtualenv (VIRTUAL_ENV)", not _inside(path, project)
    for name in (".venv", "venv"):
        if (project / name / "pyvenv.cfg").is_file():
            yield project / name, name, False
    if runner == "uv" and environ.get("UV_PROJECT_ENVIRONMENT"):
        yield project / environ["UV_PROJECT_ENVIRONMENT"], "UV_PROJECT_ENVIRONMENT", False
    elif runner == "pdm":
        chosen = _read(project / ".pdm-python")  # where `pdm use` recorded the interpreter
        if chosen:
            yield Path(chosen).parent.parent, ".pdm-python", False
    elif runner == "poetry":
        # POETRY_VIRTUALENVS_CREATE=false: asking must never make an environment.
        found = _ask(project, ["poetry", "env", "info", "-p"], {"POETRY_VIRTUALENVS_CREATE": "false"})
        if found:
            yield Path(found), "poetry env info -p", False
    elif runner == "hatch":
        found = _ask(project, ["hatch", "env", "find"], {})
        if found:
            yield Path(found), "hatch env find", False


def _ask(project: Path, command: list[str], extra_env: Mapping[str, str]) -> str | None:
    """The last line a runner prints, or None when it is not installed or fails."""
    if shutil.which(command[0]) is None:
        return None
    try:
        result = subprocess.run(
            command,
            cwd=project,
            capture_output=True,
            text=True,
            timeout=_TIMEOUT,
            check=False,
            env={**os.environ, **extra_env},
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = result.stdout.strip().splitlines()
    return lines[-1].strip() if result.returncode == 0 and lines else None


def _python_in(env_dir: Path) -> Path | None:
    for relative in ("bin/python", "bin/python3", "Scripts/python.exe"):
        if (env_dir / relative).is_file():
            return env_dir / relative
    return None


def _inside(path: Path, project: Path) -> bool:
    """Inside the project as written (a linked venv counts) or once links are resolved."""
    if Path(os.path.abspath(path)).is_relative_to(os.path.abspath(project)):
        return True
    try:
        return path.resolve().is_relative_to(project.resolve())
    except OSError:
        return False


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _project_name(project: Path) -> str | None:
    pyproject = read_toml(project / "pyproject.toml")
    name = value_at(pyproject, "project", "name") or value_at(pyproject, "tool", "poetry", "name")
    return normalize(name) if isinstance(name, str) else None
