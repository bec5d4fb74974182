"""make bench-check against the baseline's commit, run interleaved with the working tree.

One cheap run of the real thing on the bare project (its render shared through
``renders``): an unchanged suite passes; a test that burns CPU (a busy loop on the
process clock, not a sleep: a sleep costs no CPU) fails the gate on CPU time with exit
code 1 and is named among the slower tests; a baseline whose commit is gone is compared
with its saved figures, and the check says so. The rule itself is unit-tested on made-up
rounds in src/pytest_tuneup/bench/test_gate.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tuneup_testing import Renders, commit_all, git, run_make

# A test that burns BURN seconds of CPU whatever the machine's load: the process clock
# only advances while this process runs.
BURN = """\
import time

BURN = {seconds}


def test_burn():
    end = time.process_time() + BURN
    while time.process_time() < end:
        pass
"""
# The shared test machine stretches wall time from one run to the next; the gate's
# rule is what must hold under it, so the threshold here is the default's, raised a
# little for the three rounds (the bound is then the smallest of three ratios).
CHECK = ("bench-check", "RUNS=3", "BENCH_THRESHOLD=20")


@pytest.mark.slow
def test_bench_check_compares_with_the_commit_and_fails_on_burnt_cpu(renders: Renders, tmp_path: Path) -> None:
    project = renders.copy("bare", {"coverage": False}, tmp_path / "bare", commit="pytest-tuneup")
    burn = project / "tests" / "test_burn.py"
    burn.write_text(BURN.format(seconds=0.2))
    commit_all(project, "a test that burns a little CPU")
    outputs = "BENCH_ARGS=--no-imports --json check.json --markdown check.md"
    saved = run_make(project, "bench-save", "RUNS=2", "BENCH_ARGS=--no-imports")
    assert saved.returncode == 0, saved.stdout + saved.stderr
    commit = git(project, "rev-parse", "HEAD")[:7]

    unchanged = run_make(project, *CHECK, outputs)
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert (
        f"bench-check: compared with the baseline's commit {commit} (A), run interleaved "
        "with the working tree (B) on this machine: 3 rounds, A B then B A"
    ) in unchanged.stdout
    # Unchanged is never WORSE; "better" is allowed: the load falling during the
    # check makes all three rounds of B faster (seen: wall x0.75 in a full run).
    for label in ("wall time", "CPU time", "peak memory"):
        line = rf"^(ok|better) +{label}: .*\(ratio x[\d.]+, 88% bounds .*above x1\.20\)$"
        assert re.search(line, unchanged.stdout, re.M), unchanged.stdout
    # Interleaved, B A in every second round; the checkout is gone again.
    rounds = re.findall(r"^bench: (round \d/3 [AB])", unchanged.stderr, re.M)
    assert rounds == ["round 1/3 A", "round 1/3 B", "round 2/3 B", "round 2/3 A", "round 3/3 A", "round 3/3 B"]
    assert len(git(project, "worktree", "list").splitlines()) == 1

    # The working tree's test burns 2 s instead of 0.2 s: the run's CPU about doubles.
    burn.write_text(BURN.format(seconds=2.0))
    slower = run_make(project, *CHECK, outputs)
    assert slower.returncode != 0, slower.stdout
    assert "Error 1" in slower.stderr  # the benchmark's exit code for a regression
    assert re.search(r"^WORSE +CPU time: .*\(ratio x[\d.]+, 88% bounds x", slower.stdout, re.M), slower.stdout
    row = r"^ +\+[\d.]+ s +[\d.]+ m?s -> [\d.]+ s +x[\d.]+ \(at least x[\d.]+\) +tests/test_burn\.py::test_burn$"
    assert re.search(row, slower.stdout, re.M), slower.stdout
    data = json.loads((project / "check.json").read_text())
    assert (data["result"], data["comparison"]["mode"], data["comparison"]["rounds"]) == ("fail", "commit", 3)
    assert [item["test"] for item in data["slowdowns"]] == ["tests/test_burn.py::test_burn"]
    cpu = next(verdict for verdict in data["verdicts"] if verdict["figure"] == "cpu")
    assert cpu["status"] == "worse" and cpu["low"] > 1.2
    assert "- **WORSE** CPU time: " in (project / "check.md").read_text()

    # A baseline whose commit this repository does not have: its saved figures, said so.
    baseline = project / ".tuneup-bench" / "baseline.json"
    data = json.loads(baseline.read_text())
    data["environment"]["commit"] = "f" * 40
    baseline.write_text(json.dumps(data))
    fallback = run_make(project, "bench-check", "RUNS=2", "BENCH_THRESHOLD=20", "BENCH_ARGS=--no-imports")
    assert fallback.returncode != 0, fallback.stdout
    day = data["created"][:10]
    note = f"the baseline's commit fffffff is not in this repository: compared with the figures saved on {day} instead"
    assert f"bench-check: {note}" in fallback.stdout
    assert f"bench: {note}" in fallback.stderr
    assert re.search(r"^WORSE +CPU time: .*fails above \+20% and beyond the spread", fallback.stdout, re.M)
