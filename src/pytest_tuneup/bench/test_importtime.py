"""Reading -X importtime: the project's imports, their importers, the two totals."""

from __future__ import annotations

import pytest

from pytest_tuneup.bench.importtime import parse_importtime, stdlib_names

IMPORTTIME = """\
import time: self [us] | cumulative | imported package
import time:       100 |        100 | pluggy
import time:       400 |       1500 |   _pytest.python
import time:      2000 |       2000 | _pytest
tuneup-bench: collection starts
import time:       300 |        300 |     numpy.core
import time:      5000 |       5300 |   numpy
import time:       700 |        700 |     pandas.io
import time:      9000 |      15000 |   pandas
import time:       200 |      20500 | shop.reports
import time:        50 |         50 | json
import time:       300 |        300 | pytest_tuneup.bench.probe
import time:      3000 |       3000 | requests
tuneup-bench: collection ends
import time:      1000 |       1000 | late
"""


def test_importtime_lists_the_heaviest_imports_collection_caused() -> None:
    imports = parse_importtime(IMPORTTIME, 10)
    # Before collection: level-0 lines pluggy (0.1 ms) and _pytest (2 ms).
    assert imports.startup == pytest.approx(0.0021)
    # During: shop.reports 20.5 ms, json 0.05, pytest_tuneup 0.3, requests 3 ms.
    assert imports.collection == pytest.approx(0.02385)
    # Sub-packages counted in their package's line, json (standard library), pytest's
    # and the benchmark's own imports and those after collection are left out; a
    # module is printed after what it imported.
    assert [(row.module, row.imported_by) for row in imports.top] == [
        ("shop.reports", None),
        ("pandas", "shop.reports"),
        ("numpy", "shop.reports"),
        ("requests", None),
    ]
    cumulative = [row.cumulative for row in imports.top]
    assert cumulative == pytest.approx([0.0205, 0.015, 0.0053, 0.003])
    assert imports.top[1].own == pytest.approx(0.009)
    assert len(parse_importtime(IMPORTTIME, 2).top) == 2


def test_without_marks_every_import_counts_as_collections() -> None:
    text = "import time:       100 |        250 | shop\n"
    imports = parse_importtime(text, 5)
    assert imports.startup == 0.0
    assert imports.collection == pytest.approx(0.00025)
    assert [row.module for row in imports.top] == ["shop"]


def test_stdlib_names_know_the_standard_library() -> None:
    names = stdlib_names()
    assert {"json", "os", "asyncio", "sys"} <= names
    assert "pytest" not in names
