"""Our suite keeps copier's compiled Jinja strings (tests/support/jinja_compile_cache.py):
a copy made with it must be the copy copier makes without it, byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja_compile_cache
import pytest
from tuneup_testing import copy_template, make_project, tree

ANSWER_SETS: list[dict[str, Any]] = [
    {},
    {"framework": "fastapi", "database": "postgresql", "db_api": "async", "ci": "github", "mock_targets": "shop.mail"},
    {"database": "sqlite", "plugin_source": "installed", "ci": "gitlab"},
]


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=["defaults", "fastapi-pg-async", "installed"])
def test_a_copy_with_the_cache_is_the_copy_without_it(template: Path, tmp_path: Path, answers: dict[str, Any]) -> None:
    cached = make_project("db_sync", tmp_path / "cached" / "shop")
    jinja_compile_cache._COMPILED.clear()
    copy_template(template, cached, answers, skip_tasks=True)
    # The cache was in use: otherwise this compares copier with itself.
    assert sum(len(strings) for strings in jinja_compile_cache._COMPILED.values()) > 0

    plain = make_project("db_sync", tmp_path / "plain" / "shop")
    with jinja_compile_cache.uninstalled():
        copy_template(template, plain, answers, skip_tasks=True)

    assert tree(cached) == tree(plain)
