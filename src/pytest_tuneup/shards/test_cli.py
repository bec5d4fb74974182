"""The command line's checks that come before any run: one line, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_tuneup.shards.cli import EXIT_USAGE, main, shard_numbers


@pytest.mark.parametrize(
    ("text", "numbers"), [("1/1", (1, 1)), ("2/4", (2, 4)), (" 3/3", (3, 3))]
)
def test_shard_numbers(text: str, numbers: tuple[int, int]) -> None:
    assert shard_numbers(text) == numbers


@pytest.mark.parametrize("text", ["", "0/2", "3/2", "2", "a/b", "1/2/3", "-1/2"])
def test_a_bad_shard_is_one_line_and_runs_nothing(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["shard", f"--shard={text}", "--dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith(f"shards: SHARD={text!r}: give group i of N as i/N")
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_combine_without_shards_says_what_to_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["combine", "--dir", str(tmp_path)]) == EXIT_USAGE
    assert "run make test-shard SHARD=i/N first" in capsys.readouterr().err


def test_a_bad_durations_file_stops_the_check_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / ".test_durations"
    bad.write_text("{")
    assert main(["check", "--file", str(bad)]) == EXIT_USAGE
    assert capsys.readouterr().err.startswith(f"shards: {bad} is not a durations file")
