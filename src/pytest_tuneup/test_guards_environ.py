"""The environment guard's change check on os.environ's encoded store."""

from __future__ import annotations

import os

import pytest

from .guards import CURRENT_TEST_ENV, ENVIRON_STORE, _environ_untouched


def test_pytests_own_variable_is_not_a_change(monkeypatch: pytest.MonkeyPatch) -> None:
    before = dict(ENVIRON_STORE)
    monkeypatch.setenv(CURRENT_TEST_ENV, "tests/test_x.py::test_y (teardown)")
    assert _environ_untouched(before)


@pytest.mark.parametrize("change", ["added", "changed", "removed"])
def test_a_variable_the_test_touched_is_a_change(
    monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("TUNEUP_GUARD_PROBE", "before")
    before = dict(ENVIRON_STORE)
    if change == "added":
        monkeypatch.setenv("TUNEUP_GUARD_OTHER", "new")
    elif change == "changed":
        monkeypatch.setenv("TUNEUP_GUARD_PROBE", "after")
    else:
        monkeypatch.delenv("TUNEUP_GUARD_PROBE")
    assert not _environ_untouched(before)


def test_the_store_is_os_environs_own() -> None:
    """CPython: the encoded store, so a change through os.environ shows in it."""
    os.environ["TUNEUP_GUARD_SEEN"] = "1"
    try:
        assert ENVIRON_STORE is not os.environ
        assert len(ENVIRON_STORE) == len(os.environ)
    finally:
        del os.environ["TUNEUP_GUARD_SEEN"]
