"""The command line: pytest's arguments after a separator poetry run keeps."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pytest_tuneup.bench.cli import parse_args, split_pytest_args


def test_pytest_arguments_follow_pytest_args_or_a_double_dash() -> None:
    assert split_pytest_args(["run", "--runs", "3", "--pytest-args", "-k", "a"]) == (
        ["run", "--runs", "3"],
        ["-k", "a"],
    )
    assert split_pytest_args(["run", "--", "-k", "a"]) == (["run"], ["-k", "a"])
    # The first separator wins: a -- after --pytest-args is pytest's.
    assert split_pytest_args(["run", "--pytest-args", "--", "x"]) == (
        ["run"],
        ["--", "x"],
    )
    args = parse_args(["check", "--runs", "2", "--pytest-args", "-x", "tests/a.py"])
    assert (args.command, args.runs, args.extra) == ("check", 2, ["-x", "tests/a.py"])


def test_what_poetry_run_leaves_of_a_double_dash_is_refused_with_a_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `poetry run python -m pytest_tuneup.bench run -- -k orders` arrives without --.
    with pytest.raises(SystemExit) as raised:
        parse_args(["run", "--runs", "2", "-k", "orders"])
    assert raised.value.code == 2
    error = capsys.readouterr().err
    assert "unrecognized arguments: -k" in error
    assert (
        "pytest's own go after --pytest-args (or --, which poetry run drops)" in error
    )
    with pytest.raises(SystemExit):
        parse_args(["run", "tests/test_a.py"])
    assert "pytest's own go after --pytest-args" in capsys.readouterr().err


def test_ab_takes_two_sides_and_an_empty_b_from_make() -> None:
    args = parse_args(["ab", "main", "", "--runs", "2", "--pytest-args", "-q"])
    assert (args.sides, args.extra) == (["main"], ["-q"])


def test_prepare_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BENCH_AB_PREPARE", "make compile-translations")
    assert parse_args(["ab", "main"]).prepare == "make compile-translations"
    assert parse_args(["ab", "main", "--prepare", "true"]).prepare == "true"


def test_the_measuring_process_does_not_import_pytest() -> None:
    """A child's peak RSS starts at ours (see measure): the benchmark stays small."""
    parent = str(Path(__file__).resolve().parents[2])
    code = "import sys, pytest_tuneup.bench.cli; print('pytest' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": parent},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == "False\n"
