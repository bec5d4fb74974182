"""What a result depends on: the commit, the interpreter, the packages, the machine."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

from .measure import total_memory
from .results import Environment, Machine

# Versions recorded beside pytest and its plugins: what else moves a suite's timing.
RECORDED = frozenset({"pluggy", "psutil", "coverage", "execnet"})


def git_output(cwd: Path, *args: str) -> str | None:
    """git's output, stripped; None when git is missing or fails."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def packages() -> dict[str, str]:
    """Versions of pytest, its plugins and what else moves timing, by name."""
    import importlib.metadata  # here, after the runs: it costs this process 5 MiB

    found = {}
    for dist in importlib.metadata.distributions():
        name = str(dist.metadata["Name"] or "")
        if name.lower().startswith("pytest") or name.lower() in RECORDED:
            found[name] = dist.version
    return dict(sorted(found.items()))


def environment(cwd: Path) -> Environment:
    status = git_output(cwd, "status", "--porcelain", "--untracked-files=no")
    return Environment(
        commit=git_output(cwd, "rev-parse", "HEAD"),
        dirty=bool(status),
        python=platform.python_version(),
        implementation=platform.python_implementation(),
        packages=packages(),
        machine=Machine(
            os=platform.platform(),
            arch=platform.machine(),
            cpu=cpu_model(),
            cpus=os.cpu_count(),
            memory=total_memory(),
        ),
    )
