"""The statistics, against values worked out by hand (in the comments)."""

from __future__ import annotations

import math

import pytest

from pytest_tuneup.bench.stats import (
    Summary,
    compare,
    mad,
    median,
    modified_zscores,
    outliers,
    ratio,
    stdev,
    summaries,
    summarize,
)


def test_summary_of_five_runs_matches_hand_computed_values() -> None:
    # 1, 2, 3, 4, 10: median 3; mean 20 / 5 = 4; squared deviations
    # 9 + 4 + 1 + 0 + 36 = 50, sample variance 50 / 4 = 12.5, so sigma = 3.5355...;
    # |x - 3| = 2, 1, 0, 1, 7, MAD = 1.
    summary = summarize([3.0, 1.0, 10.0, 2.0, 4.0])
    assert summary.median == 3.0
    assert summary.mean == 4.0
    assert summary.stdev == pytest.approx(3.5355339, abs=1e-7)
    assert (summary.min, summary.max, summary.count) == (1.0, 10.0, 5)
    assert mad([3.0, 1.0, 10.0, 2.0, 4.0]) == 1.0
    # 10 is 7 MADs from the median: far, but within hyperfine's 14.826.
    assert summary.outliers == 0


def test_median_of_an_even_count_and_stdev_of_one_value() -> None:
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert stdev([2.5]) == 0.0
    with pytest.raises(ValueError, match="median of no values"):
        median([])


def test_modified_zscores_are_distances_in_mads() -> None:
    # median 10, |x - 10| = 2, 0, 1, 4, 0: MAD 1, so the scores are x - 10.
    assert modified_zscores([8.0, 10.0, 11.0, 14.0, 10.0]) == [-2.0, 0.0, 1.0, 4.0, 0.0]


def test_outliers_follow_hyperfines_mad_rule() -> None:
    # hyperfine's own cases: median 0.30, |x - 0.30| = 0.2, 0, 0.01, 0.01, 0, MAD 0.01,
    # so 0.5 scores 20 > 14.826.
    assert outliers([0.5, 0.30, 0.29, 0.31, 0.30]) == [0]
    assert outliers([-0.2, 0.0, 0.2]) == []
    assert outliers([10.0] * 7 + [100.0]) == [7]  # MAD 0: anything off the median
    assert outliers([1000.0, 0.0]) == []  # too few to tell
    # 9, 10, 10, 11, x: median 10 and MAD 1 while x > 11, so x scores x - 10.
    assert outliers([9.0, 10.0, 10.0, 11.0, 24.8]) == []
    assert outliers([9.0, 10.0, 10.0, 11.0, 24.9]) == [4]
    assert summarize([9.0, 10.0, 10.0, 11.0, 24.9]).outliers == 1


def test_summaries_leave_out_figures_without_samples() -> None:
    made = summaries({"wall": [1.0, 3.0], "collection": []})
    assert list(made) == ["wall"]
    assert made["wall"].mean == 2.0
    # Two values 1 and 3: sample variance ((1-2)^2 + (3-2)^2) / 1 = 2.
    assert made["wall"].stdev == pytest.approx(math.sqrt(2))


def summary(middle: float, sigma: float) -> Summary:
    return Summary(5, middle, middle, sigma, middle - sigma, middle + sigma, 0)


def test_a_change_counts_only_beyond_both_threshold_and_spread() -> None:
    base = summary(2.0, 0.1)
    # +0.5 s is 25 % and more than the spread sqrt(0.1^2 + 0.1^2) = 0.1414.
    worse = compare("wall", base, summary(2.5, 0.1), 10)
    assert worse.status == "worse"
    assert worse.percent == pytest.approx(25.0)
    assert worse.change == pytest.approx(0.5)
    assert worse.spread == pytest.approx(math.sqrt(0.02))
    # +0.15 s is beyond the spread but only 7.5 %.
    assert compare("wall", base, summary(2.15, 0.05), 10).status == "same"
    # +0.5 s is 25 %, but the new runs scatter by 0.6 s: sqrt(0.01 + 0.36) = 0.608.
    assert compare("wall", base, summary(2.5, 0.6), 10).status == "same"
    assert compare("wall", base, summary(1.5, 0.1), 10).status == "better"
    # A higher threshold lets the 25 % through.
    assert compare("wall", base, summary(2.5, 0.1), 30).status == "same"


def test_ratio_and_its_uncertainty_as_hyperfine_computes_them() -> None:
    slow = Summary(5, 3.64, 3.64, 0.08, 3.5, 3.8, 0)
    fast = Summary(5, 2.0, 2.0, 0.04, 1.9, 2.1, 0)
    value, sigma = ratio(slow, fast)
    # 3.64 / 2.0 = 1.82; relative sigma sqrt((0.08/3.64)^2 + (0.04/2)^2) = 0.029716.
    assert value == pytest.approx(1.82)
    assert sigma == pytest.approx(1.82 * 0.029716, abs=1e-5)


def test_summary_survives_its_json_form() -> None:
    original = summarize([1.0, 2.0, 4.0])
    assert Summary.from_dict(original.as_dict()) == original
