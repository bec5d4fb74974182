"""Which candidates apply: xdist, --dist, plugins, coverage core."""

from __future__ import annotations

from pytest_tuneup.tune.candidates import (
    TODAY,
    Candidate,
    Plugin,
    Project,
    coverage_stage,
    dist_stage,
    plugin_stage,
    requirement_name,
    worker_counts,
    workers_in,
    xdist_stage,
)
from pytest_tuneup.tune.runs import outcomes

XDIST = [Plugin("xdist", "xdist.plugin", "pytest-xdist")]
COV = [Plugin("pytest_cov", "pytest_cov.plugin", "pytest-cov")]
TIMEOUT = [Plugin("timeout", "pytest_timeout", "pytest-timeout")]
SOCKET = [Plugin("socket", "pytest_socket", "pytest-socket")]


def project(**overrides: object) -> Project:
    made = Project(
        cores=2, python=(3, 12), pytest=(9, 0), addopts=[], required=[], plugins=[]
    )
    for key, value in overrides.items():
        setattr(made, key, value)
    return made


def labels(candidates: list[Candidate]) -> list[str]:
    return [candidate.label for candidate in candidates]


def test_worker_counts_go_up_to_twice_the_cores() -> None:
    assert worker_counts(1) == [2]
    assert worker_counts(2) == [2, 4]
    assert worker_counts(6) == [2, 4, 6, 8]


def test_no_xdist_no_worker_candidates() -> None:
    assert xdist_stage(project()) == []
    assert labels(xdist_stage(project(plugins=XDIST))) == ["-n 2", "-n 4"]


def test_xdist_in_addopts_makes_off_a_candidate() -> None:
    made = xdist_stage(project(plugins=XDIST, addopts=["-ra", "-n", "auto"]))
    assert made[0].words == ("-n", "0")
    assert workers_in(["-n", "2", "-n4"]) == "4"


def test_dist_modes_only_when_distributing_and_loadgroup_only_for_costly() -> None:
    today = Candidate(TODAY)
    assert dist_stage(today, project(plugins=XDIST), ["engine"]) == []
    two = Candidate("-n 2", ("-n", "2"))
    plain = dist_stage(two, project(plugins=XDIST), [])
    assert labels(plain) == ["-n 2 --dist loadscope", "-n 2 --dist worksteal"]
    costly = dist_stage(two, project(plugins=XDIST), ["engine"])
    assert costly[-1].words == ("-n", "2", "--dist", "loadgroup")


def test_autoload_off_loads_exactly_what_the_configuration_needs() -> None:
    made = project(
        plugins=[*XDIST, *COV, *TIMEOUT, *SOCKET],
        required=["pytest-timeout>=2.3"],
        addopts=["-p", "pytest_tuneup.plugin"],
    )
    autoload, unused = plugin_stage(Candidate("-n 2", ("-n", "2")), made)
    assert autoload.words == (
        "-n",
        "2",
        "--disable-plugin-autoload",
        "-p",
        "xdist",
        "-p",
        "pytest_cov",
        "-p",
        "timeout",
    )
    assert unused.words == ("-n", "2", "-p", "no:socket")


def test_no_autoload_flag_before_pytest_8_4_and_no_unused_when_all_needed() -> None:
    made = project(pytest=(8, 3, 5), plugins=[*TIMEOUT], required=["pytest_timeout"])
    assert plugin_stage(Candidate(TODAY), made) == []
    assert requirement_name("Pytest_Timeout[x]>=2") == "pytest-timeout"


def test_coverage_core_only_on_3_12_with_coverage_in_the_targets() -> None:
    cov = ("--cov=shop",)
    today = Candidate(TODAY)
    assert coverage_stage(today, project(plugins=COV)) == []
    assert (
        coverage_stage(today, project(plugins=COV, coverage=cov, python=(3, 11))) == []
    )
    made = coverage_stage(today, project(plugins=COV, coverage=cov))
    assert labels(made) == [
        "coverage ctrace",
        "coverage sysmon",
        "coverage ctrace branch",
        "coverage sysmon branch",
    ]
    assert made[1].env == (("COVERAGE_CORE", "sysmon"),)
    assert made[3].coverage == ("--cov=shop", "--cov-branch")


def test_outcomes_read_pytest_closing_line() -> None:
    text = "....\n===== 598 passed, 2 skipped, 1 warning in 3.21s =====\n"
    assert outcomes(text) == {"passed": 598, "skipped": 2}
    assert outcomes("== 1 failed, 2 errors in 0.1s ==") == {"failed": 1, "error": 2}
