"""The probe trusts a fingerprint only from models imported from the folder probed."""

from __future__ import annotations

from pathlib import Path

from pytest_tuneup.changed import graph
from pytest_tuneup.changed.schema_probe import from_here


def test_a_module_of_the_probed_folder_counts() -> None:
    here = Path(graph.__file__).parent
    assert from_here("pytest_tuneup.changed.graph:Graph", here)


def test_a_module_imported_from_elsewhere_does_not(tmp_path: Path) -> None:
    assert not from_here("pytest_tuneup.changed.graph:Graph", tmp_path)


def test_a_module_not_imported_does_not(tmp_path: Path) -> None:
    assert not from_here("no_such_module_anywhere:Base", tmp_path)
