"""The project's own interpreter, resolved once, and an environment that keeps to it.

``make bench`` starts the benchmark with ``$(PYTHON)``, which for a runner is
``poetry run python``, ``uv run python`` and the like, and hands it ``$(PYTEST)`` to
start each run with. The benchmark is then already running in the project's
environment: ``sys.executable`` is that environment's interpreter. Each run starts it
directly instead of through the runner again, because the runner's own start-up is not
the suite's time, and because in a git worktree (``bench-ab A=<ref>``) ``poetry run``
and ``uv run`` do not find the project's environment: they create a new, empty one.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# Runners whose ``<runner> run CMD ...`` runs CMD in the project's environment.
RUNNERS = frozenset({"poetry", "uv", "pdm", "hatch", "rye"})
PYTHON_NAME = re.compile(r"^python(\d+(\.\d+)?)?$")


def resolve(
    command: Sequence[str], cwd: Path, executable: str | None = None
) -> list[str]:
    """``command`` with a runner prefix and a bare ``python`` made this interpreter.

    ``poetry run python -m pytest`` becomes ``/abs/.venv/bin/python -m pytest``;
    ``uv run pytest`` becomes ``/abs/.venv/bin/pytest`` when the environment has that
    script. A runner with options of its own (``uv run --with x``) and anything else is
    left as it is: it may mean another environment. A relative path
    (``.venv/bin/python``) becomes absolute, so that it means the same in a worktree.
    """
    executable = executable or sys.executable
    words = list(command)
    rest = words
    if len(words) >= 3 and Path(words[0]).name in RUNNERS and words[1] == "run":
        rest = words[2:]
        if rest[0] == "--":
            rest = rest[1:]
    if not rest:
        return words
    program = rest[0]
    if PYTHON_NAME.match(program):
        return [executable, *rest[1:]]
    script = Path(executable).parent / program
    if rest is not words and "/" not in program and script.is_file():
        return [str(script), *rest[1:]]
    if "/" in program and not os.path.isabs(program) and (cwd / program).exists():
        return [*words[: len(words) - len(rest)], str(cwd / program), *rest[1:]]
    return words


def in_virtualenv() -> bool:
    return sys.prefix != getattr(sys, "base_prefix", sys.prefix)


def keep_to_this_environment(
    env: Mapping[str, str], executable: str | None = None
) -> dict[str, str]:
    """``env`` for commands in a git worktree, so that runners use this environment.

    The interpreter's folder goes first on PATH (``python``, ``pytest`` and the
    environment's scripts are this environment's), the environment counts as activated
    (poetry and pdm use an activated virtualenv), uv is pointed at it and told not to
    sync it (a sync would install the worktree's project into it), and poetry must not
    create one.
    """
    executable = executable or sys.executable
    result = dict(env)
    folder = str(Path(executable).parent)
    result["PATH"] = os.pathsep.join(filter(None, [folder, env.get("PATH", "")]))
    if in_virtualenv():
        result["VIRTUAL_ENV"] = sys.prefix
        result["UV_PROJECT_ENVIRONMENT"] = sys.prefix
    result["UV_NO_SYNC"] = "1"
    result["POETRY_VIRTUALENVS_CREATE"] = "false"
    return result
