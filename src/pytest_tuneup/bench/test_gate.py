"""The gate's rule on made-up rounds: noise passes, a real slowdown fails."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pytest_tuneup.bench.baseline import check, check_paired, load_baseline, save
from pytest_tuneup.bench.gate import (
    bounds,
    confidence,
    lower_rank,
    paired_verdict,
    slowdown_floor,
    slowdowns,
)
from pytest_tuneup.bench.markdown import run_markdown
from pytest_tuneup.bench.measure import Measurement
from pytest_tuneup.bench.results import baseline_from_json, run_json
from pytest_tuneup.bench.stats import compare, ratio, summarize
from pytest_tuneup.bench.suite import Collector, ProbeData
from pytest_tuneup.bench.terminal import verdict_lines
from pytest_tuneup.bench.test_reports import made_result


def test_the_bound_is_the_sign_tests_order_statistic() -> None:
    # P(Binomial(5, 1/2) = 0) = 1/32 = 3.1 %: the smallest of 5 ratios, at 96.9 %.
    assert lower_rank(5) == 1
    assert confidence(5, 1) == pytest.approx(31 / 32)
    # n = 10: P(X <= 1) = 11/1024 = 1.1 %, P(X <= 2) = 56/1024 = 5.5 %: the 2nd.
    assert lower_rank(10) == 2
    assert confidence(10, 2) == pytest.approx(1 - 11 / 1024)
    # n = 20: P(X <= 5) = 21700/2^20 = 2.1 %, P(X <= 6) = 5.8 %: the 6th.
    assert lower_rank(20) == 6
    # Too few rounds for 95 %: still the smallest, and how sure it is, said.
    assert lower_rank(3) == 1
    assert confidence(3, 1) == pytest.approx(7 / 8)
    found = bounds([1.0, 2.0, 4.0, 1.0, 1.0], [1.1, 2.4, 4.0, 0.9, 1.2])
    # Ratios 1.1, 1.2, 1.0, 0.9, 1.2, sorted 0.9 1.0 1.1 1.2 1.2.
    assert (found.ratio, found.low, found.high, found.rounds) == (1.1, 0.9, 1.2, 5)


# The false alarm of issue 13: the baseline measured 19.2 s on a quiet machine, the
# check 24.5 s on a loaded one. Interleaved, both sides run on the loaded machine.
LOADED_A = [24.1, 25.0, 23.8, 24.9, 24.4]
LOADED_B = [24.6, 24.3, 24.0, 25.3, 24.1]


def test_a_loaded_machine_stretches_both_sides_and_passes() -> None:
    verdict = paired_verdict("wall", LOADED_A, LOADED_B, 10)
    assert verdict.status == "same"
    assert verdict.low is not None and verdict.low < 1.0 < (verdict.high or 0)
    # The saved figures of the quiet day against today's median: the old false alarm.
    quiet = summarize([19.0, 19.2, 19.4, 19.1, 19.3])
    assert compare("wall", quiet, summarize(LOADED_B), 10).status == "worse"


def test_bursts_that_hit_only_the_new_side_in_some_rounds_do_not_fail() -> None:
    a = [2.0, 2.1, 2.0, 2.05, 2.0]
    # Another process took the core during B's run in two rounds: +60 %, +50 %.
    b = [3.2, 3.15, 2.0, 2.0, 2.06]
    assert paired_verdict("wall", a, b, 10).status == "same"
    # The ratio of the means (hyperfine's, bench ab's) would call it 22 % slower.
    assert ratio(summarize(b), summarize(a))[0] == pytest.approx(1.223, abs=0.001)


def test_a_quarter_more_cpu_fails_through_noise() -> None:
    noise = random.Random(13)
    for _ in range(200):
        # Every round: the machine's state moves both sides by up to 30 % alike,
        # and each side alone by up to 4 %.
        state = [1 + 0.3 * noise.random() for _ in range(5)]
        a = [1.6 * s * noise.uniform(0.96, 1.04) for s in state]
        same = [1.6 * s * noise.uniform(0.96, 1.04) for s in state]
        slower = [1.25 * 1.6 * s * noise.uniform(0.96, 1.04) for s in state]
        assert paired_verdict("cpu", a, same, 10).status == "same"
        verdict = paired_verdict("cpu", a, slower, 10)
        assert verdict.status == "worse"
        assert 15 < verdict.percent < 36


def test_a_faster_side_is_better_and_memory_follows_the_same_rule() -> None:
    assert paired_verdict("wall", [2.0] * 5, [1.0] * 5, 10).status == "better"
    mib = 1024.0 * 1024
    grew = paired_verdict("rss_tree", [50 * mib] * 5, [200 * mib] * 5, 10)
    assert (grew.status, grew.change, grew.low) == ("worse", 150 * mib, 4.0)
    # The threshold is a percentage: x4.0 is +300 %, within 1000 % and beyond 299 %.
    small, large = [50 * mib] * 5, [200 * mib] * 5
    assert paired_verdict("rss_tree", small, large, 1000).status == "same"
    assert paired_verdict("rss_tree", small, large, 299).status == "worse"


def test_slowdowns_lists_tests_slower_beyond_their_spread() -> None:
    a_runs = [
        {"t::slow": 0.30, "t::tiny": 0.001, "t::noisy": 0.2, "t::gone": 0.1}
        for _ in range(5)
    ]
    b_runs = [
        {
            "t::slow": 0.6 + 0.01 * index,  # twice as long, every round
            "t::tiny": 0.003,  # three times as long, but 2 ms: below the floor
            "t::noisy": [0.4, 0.19, 0.2, 0.5, 0.21][index],  # some rounds only
            **({"t::gone": 0.5} if index else {}),  # missing from a round
        }
        for index in range(5)
    ]
    found = slowdowns(a_runs, b_runs, 10)
    assert [item.test for item in found] == ["t::slow"]
    assert found[0].base == 0.30 and found[0].new == pytest.approx(0.62)
    assert found[0].low == pytest.approx(2.0)
    assert slowdowns([], [], 10) == []
    # 40 ms slower in every round is no evidence in runs of 8 s (under 1 % of them).
    assert slowdown_floor([8.0, 7.0, 9.0]) == pytest.approx(0.08)
    assert slowdown_floor([0.5]) == 0.01
    assert [item.test for item in slowdowns(a_runs, b_runs, 10, floor=0.35)] == []


def measured(wall: float, user: float, sys: float) -> Measurement:
    return Measurement(wall, user, sys, 40, 50, 1, 0)


def probe_data(tests: dict[str, float]) -> ProbeData:
    phases = [
        (test, phase, seconds / 2)
        for test, seconds in tests.items()
        for phase in ("setup", "call")
    ]
    return ProbeData(0.1, phases, {}, 500, [], {"passed": len(tests)})


def test_collector_records_cpu_as_user_plus_sys_and_each_runs_test_times() -> None:
    collected = Collector()
    collected.record(measured(2.0, 1.5, 0.25), probe_data({"t::a": 0.5, "t::b": 0.1}))
    collected.record(measured(2.1, 1.6, 0.5), None)
    assert collected.samples["cpu"] == [1.75, 2.1]
    assert collected.tests == [{"t::a": 0.5, "t::b": 0.1}]


def sides(cpu_factor: float, slow_test: float) -> tuple[Collector, Collector]:
    base, work = Collector(), Collector()
    for index in range(5):
        jitter = 1 + 0.02 * index
        tests = {"t::a": 0.5 * jitter, "t::b": 0.1}
        base.record(measured(2.0 * jitter, 1.5 * jitter, 0.2), probe_data(tests))
        cpu = 1.5 * jitter * cpu_factor
        new_tests = {"t::a": 0.5 * jitter * slow_test, "t::b": 0.1}
        work.record(measured(2.0 * jitter, cpu, 0.2), probe_data(new_tests))
    return base, work


def test_a_paired_check_gates_on_cpu_and_lists_the_slower_test(tmp_path: Path) -> None:
    save(made_result(), tmp_path)
    baseline = load_baseline(tmp_path / "baseline.json")
    base, work = sides(cpu_factor=1.0, slow_test=1.0)
    unchanged = check_paired(made_result(), baseline, base, work, 10)
    assert unchanged.check is not None and unchanged.check.passed
    lines = verdict_lines(unchanged)
    assert lines[0] == (
        "bench-check: compared with the baseline's commit 0123456 (A), run "
        "interleaved with the working tree (B) on this machine: 5 rounds, A B then B A"
    )
    assert [line.split(":")[0] for line in lines[1:4]] == [
        "ok     wall time",
        "ok     CPU time",
        "ok     peak memory",
    ]
    assert lines[-1] == (
        "no test is slower than at the baseline's commit beyond its spread"
    )

    base, work = sides(cpu_factor=1.3, slow_test=2.0)
    slower = check_paired(made_result(), baseline, base, work, 10)
    assert slower.check is not None and not slower.check.passed
    statuses = {item.figure: item.status for item in slower.check.verdicts}
    assert statuses == {"wall": "same", "cpu": "worse", "rss_tree": "same"}
    lines = verdict_lines(slower)
    assert lines[2].startswith(
        "WORSE  CPU time: 1.76 s -> 2.23 s (ratio x1.27, 97% bounds x1.26 to"
    )
    assert lines[2].endswith("; fails when the lower bound is above x1.10)")
    assert "tests slower than at the baseline's commit beyond their spread" in lines[5]
    assert lines[6].split() == [
        "+520", "ms", "520", "ms", "->", "1.04", "s", "x2.00", "(at", "least",
        "x2.00)", "t::a",
    ]  # fmt: skip
    data = run_json(slower)
    assert data["comparison"]["mode"] == "commit" and data["result"] == "fail"
    assert data["slowdowns"][0]["test"] == "t::a"
    assert data["verdicts"][1]["confidence"] == pytest.approx(31 / 32)
    markdown = run_markdown(slower, 10)
    assert "Compared with the baseline's commit 0123456 (A)" in markdown
    assert (
        "| +520 ms | 520 ms -> 1.04 s | x2.00 (at least x2.00) | `t::a` |" in markdown
    )


def test_without_the_commit_the_saved_figures_are_compared_and_said_so(
    tmp_path: Path,
) -> None:
    save(made_result(), tmp_path)
    baseline = load_baseline(tmp_path / "baseline.json")
    note = "the baseline's commit 0123456 is not in this repository: compared ..."
    result = check(made_result(), baseline, 10, note)
    assert result.check is not None and result.check.mode == "saved"
    assert verdict_lines(result)[0] == f"bench-check: {note}"
    assert run_json(result)["comparison"] == {
        "mode": "saved",
        "note": note,
        "rounds": 0,
    }


def test_a_baseline_saved_before_cpu_was_gated_gets_it_from_its_samples() -> None:
    data = run_json(made_result(), "baseline")
    # Runs of 1.2, 1.4 and 1.4 s of CPU.
    data["samples"].update({"user": [1.0, 1.2, 1.1], "sys": [0.2, 0.2, 0.3]})
    data["summary"].pop("cpu", None)
    assert baseline_from_json(data).summary["cpu"].median == pytest.approx(1.4)
