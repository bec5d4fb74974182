"""``make doctor-fix``: rewrite, then prove the rewrite or take it back.

1. Refuse a dirty git tree (``--allow-dirty`` to go on): the rewrite must be all that
   ``git diff`` shows afterwards, and nothing is committed.
2. Run the suite with every test's outcome recorded (``outcomes``); copy the project
   as it is, for the A/B.
3. Write the rewritten files (``codemod``), run the suite again, same selection, no
   random order. Any test whose outcome changed (passed, failed, skipped, xfailed, by
   node id; a test gone or new): put every file back and say which test and why. The
   one change that is not a reason: a test that failed before and passes after (the
   loop scope edit mends tests the adoption's loop settings broke); it is listed.
4. Interleaved A/B with the benchmark (the copy against the working tree): slower
   beyond the spread (``judge``: CPU time first, since load stretches wall time), put
   everything back. Otherwise print the diff and the speedup.

Files are put back from the bytes read before the rewrite, also on Ctrl-C.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bench.results import ABResult
from .codemod import plan, rewrite
from .config import read_config
from .configfix import edited
from .judge import judge
from .outcomes import OUTCOMES_ENV
from .suite import SKIP_DIRS, read_suite

OUTCOMES_PLUGIN = ("-p", "pytest_tuneup.doctor.outcomes")
Outcome = tuple[str, str]  # outcome, message


class Refused(Exception):
    """doctor-fix changes nothing; printed as one line."""


@dataclass
class Proof:
    changed: list[str]  # the files rewritten (relative), empty when nothing to do
    diff: str
    ratio: float
    stdev: float
    faster: str  # "a" (before) or "b" (after)
    rounds: int
    fixed: list[str] = field(default_factory=list)  # failed before, pass after
    cpu: str = ""  # "2.10 times less CPU (...)", empty without CPU samples


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False
    )


def check_tree(root: Path, allow_dirty: bool) -> None:
    if git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise Refused(
            "doctor-fix works in a git repository: its change is what git diff shows"
        )
    status = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    if status.stdout.strip() and not allow_dirty:
        files = ", ".join(line[3:] for line in status.stdout.splitlines()[:3])
        raise Refused(
            f"the working tree has changes ({files}): commit or stash them first, so"
            " that git diff shows only doctor-fix's change"
            " (or DOCTOR_ARGS=--allow-dirty)"
        )


SHOWN = 10  # changed outcomes listed; the rest are counted


def run_outcomes(
    pytest: Sequence[str], extra: Sequence[str], cwd: Path, scratch: Path, label: str
) -> tuple[dict[str, Outcome], str]:
    """Every test's outcome, and the end of pytest's output."""
    from ..bench.suite import PACKAGE_PARENT, child_env, pytest_command, pytest_summary

    out = scratch / f"outcomes-{label}.json"
    env = child_env(None)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(PACKAGE_PARENT), env.get("PYTHONPATH", "")])
    )
    env[OUTCOMES_ENV] = str(out)
    command = pytest_command(pytest, [*OUTCOMES_PLUGIN, "-q", *extra], probe=False)
    done = subprocess.run(
        command, check=False, cwd=cwd, env=env, capture_output=True, text=True
    )
    if not out.is_file():
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        raise Refused(
            f"the suite did not run {label} the rewrite (exit {done.returncode}):"
            f" {' / '.join(tail)}"
        )
    data = json.loads(out.read_text())
    outcomes = {node: (str(value[0]), str(value[1])) for node, value in data.items()}
    return outcomes, pytest_summary(done.stdout + done.stderr, lines=15)


FAILING = ("failed", "error")


def fixed(before: dict[str, Outcome], after: dict[str, Outcome]) -> list[str]:
    """Tests that failed (or errored) before the rewrite and pass after it."""
    return sorted(
        node
        for node, (outcome, _) in after.items()
        if outcome == "passed" and before.get(node, ("", ""))[0] in FAILING
    )


def differences(before: dict[str, Outcome], after: dict[str, Outcome]) -> list[str]:
    """Every change of outcome but a failing test that now passes (see ``fixed``)."""
    lines = []
    now_pass = set(fixed(before, after))
    for node in sorted(set(before) | set(after)):
        old, new = before.get(node), after.get(node)
        if node in now_pass:
            continue
        if old is not None and new is not None and old[0] == new[0]:
            continue
        was = old[0] if old else "not run"
        now = new[0] if new else "not run"
        why = new[1] if new and new[1] else (old[1] if old else "")
        lines.append(f"{node}: {was} before, {now} after" + (f": {why}" if why else ""))
    return lines


def rolled_back(changed: list[str], output: str) -> str:
    lines = [
        (
            f"rolled back: {len(changed)} test outcome(s) changed with the rewrite,"
            " so it is not safe here:"
        ),
        *(f"  {line}" for line in changed[:SHOWN]),
    ]
    if len(changed) > SHOWN:
        lines.append(f"  ... and {len(changed) - SHOWN} more")
    if any(line.endswith("not run after") for line in changed):
        lines += ["pytest said, after the rewrite:", output]
    return "\n".join(lines)


def copy_project(root: Path, destination: Path) -> None:
    shutil.copytree(
        root,
        destination,
        symlinks=True,
        ignore=shutil.ignore_patterns(*SKIP_DIRS - {"pytest_tuneup"}, ".tuneup-bench"),
    )


def write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tuneup-doctor")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def fix(
    root: Path,
    tests: Sequence[str],
    pytest: Sequence[str],
    extra: Sequence[str],
    runs: int,
    allow_dirty: bool,
    progress: Callable[[str], None],
) -> Proof:
    check_tree(root, allow_dirty)
    config = read_config(root)
    new_texts = {
        edit.source.path: rewrite(edit)
        for edit in plan(read_suite(root, config, tests))
    }
    config_text = edited(config)
    if config.path is not None and config_text is not None:
        new_texts[config.path] = config_text
    if not new_texts:
        return Proof([], "", 1.0, 0.0, "b", 0)
    originals = {path: path.read_bytes() for path in new_texts}
    with tempfile.TemporaryDirectory(prefix="tuneup-doctor-fix-") as folder:
        scratch = Path(folder)
        progress("the suite before the rewrite, every outcome recorded")
        before, _ = run_outcomes(pytest, extra, root, scratch, "before")
        copy_project(root, scratch / "before")
        try:
            for path, text in new_texts.items():
                write_atomically(path, text.encode("utf-8"))
            progress("the suite after the rewrite")
            after, output = run_outcomes(pytest, extra, root, scratch, "after")
            changed = differences(before, after)
            if changed:
                raise Refused(rolled_back(changed, output))
            result = speed(pytest, extra, runs, root, scratch, progress)
            speedup = result.ratio
            ratio, stdev, faster = speedup.value, speedup.stdev, speedup.faster
            judgement = judge(result.a.samples, result.b.samples)
            if judgement.slower:
                word = "slower" if faster == "a" else "faster"
                cpu = f", {judgement.cpu_text()}" if judgement.cpu else ""
                raise Refused(
                    f"rolled back: the suite got slower with the rewrite ({ratio:.2f}"
                    f" ± {stdev:.2f} times {word} in wall time{cpu}; interleaved A/B"
                    f" of {runs} rounds)"
                )
        except BaseException:
            for path, data in originals.items():
                write_atomically(path, data)
            raise
    names = [str(path.relative_to(root)) for path in new_texts]
    diff = git(root, "diff", "--", *names).stdout
    return Proof(
        names,
        diff,
        ratio,
        stdev,
        faster,
        runs,
        fixed(before, after),
        judgement.cpu_text(),
    )


def speed(
    pytest: Sequence[str],
    extra: Sequence[str],
    runs: int,
    root: Path,
    scratch: Path,
    progress: Callable[[str], None],
) -> ABResult:
    """The copy (A, before) against the working tree (B), interleaved."""
    from ..bench.ab import ab
    from ..bench.errors import SuiteFailed, UsageError
    from ..bench.suite import pytest_command, pytest_summary

    # Exit 1 is tests failing: the outcomes proved they fail alike on both sides.
    command = shlex.join(pytest_command(pytest, extra, probe=False))
    command = f"{command} || [ $? -eq 1 ]"
    sides = [f"cd {shlex.quote(str(scratch / 'before'))} && {command}", command]
    try:
        result = ab(
            sides, "commands", pytest, extra, runs, 1, "", root, scratch, progress
        )
    except UsageError as error:
        raise Refused(f"rolled back: the A/B could not run: {error}") from None
    except SuiteFailed as failed:
        raise Refused(
            f"rolled back: the A/B could not measure the suite: {failed.where} ended"
            f" with exit code {failed.exit_code}:\n{pytest_summary(failed.output, 15)}"
        ) from None
    return result
