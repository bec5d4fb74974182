"""bench-check against the baseline's commit: it and the working tree, interleaved.

The commit is checked out in a git worktree (as ``bench ab`` does, ``ab.Worktrees``)
and both sides run with the probe, round after round: A B, then B A, so that neither
side always runs second (a run right after another finds warmer caches). Each round
pairs one run of each side; ``gate`` judges the pairs. Both sides run on this machine
within seconds of each other, so a busy machine stretches both: the saved figures of a
quieter day never meet today's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .ab import Worktrees
from .environment import git_output
from .errors import SuiteFailed
from .interpreter import keep_to_this_environment
from .results import SuiteRun
from .suite import (
    PACKAGE_PARENT,
    Collector,
    child_env,
    pytest_command,
    run_once,
    suite_run,
)

# The files the measuring side and the probe in the pytest processes agree on.
PROBE_FILES = ("probe.py", "protocol.py")


class BaselineFailed(SuiteFailed):
    """The baseline's commit failed in its worktree: the saved figures must do."""


@dataclass
class PairedRuns:
    commit: str
    base: Collector  # the baseline's commit: side A
    work: Collector  # the working tree: side B
    suite: SuiteRun  # the working tree's runs, for the report
    rounds: int


def probe_package(tree: Path, cwd: Path) -> Path:
    """Where the commit's side imports pytest_tuneup from.

    The checkout's own vendored copy when it has one whose probe is this one (then the
    commit runs with its own plugin code, as it was), else this package.
    """
    top = git_output(cwd, "rev-parse", "--show-toplevel")
    if not top:
        return PACKAGE_PARENT
    try:
        relative = PACKAGE_PARENT.relative_to(Path(top).resolve())
    except ValueError:  # installed, not vendored
        return PACKAGE_PARENT
    theirs, ours = tree / relative, PACKAGE_PARENT
    for name in PROBE_FILES:
        mine = ours / "pytest_tuneup" / "bench" / name
        other = theirs / "pytest_tuneup" / "bench" / name
        if not other.is_file() or other.read_bytes() != mine.read_bytes():
            return PACKAGE_PARENT
    return theirs


def paired_runs(
    commit: str,
    pytest: Sequence[str],
    extra: Sequence[str],
    runs: int,
    warmup: int,
    top: int,
    prepare: str,
    cwd: Path,
    scratch: Path,
    progress: Callable[[str], None],
) -> PairedRuns:
    """Warm-ups, then ``runs`` rounds of the commit (A) and the working tree (B)."""
    command = pytest_command(pytest, extra, probe=True)
    load = os.getloadavg()[0]  # before our runs add to it
    short = commit[:7]
    worktrees = Worktrees(cwd, scratch, prepare)
    try:
        plain = keep_to_this_environment(child_env(None))
        project = worktrees.checkout(f"the baseline's commit {short}", commit, plain)
        package = probe_package(worktrees.trees[-1], cwd)
        sides = [
            (f"A (baseline {short})", project, child_env(scratch, package)),
            ("B (working tree)", cwd, child_env(scratch)),
        ]
        progress(
            f"{runs} rounds after {warmup} warm-up, the baseline's commit {short} (A) "
            "and the working tree (B) interleaved"
        )
        collected = [Collector(), Collector()]
        for round_ in range(-warmup, runs):
            what = "warm-up" if round_ < 0 else f"round {round_ + 1}/{runs}"
            for index in (0, 1) if round_ % 2 == 0 else (1, 0):
                label, where, env = sides[index]
                name = f"{round_ + warmup}-{index}"
                probe, log = scratch / f"probe-{name}.json", scratch / f"run-{name}.log"
                try:
                    result, data = run_once(
                        command,
                        where,
                        keep_to_this_environment(env),
                        probe,
                        log,
                        f"{what} {label}",
                        progress,
                    )
                except SuiteFailed as failed:
                    if index == 0:
                        raise BaselineFailed(
                            failed.where, failed.exit_code, failed.output
                        ) from None
                    raise
                if round_ >= 0:
                    collected[index].record(result, data)
    finally:
        worktrees.remove()
    base, work = collected
    return PairedRuns(commit, base, work, suite_run(command, load, work, top), runs)
