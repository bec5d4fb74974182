"""The database fixtures' benchmark runs end to end and reports figures that make sense.

A smoke test with the smallest settings, on SQLite only: it checks that the benchmark
scaffolds the real template, runs every suite, and writes the figures docs/performance.md
is made of. It sets no threshold on our speed: those claims are the benchmark's verdicts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tuneup_testing import REPO, tool_env

SCRIPT = REPO / "benchmarks" / "db_fixtures.py"
SUITE_FIGURES = ("empty_ms", "db_session_ms", "db_session_recipe_ms", "naive_ms", "suite_ours_ms", "suite_recipe_ms")
RATIOS = ("overhead_ms", "recipe_overhead_ms", "naive_over_ours", "naive_overhead_over_ours", "ours_over_recipe")
# Every figure is measured in wall-clock time and, with a "cpu_" prefix, in CPU time.
FIGURES = SUITE_FIGURES + tuple(f"cpu_{key}" for key in SUITE_FIGURES) + RATIOS + ("cpu_overhead_ms",)


def run_benchmark(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env or tool_env(),
        timeout=600,
    )


def without_postgresql() -> dict[str, str]:
    return {key: value for key, value in tool_env().items() if key != "TEST_DATABASE_URL"}


@pytest.mark.slow
def test_the_benchmark_measures_every_suite_on_sqlite(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = run_benchmark(
        "--only",
        "sqlite-sync,sqlite-async",
        "--runs",
        # One run: the test checks the report's shape, not speed; every figure is still
        # computed from its run's own samples (paired below).
        "1",
        "--tests",
        "10",
        "--naive-tests",
        "3",
        "--copies",
        "1",
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stdout + result.stderr

    report: dict[str, Any] = json.loads(out.read_text())
    assert set(report["variants"]) == {"sqlite-sync", "sqlite-async"}
    assert report["settings"] == {"runs": 1, "tests": 10, "naive_tests": 3, "copies": 1}
    for name, variant in report["variants"].items():
        tests = variant["tests"]
        assert tests["empty"] == tests["db_session"] == tests["db_session_recipe"] == 10, name
        assert tests["naive"] == 3, name
        # The same suite ran on our fixtures and on the hand-written recipe: the fixture
        # project's own tests, every one of them passed (the benchmark stops otherwise).
        assert tests["ours"] == tests["recipe"] >= 20, name
        for suite, runs in variant["samples"].items():
            assert len(runs) == 1, (name, suite)
            assert all(run["tests"] == tests[suite] and run["median_ms"] > 0 for run in runs), (name, suite)

        figures = variant["figures"]
        for key in FIGURES:
            figure = figures[key]
            assert len(figure["runs"]) == 1, (name, key)
            assert figure["q1"] <= figure["median"] <= figure["q3"], (name, key)
        for key in SUITE_FIGURES:
            assert figures[key]["median"] > 0, (name, key)
            assert 0 < figures[f"cpu_{key}"]["median"] < 10 * figures[key]["median"], (name, key)
        # Sanity, not a speed claim: creating and dropping every table in every test costs
        # more than a test that only opens a transaction.
        assert figures["naive_ms"]["median"] > figures["db_session_ms"]["median"], name
        assert figures["naive_over_ours"]["median"] > 1, name
        # Paired run by run: each run's overhead and ratio come from that run's two samples.
        samples = variant["samples"]
        pairs = list(zip(samples["db_session"], samples["empty"], samples["naive"], strict=True))
        assert figures["overhead_ms"]["runs"] == pytest.approx(
            sorted(s["median_ms"] - e["median_ms"] for s, e, _ in pairs)
        )
        assert figures["naive_over_ours"]["runs"] == pytest.approx(
            sorted(n["median_ms"] / s["median_ms"] for s, _, n in pairs)
        )

        verdicts = variant["verdicts"]
        assert len(verdicts) == 4, name
        assert all(isinstance(verdict["met"], bool) for verdict in verdicts), name

    assert "| sqlite-sync |" in result.stdout and "| sqlite-async |" in result.stdout
    assert result.stdout.count("| met |") + result.stdout.count("| **not met** |") == 8


def test_postgresql_variants_are_skipped_with_one_line_without_a_url() -> None:
    result = run_benchmark("--only", "postgresql-sync", env=without_postgresql())
    assert result.returncode == 1
    assert "skipping postgresql-sync: TEST_DATABASE_URL is not set" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unknown_variant_is_refused() -> None:
    result = run_benchmark("--only", "mysql-sync")
    assert result.returncode == 2
    assert "unknown variant(s) mysql-sync" in result.stderr


def test_help_names_the_options() -> None:
    result = run_benchmark("--help")
    assert result.returncode == 0
    for option in ("--runs", "--only", "--json", "--tests", "--naive-tests", "--copies"):
        assert option in result.stdout
