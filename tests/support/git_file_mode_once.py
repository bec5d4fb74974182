"""Ask git for ``core.fileMode`` once per copier worker, for our own test runs.

copier 9 asks git for the destination's ``core.fileMode`` before every file it writes
(``Worker._sync_git_index_executable_bit``: one ``git config`` subprocess each) and does
nothing more unless the answer is ``false``. The vendored package makes that 83 git
subprocesses per copy, about 0.45 s of a 1.0 s in-process copy of db_sync. Our suite makes
a few hundred copies and updates, so it asks once per worker (one copy, or one side of an
update) and, when the answer is ``false``, leaves every file to copier's own method.

The setting cannot change while a worker renders: copier's tasks, which could change
it, run after the files are written. What copier writes, and the destination's git
index, stay the same (tests/test_copier_speedups.py compares a copy made with and without
this, with ``core.fileMode`` unset and ``false``).

A user's ``copier copy`` does not get this: it is about our suite's time, not the product.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copier._main import Worker
from copier._vcs import get_git
from plumbum import ProcessExecutionError

_ORIGINAL = Worker._sync_git_index_executable_bit
#: id(worker) -> (the worker, whether copier's own method has work to do). Workers are
#: unhashable dataclasses: the weak reference tells a reused id from the same worker.
_ASKED: dict[int, tuple[weakref.ref[Worker], bool]] = {}


def _file_mode_is_false(worker: Worker) -> bool:
    # The question copier asks, asked the same way (``--type=bool``: any spelling of
    # false is "false"; an unset key or no repository exits non-zero, "nothing to do").
    git = get_git(context_dir=worker.subproject.local_abspath)
    try:
        return str(git("config", "--type=bool", "--get", "core.fileMode")).strip() == "false"
    except ProcessExecutionError:
        return False


def _sync_once(self: Worker, dst_relpath: Path, src_mode: int) -> None:
    asked = _ASKED.get(id(self))
    if asked is None or asked[0]() is not self:
        asked = _ASKED[id(self)] = (weakref.ref(self), _file_mode_is_false(self))
    if asked[1]:
        _ORIGINAL(self, dst_relpath, src_mode)


def install() -> None:
    """From now on, each copier worker of this process asks git once."""
    Worker._sync_git_index_executable_bit = _sync_once  # type: ignore[method-assign]


@contextlib.contextmanager
def uninstalled() -> Iterator[None]:
    """copier's own method for the duration: the reference for the comparison."""
    current: Any = Worker._sync_git_index_executable_bit
    Worker._sync_git_index_executable_bit = _ORIGINAL  # type: ignore[method-assign]
    try:
        yield
    finally:
        Worker._sync_git_index_executable_bit = current  # type: ignore[method-assign]
