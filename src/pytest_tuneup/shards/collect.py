"""A pytest plugin that writes the node ids pytest selected, for ``-p``.

It does nothing unless ``TUNEUP_COLLECT_OUT`` names a file; then, once collection and
every deselection (``-k``, ``-m``, pytest-split's groups) is done, it writes the
remaining node ids there, one a line. Run with ``--collect-only``: pytest-xdist then
stays out, so this is the main process's full list.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .protocol import OUT_ENV


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    out = os.environ.get(OUT_ENV)
    if out and not hasattr(session.config, "workerinput"):
        Path(out).write_text("".join(f"{item.nodeid}\n" for item in session.items))
