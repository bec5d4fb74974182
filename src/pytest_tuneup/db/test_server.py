"""Unit tests for the kept server's command (server.py) that start no server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_tuneup.db import server


def programs_folder(root: Path, version: str, *names: str) -> None:
    folder = root / version / "bin"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("#!/bin/sh\n")
        (folder / name).chmod(0o755)


def test_the_newest_version_with_both_programs_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programs_folder(tmp_path, "9", "pg_ctl", "initdb")
    programs_folder(tmp_path, "15", "pg_ctl", "initdb")
    programs_folder(tmp_path, "16", "pg_ctl")  # a client-only install: no initdb
    monkeypatch.setattr(server, "SERVER_PROGRAMS", str(tmp_path / "*" / "bin"))
    assert server.newest_installed() == tmp_path / "15" / "bin"


def test_a_folder_up_did_not_make_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / server.FOLDER
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(server.Refused, match="holds no server pytest-tuneup started"):
        server.up(folder)
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_down_without_a_server_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / server.FOLDER
    assert server.main(["down", "--folder", str(folder)]) == 0
    assert capsys.readouterr().out == f"no kept PostgreSQL server in {folder}\n"


def test_url_without_a_server_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / server.FOLDER
    assert server.main(["url", "--folder", str(folder)]) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert (
        said.err
        == f"pytest-tuneup: url: no kept PostgreSQL server running in {folder}\n"
    )


def test_stopped_tells_a_running_process_from_one_that_exited() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    assert server.stopped(child.pid)
    assert not server.stopped(os.getpid())


def test_a_server_whose_data_is_gone_is_refused_then_down_cleans_up(
    tmp_path: Path,
) -> None:
    """/tmp wiped by a reboot (root's data lives there): up says what to do."""
    folder = tmp_path / server.FOLDER
    folder.mkdir()
    state = {
        "bin": str(tmp_path / "uninstalled"),
        "data": str(tmp_path / "wiped" / "data"),
        "home": str(folder),
        "port": 9,
        "database": server.DATABASE,
    }
    (folder / server.STATE_FILE).write_text(json.dumps(state))
    with pytest.raises(server.Refused, match="is gone: run make db-down, then"):
        server.up(folder)
    assert server.down(folder)
    assert not folder.exists()
