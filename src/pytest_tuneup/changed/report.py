"""pytest plugin for ``make test-changed``: one line with the number of tests selected.

Loaded with ``-p pytest_tuneup.changed.report`` by the command only. Under xdist the
controller collects nothing itself: the first worker's collection gives the count.
"""

from __future__ import annotations

from typing import Any

import pytest

PRINTED = pytest.StashKey[bool]()


def line(count: int) -> str:
    return f"test-changed: {count} test{'s' if count != 1 else ''} selected"


def pytest_report_collectionfinish(
    config: pytest.Config, items: list[pytest.Item]
) -> str:
    return line(len(items))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    config: pytest.Config = node.config
    if config.stash.get(PRINTED, False):
        return
    config.stash[PRINTED] = True
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line(len(ids)))
