#!/usr/bin/env python3
"""Benchmark seed data (``tuneup_seed``): what a test that needs 1,000 rows costs.

It scaffolds the real template (the working tree) with copier into a copy of the fixture
project ``tests/projects/db_seed`` (storefront: every test needs the demo catalogue of
1,000 products and a customer with a hashed password) and runs its ``tests/test_many.py``
(60 tests that read the catalogue) two ways:

  seed     ``-o tuneup_seed=storefront.demo:seed``: the rows are written once into the
           template database; every test starts from them and is rolled back
  fixture  no seed: the suite's ``catalogue`` fixture calls the same ``demo.seed`` in
           every test (function scope), as a suite without tuneup_seed would

each in two shapes: ``rows+customer`` (the customer's password hashed with 200,000 PBKDF2
rounds, as the project does) and ``rows`` (1 round: the cost of the 1,000 rows alone).

Each run is a fresh ``python -m pytest -p no:randomly -p no:cacheprovider`` with the
measurement plugin of benchmarks/db_fixtures.py (``tuneup_bench_measure``: setup + call
+ teardown of every test, as pytest measured them). The variants run interleaved. Per
run it takes the median per-test cost, leaving out the first test (it carries the
session's one-off setup: building the template, seed included); over the runs, the
median. The first test's cost is reported as the one-off build.

    .venv/bin/python benchmarks/db_seed.py --runs 5
    TEST_DATABASE_URL=postgresql://... .venv/bin/python benchmarks/db_seed.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "support"))

from tuneup_testing import copy_template, make_project, snapshot_template, tool_env  # noqa: E402

SEED = ["-o", "tuneup_seed=storefront.demo:seed"]
SHAPES = {"rows+customer": "200000", "rows": "1"}


def scaffold(workdir: Path) -> Path:
    template = snapshot_template(workdir / "template")
    project = make_project("db_seed", workdir / "db_seed")
    answers = {"database": "sqlite", "db_api": "sync", "models": "storefront.models:Base", "coverage": False}
    copy_template(template, project, answers)
    return project


def per_test_seconds(project: Path, database: str, seeded: bool, rounds: str, out: Path) -> list[float]:
    args = [sys.executable, "-m", "pytest", "tests/test_many.py", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"]
    args += ["-p", "tuneup_bench_measure", "-o", f"tuneup_database={database}"]
    args += SEED if seeded else []
    env = {
        **tool_env(),
        "PYTHONPATH": str(REPO / "benchmarks"),
        "TUNEUP_BENCH_OUT": str(out),
        "STOREFRONT_HASH_ROUNDS": rounds,
    }
    if database == "sqlite":
        env.pop("TEST_DATABASE_URL", None)
    result = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise SystemExit(f"db_seed benchmark: the suite failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return [float(test["seconds"]) for test in json.loads(out.read_text())["tests"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    options = parser.parse_args()
    databases = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="tuneup-seed-bench-") as scratch:
        project = scaffold(Path(scratch))
        out = Path(scratch) / "out.json"
        for database in databases:
            for shape, rounds in SHAPES.items():
                steady: dict[bool, list[float]] = {True: [], False: []}
                first: dict[bool, list[float]] = {True: [], False: []}
                for run in range(options.runs):
                    # Interleaved, the order alternating run by run.
                    for seeded in (True, False) if run % 2 == 0 else (False, True):
                        seconds = per_test_seconds(project, database, seeded, rounds, out)
                        steady[seeded].append(statistics.median(seconds[1:]))
                        first[seeded].append(seconds[0])
                seed_ms = statistics.median(steady[True]) * 1000
                fixture_ms = statistics.median(steady[False]) * 1000
                key = f"{database} {shape}"
                figures[key] = {
                    "seed_ms": round(seed_ms, 2),
                    "fixture_ms": round(fixture_ms, 2),
                    "fixture_over_seed": round(fixture_ms / seed_ms, 1),
                    "seed_first_test_ms": round(statistics.median(first[True]) * 1000, 1),
                }
                print(
                    f"{key:28} per test: seed {seed_ms:7.2f} ms, fixture {fixture_ms:7.2f} ms,"
                    f" {fixture_ms / seed_ms:5.1f}x; first test with seed (template built):"
                    f" {figures[key]['seed_first_test_ms']} ms  [{options.runs} runs, median]"
                )
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
