"""make tune WRITE=1 through configfix: every format, bytes kept, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_tuneup.doctor.config import read_config
from pytest_tuneup.doctor.configfix import ConfigEditError
from pytest_tuneup.tune.write import write_winners

WORDS = ["-n", "2", "--dist", "loadscope"]
FIGURES = "1.62x (1.50-1.74) over today's configuration, 3 rounds"
COMMENT = f"# pytest-tuneup tune 2026-11-30: -n 2 --dist loadscope [{FIGURES}]"

# (file name, text before, the lines the write adds, where: the line they follow)
CASES = {
    "pyproject-string": (
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.pytest.ini_options]\n'
        'addopts = "-ra -q"  # ours\ntestpaths = ["tests"]\n\n[tool.ruff]\n',
        '[project]\nname = "x"\n\n[tool.pytest.ini_options]\n' + COMMENT + "\n"
        'addopts = "-ra -q -n 2 --dist loadscope"  # ours\ntestpaths = ["tests"]\n\n'
        "[tool.ruff]\n",
    ),
    "pyproject-array": (
        "pyproject.toml",
        '[tool.pytest.ini_options]\naddopts = ["-ra", "-q"]\n',
        "[tool.pytest.ini_options]\n" + COMMENT + "\n"
        'addopts = ["-ra", "-q", "-n", "2", "--dist", "loadscope"]\n',
    ),
    "pyproject-native-multiline": (
        "pyproject.toml",
        '[tool.pytest]\naddopts = [\n    "-ra",\n    "-q"\n]\nxfail_strict = true\n',
        "[tool.pytest]\n" + COMMENT + "\n"
        'addopts = [\n    "-ra",\n    "-q",\n    "-n", "2", "--dist", "loadscope",\n]\n'
        "xfail_strict = true\n",
    ),
    "pyproject-native-no-addopts": (
        "pyproject.toml",
        "[tool.pytest]\nxfail_strict = true\n",
        "[tool.pytest]\n" + COMMENT + "\n"
        'addopts = ["-n", "2", "--dist", "loadscope"]\nxfail_strict = true\n',
    ),
    "pytest.ini": (
        "pytest.ini",
        "[pytest]\n; the team's\naddopts = -ra\n    -p pytest_tuneup.plugin\n\n"
        "markers =\n    slow\n",
        "[pytest]\n; the team's\n" + COMMENT + "\naddopts = -ra\n"
        "    -p pytest_tuneup.plugin\n    -n 2 --dist loadscope\n\n"
        "markers =\n    slow\n",
    ),
    "pytest.ini-no-addopts": (
        "pytest.ini",
        "[pytest]\ntestpaths = tests\n",
        "[pytest]\n"
        + COMMENT
        + "\naddopts = -n 2 --dist loadscope\ntestpaths = tests\n",
    ),
    "setup.cfg": (
        "setup.cfg",
        "[metadata]\nname = x\n\n[tool:pytest]\naddopts = -ra\ntestpaths = tests\n",
        "[metadata]\nname = x\n\n[tool:pytest]\n" + COMMENT + "\naddopts = -ra\n"
        "    -n 2 --dist loadscope\ntestpaths = tests\n",
    ),
    "tox.ini": (
        "tox.ini",
        "[tox]\nenvlist = py\n\n[testenv]\ncommands = pytest\n\n[pytest]\n"
        "addopts = -ra\n\ttests\n",
        "[tox]\nenvlist = py\n\n[testenv]\ncommands = pytest\n\n[pytest]\n"
        + COMMENT
        + "\naddopts = -ra\n\ttests\n\t-n 2 --dist loadscope\n",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_write_adds_only_its_lines_and_pytest_reads_them(
    case: str, tmp_path: Path
) -> None:
    name, before, after = CASES[case]
    (tmp_path / name).write_text(before)
    assert write_winners(tmp_path, WORDS, "2026-11-30", FIGURES) == tmp_path / name
    assert (tmp_path / name).read_text() == after
    assert read_config(tmp_path).words("addopts")[-4:] == WORDS


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_second_write_replaces_the_first(case: str, tmp_path: Path) -> None:
    name, before, after = CASES[case]
    path = tmp_path / name
    path.write_text(before)
    write_winners(tmp_path, ["-n", "4"], "2026-11-29", "1.2x")
    # -n 2 after the earlier -n 4: the earlier value goes (the last one counts).
    write_winners(tmp_path, WORDS, "2026-11-30", FIGURES)
    assert path.read_text() == after
    write_winners(tmp_path, WORDS, "2026-11-30", FIGURES)
    assert path.read_text() == after


def test_crlf_and_the_rest_of_the_file_keep_their_bytes(tmp_path: Path) -> None:
    before = b"[pytest]\r\naddopts = -ra\r\n# keep me  \r\nmarkers = slow\r\n"
    (tmp_path / "pytest.ini").write_bytes(before)
    write_winners(tmp_path, ["-n", "2"], "2026-11-30", "1.5x")
    written = (tmp_path / "pytest.ini").read_bytes()
    assert written == (
        b"[pytest]\r\n# pytest-tuneup tune 2026-11-30: -n 2 [1.5x]\r\n"
        b"addopts = -ra\r\n    -n 2\r\n# keep me  \r\nmarkers = slow\r\n"
    )


def test_a_multiline_string_is_refused_and_left_alone(tmp_path: Path) -> None:
    before = '[tool.pytest.ini_options]\naddopts = """\n-ra\n"""\n'
    (tmp_path / "pyproject.toml").write_text(before)
    with pytest.raises(ConfigEditError, match="by hand"):
        write_winners(tmp_path, WORDS, "2026-11-30", FIGURES)
    assert (tmp_path / "pyproject.toml").read_text() == before
    assert not list(tmp_path.glob(".*tuneup-tune"))


def test_no_configuration_file_is_one_readable_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigEditError, match="no pytest configuration file"):
        write_winners(tmp_path, WORDS, "2026-11-30", FIGURES)


def test_a_second_tune_keeps_what_the_first_wrote_and_its_runs_measured(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pytest.ini"
    path.write_text("[pytest]\naddopts = -ra\n")
    write_winners(tmp_path, ["-n", "2", "-p", "no:socket"], "2026-11-29", "1.3x")
    # The second tune measured today's addopts (with those words) plus its own.
    write_winners(tmp_path, ["-n", "4", "--dist", "loadscope"], "2026-11-30", "1.1x")
    assert path.read_text() == (
        "[pytest]\n# pytest-tuneup tune 2026-11-30: -p no:socket -n 4 --dist loadscope "
        "[1.1x]\naddopts = -ra\n    -p no:socket -n 4 --dist loadscope\n"
    )
