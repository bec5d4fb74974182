"""doctor-fix's verdict on its A/B rounds: CPU decides, wall time only when the CPU
did not get cheaper; one noisy round never decides."""

from __future__ import annotations

from pytest_tuneup.doctor.judge import judge


def sides(
    wall_a: list[float], wall_b: list[float], cpu_a: list[float], cpu_b: list[float]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    return {"wall": wall_a, "cpu": cpu_a}, {"wall": wall_b, "cpu": cpu_b}


def test_a_loaded_machine_stretching_both_b_runs_is_not_a_slowdown() -> None:
    # Seen on CI under load: wall 4.32/3.80 (A) against 4.61/5.42 (B), while the
    # rewrite saved CPU in both rounds.
    a, b = sides([4.32, 3.80], [4.61, 5.42], [3.10, 3.00], [2.80, 2.70])
    verdict = judge(a, b)
    assert verdict.wall.low > 1.05
    assert not verdict.slower


def test_more_cpu_in_every_round_is_a_slowdown_whatever_the_wall_time() -> None:
    a, b = sides([4.0, 4.0], [3.9, 3.9], [3.0, 3.0], [3.3, 3.4])
    assert judge(a, b).slower


def test_one_round_of_more_cpu_is_not_enough() -> None:
    a, b = sides([4.0, 4.0, 4.0], [4.0, 4.0, 4.0], [3.0, 3.0, 3.0], [2.9, 4.5, 2.9])
    assert not judge(a, b).slower


def test_wall_time_decides_when_the_cpu_did_not_get_cheaper() -> None:
    # A rewrite that waits (a lock, a sleep) costs wall time, not CPU.
    slower_waiting = sides([2.0, 2.0], [2.6, 2.5], [1.0, 1.0], [1.01, 1.0])
    assert judge(*slower_waiting).slower
    same = sides([2.0, 2.0], [2.02, 1.98], [1.0, 1.0], [1.01, 1.0])
    assert not judge(*same).slower


def test_without_cpu_samples_the_wall_time_decides() -> None:
    assert judge({"wall": [2.0, 2.0]}, {"wall": [2.5, 2.6]}).slower
    assert not judge({"wall": [2.0, 2.0]}, {"wall": [1.5, 1.6]}).slower
    assert judge({"wall": [2.0]}, {"wall": [1.0]}).cpu_text() == ""


def test_the_cpu_figure_says_less_or_more_with_its_range() -> None:
    cheaper = judge(*sides([1.0, 1.0], [1.0, 1.0], [4.0, 4.0], [2.0, 1.6]))
    assert cheaper.cpu_text() == "2.22 times less CPU (2.00-2.50 over the rounds)"
    dearer = judge(*sides([1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [2.2, 2.4]))
    assert dearer.cpu_text() == "1.15 times more CPU (1.10-1.20 over the rounds)"
