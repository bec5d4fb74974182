"""The environment guard: its change check on os.environ's encoded store, and the
snapshot each test takes and puts back."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from .guards import (
    CURRENT_TEST_ENV,
    ENVIRON_BEFORE,
    ENVIRON_STORE,
    _environ_untouched,
    keep_environ,
)


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


class FakeItem:
    """What keep_environ uses of a test item: its stash and its finalizers."""

    def __init__(self) -> None:
        self.stash = pytest.Stash()
        self.finalizers: list[Callable[[], object]] = []

    def addfinalizer(self, finalizer: Callable[[], object]) -> None:
        self.finalizers.append(finalizer)


def test_the_first_call_takes_the_environment_and_the_finalizer_puts_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUNEUP_GUARD_PROBE", "before")
    monkeypatch.delenv("TUNEUP_GUARD_OTHER", raising=False)
    item = FakeItem()
    keep_environ(item)  # type: ignore[arg-type]
    os.environ["TUNEUP_GUARD_PROBE"] = "fixture"
    keep_environ(item)  # type: ignore[arg-type]  # a second fixture: no new snapshot
    os.environ["TUNEUP_GUARD_OTHER"] = "test"
    assert len(item.finalizers) == 1
    item.finalizers[0]()
    assert os.environ["TUNEUP_GUARD_PROBE"] == "before"
    assert "TUNEUP_GUARD_OTHER" not in os.environ
    assert ENVIRON_BEFORE not in item.stash, "nothing kept for the rest of the run"


def test_a_deleted_variable_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUNEUP_GUARD_PROBE", "before")
    item = FakeItem()
    keep_environ(item)  # type: ignore[arg-type]
    del os.environ["TUNEUP_GUARD_PROBE"]
    item.finalizers[0]()
    assert os.environ["TUNEUP_GUARD_PROBE"] == "before"
