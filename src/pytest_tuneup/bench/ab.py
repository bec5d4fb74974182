"""A/B: two git refs or two commands, interleaved A B A B ... for the ratio.

A ref is checked out with ``git worktree add`` into a scratch folder and run in the
project's folder inside it (a project in ``backend/`` of its repository runs in
``<worktree>/backend``), with the interpreter of the working tree's environment
(``interpreter``). A worktree holds only tracked files: what the suite needs and the
repository does not hold (compiled translations, generated code) is built there by the
command in ``BENCH_AB_PREPARE`` (``--prepare``) before the first run.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .caveats import reliability
from .environment import environment, git_output
from .errors import SuiteFailed, UsageError
from .interpreter import keep_to_this_environment
from .measure import measure
from .results import ABResult, ABSide, Ratio
from .stats import ratio, summaries
from .suite import child_env, pytest_command, pytest_summary

PREPARE_ENV = "BENCH_AB_PREPARE"


@dataclass(frozen=True)
class Side:
    label: str
    command: list[str]
    cwd: Path
    env: dict[str, str]


def is_ref(cwd: Path, name: str) -> bool:
    return bool(name) and commit_of(cwd, name) is not None


def commit_of(cwd: Path, name: str) -> str | None:
    return git_output(cwd, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")


class Worktrees:
    """Checkouts of refs in a scratch folder, removed again however the runs end."""

    def __init__(self, cwd: Path, scratch: Path, prepare: str) -> None:
        self.cwd, self.scratch, self.prepare = cwd, scratch, prepare
        self.trees: list[Path] = []
        # The project's folder inside its repository ("" at the root, "backend/").
        self.prefix = git_output(cwd, "rev-parse", "--show-prefix") or ""

    def checkout(self, name: str, sha: str, env: dict[str, str]) -> Path:
        tree = self.scratch / f"tree-{len(self.trees)}"
        if git_output(self.cwd, "worktree", "add", "--detach", str(tree), sha) is None:
            raise UsageError(f"could not check out {name} into {tree}")
        self.trees.append(tree)
        project = tree / self.prefix
        if not project.is_dir():
            raise UsageError(f"{name} has no folder {self.prefix.rstrip('/')}")
        if self.prepare:
            self.run_prepare(name, project, env)
        return project

    def run_prepare(self, name: str, project: Path, env: dict[str, str]) -> None:
        done = subprocess.run(
            ["/bin/sh", "-c", self.prepare],
            check=False,
            cwd=project,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
        )
        if done.returncode != 0:
            output = pytest_summary(done.stdout + done.stderr, lines=15)
            raise UsageError(
                f"{PREPARE_ENV} `{self.prepare}` failed in the checkout of {name} "
                f"(exit code {done.returncode}):\n{output}"
            )

    def remove(self) -> None:
        for tree in self.trees:
            git_output(self.cwd, "worktree", "remove", "--force", str(tree))


def sides_of(
    names: Sequence[str],
    mode: str,
    pytest: Sequence[str],
    extra: Sequence[str],
    cwd: Path,
    worktrees: Worktrees,
) -> list[Side]:
    sides = []
    if mode == "commands":
        for name in names:
            if not name:
                raise UsageError("ab with commands needs two of them")
            sides.append(Side(name, ["/bin/sh", "-c", name], cwd, child_env(None)))
        return sides
    command = pytest_command(pytest, extra, probe=False)
    env = keep_to_this_environment(child_env(None))
    for name in names:
        if not name:
            sides.append(Side("working tree", command, cwd, env))
            continue
        sha = commit_of(cwd, name)
        if sha is None:
            raise UsageError(f"{name!r} is not a git ref here")
        project = worktrees.checkout(name, sha, env)
        sides.append(Side(f"{name} ({sha[:7]})", command, project, env))
    return sides


def interleave(
    sides: Sequence[Side],
    runs: int,
    warmup: int,
    scratch: Path,
    progress: Callable[[str], None],
) -> list[dict[str, list[float]]]:
    """Warm-up of each side, then A B A B ...: drift of the machine hits both."""
    samples: list[dict[str, list[float]]] = [
        {"wall": [], "cpu": [], "rss_tree": []} for _ in sides
    ]
    for round_ in range(-warmup, runs):
        for index, side in enumerate(sides):
            log = scratch / f"ab-{index}-{round_}.log"
            result = measure(side.command, side.cwd, side.env, log)
            what = "warm-up" if round_ < 0 else f"round {round_ + 1}/{runs}"
            letter = "AB"[index]
            progress(f"{what} {letter}: {result.wall:.2f} s")
            if result.exit_code != 0:
                output = log.read_text(errors="replace")
                where = f"{what} of {letter} ({side.label})"
                raise SuiteFailed(where, result.exit_code, output)
            if round_ >= 0:
                samples[index]["wall"].append(result.wall)
                samples[index]["cpu"].append(result.user + result.sys)
                samples[index]["rss_tree"].append(float(result.rss_tree))
    return samples


def ab(
    names: Sequence[str],
    mode: str,
    pytest: Sequence[str],
    extra: Sequence[str],
    runs: int,
    warmup: int,
    prepare: str,
    cwd: Path,
    scratch: Path,
    progress: Callable[[str], None],
) -> ABResult:
    if not names or len(names) > 2:
        raise UsageError(
            "ab needs A and B: two git refs (B omitted: the working tree) or two "
            "commands, for example make bench-ab A=main"
        )
    a, b = names[0], (names[1] if len(names) > 1 else "")
    if mode == "auto":
        refs = is_ref(cwd, a) and (not b or is_ref(cwd, b))
        mode = "refs" if refs else "commands"
    worktrees = Worktrees(cwd, scratch, prepare)
    try:
        sides = sides_of((a, b), mode, pytest, extra, cwd, worktrees)
        rounds = f"{runs} rounds"
        progress(f"A/B ({mode}): A = {sides[0].label}, B = {sides[1].label}; {rounds}")
        load = os.getloadavg()[0]
        samples = interleave(sides, runs, warmup, scratch, progress)
    finally:
        worktrees.remove()
    stats = [summaries(side) for side in samples]
    faster = "b" if stats[1]["wall"].mean < stats[0]["wall"].mean else "a"
    slow, fast = (stats[0], stats[1]) if faster == "b" else (stats[1], stats[0])
    value, sigma = ratio(slow["wall"], fast["wall"])
    cpus = os.cpu_count() or 1
    warnings = [w for side in stats for w in reliability(side, runs, load, cpus)]
    made = [
        ABSide(side.label, side.command, samples[index], stats[index])
        for index, side in enumerate(sides)
    ]
    return ABResult(
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        mode=mode,
        runs=runs,
        warmup=warmup,
        a=made[0],
        b=made[1],
        ratio=Ratio(value, sigma, faster),
        warnings=list(dict.fromkeys(warnings)),
        environment=environment(cwd),
    )
