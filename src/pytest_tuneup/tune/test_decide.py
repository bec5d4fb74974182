"""The decision rule on synthetic samples: a win counts only beyond the spread."""

from __future__ import annotations

from pytest_tuneup.tune.decide import beats, clear_loser, pick, speedup

TODAY = [2.00, 2.04, 1.98, 2.02, 2.01]


def test_a_gain_inside_the_spread_is_no_win() -> None:
    noisy = [1.70, 2.30, 1.90, 2.20, 1.80]  # median 1.90, but it scatters by 0.25
    assert not beats(TODAY, noisy, threshold=0.0)
    assert pick("today", {"today": TODAY, "-n 2": noisy}, 0.0) == "today"


def test_a_gain_beyond_the_spread_wins() -> None:
    faster = [1.50, 1.52, 1.49, 1.51, 1.50]
    assert beats(TODAY, faster, threshold=2.0)
    assert pick("today", {"today": TODAY, "-n 2": faster}, 2.0) == "-n 2"


def test_a_gain_below_the_threshold_is_no_win() -> None:
    barely = [1.97, 1.99, 1.98, 1.98, 1.97]  # beyond the spread, 1.5 % only
    assert beats(TODAY, barely, threshold=0.0)
    assert not beats(TODAY, barely, threshold=2.0)


def test_on_a_small_suite_xdist_loses_and_is_not_chosen() -> None:
    # 60 cheap tests: every worker imports everything again, -n costs a second.
    samples = {
        "today": [0.80, 0.82, 0.79],
        "-n 2": [1.90, 1.85, 1.95],
        "-n 4": [3.10, 3.00, 3.20],
    }
    assert pick("today", samples, 2.0) == "today"
    assert clear_loser(samples["today"], samples["-n 2"])
    assert speedup(samples["today"], samples["-n 2"]).value < 0.5


def test_the_fastest_of_several_winners_is_picked() -> None:
    samples = {
        "today": TODAY,
        "-n 2": [1.50, 1.52, 1.49, 1.51, 1.50],
        "-n 4": [1.30, 1.31, 1.29, 1.30, 1.32],
    }
    assert pick("today", samples, 2.0) == "-n 4"


def test_a_loser_is_clear_only_when_slower_in_every_run() -> None:
    assert not clear_loser([1.0], [2.0])  # one round decides nothing
    assert clear_loser([1.0, 1.1], [1.2, 1.3])
    assert not clear_loser([1.0, 1.3], [1.2, 1.25])


def test_speedup_range_brackets_the_ratio() -> None:
    gain = speedup(TODAY, [1.00, 1.02, 0.99, 1.01, 1.00])
    assert gain.low < gain.value < gain.high
    assert 1.95 < gain.value < 2.05
    assert gain.text().startswith("2.0")


def test_less_work_wins_in_cpu_time_when_wall_time_is_too_noisy() -> None:
    # A loaded machine: wall times scatter, the CPU time of the tree barely moves.
    wall, cpu = [1.48, 1.20, 1.80], [0.97, 0.98, 0.96]
    autoload_off_wall, autoload_off_cpu = [1.47, 1.10, 1.85], [0.73, 0.74, 0.72]
    assert not beats(wall, autoload_off_wall, 2.0)
    assert beats(wall, autoload_off_wall, 2.0, cpu, autoload_off_cpu)
    walls = {"today": wall, "autoload off": autoload_off_wall}
    cpus = {"today": cpu, "autoload off": autoload_off_cpu}
    assert pick("today", walls, 2.0, cpus) == "autoload off"


def test_less_cpu_is_no_win_when_the_wall_time_is_worse() -> None:
    # xdist's opposite: a candidate that waits (less CPU) but finishes later.
    wall, cpu = [1.00, 1.01, 0.99], [0.95, 0.96, 0.94]
    slower_wall, less_cpu = [1.30, 1.31, 1.29], [0.50, 0.51, 0.49]
    assert not beats(wall, slower_wall, 2.0, cpu, less_cpu)


def test_less_cpu_is_no_win_when_the_mean_wall_time_is_worse() -> None:
    # Seen on 220 database tests under load: median 10.38 s against 10.99 s, but the
    # mean higher (the ratio to today's 0.97x); CPU 2.51 s against 2.77 s.
    wall, cpu = [10.99, 10.0, 12.0], [2.77, 2.80, 2.74]
    other_wall, less_cpu = [10.38, 10.2, 13.5], [2.51, 2.53, 2.49]
    assert not beats(wall, other_wall, 2.0, cpu, less_cpu)
