"""make test-changed on a generated project: only the tests a change affects run, the
whole suite when a change reaches every test, and a breakage is always selected.

tests/projects/changed_shop: services (stock, prices, orders on prices), models, a
conftest and a test helper; 12 tests in 4 modules. One copy of its render is shared
by the module's tests, each put back to the adopted commit first.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tuneup_testing import Renders, database_env, git, run_make

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("test_changed")]

ANSWERS = {
    "database": "sqlite",
    "db_api": "sync",
    "models": "shop.models:Base",
    "coverage": False,
    "parallel": True,
}
SUITE = 12
STOCK = "src/shop/services/stock.py"
MODELS = "src/shop/models.py"
CONFTEST = "tests/conftest.py"


@pytest.fixture(scope="module")
def shop(renders: Renders, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("changed") / "changed_shop"
    return renders.copy("changed_shop", ANSWERS, folder, commit="adopt pytest-tuneup")


@pytest.fixture
def project(shop: Path) -> Path:
    """The shared copy, back at the adopted commit (ignored files, caches, kept)."""
    git(shop, "checkout", "-q", "--", ".")
    git(shop, "clean", "-fdq")
    return shop


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text()
    assert text.count(old) == 1, f"{old!r} in {path}"
    file.write_text(text.replace(old, new))


def changed(project: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    # WORKERS empty: no xdist for 12 tests unless a test asks for it.
    return run_make(project, "test-changed", "WORKERS=", *variables, env=database_env("sqlite"))


def selected(result: subprocess.CompletedProcess[str]) -> int:
    found = re.findall(r"test-changed: (\d+) tests? selected", result.stdout)
    assert len(found) == 1, result.stdout + result.stderr
    return int(found[0])


def test_a_service_change_runs_only_the_tests_that_import_it_on_workers(
    project: Path,
) -> None:
    edit(project, STOCK, "    product.stock += quantity\n", "    product.stock = product.stock + quantity\n")
    result = changed(project, "WORKERS=2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"test-changed: {STOCK} -> tests/test_stock.py\n" in result.stdout
    assert selected(result) == 2
    assert "2 workers [2 items]" in result.stdout
    assert re.search(r"\b2 passed\b", result.stdout)


def test_a_shared_service_selects_its_importers_transitively(project: Path) -> None:
    """orders imports prices: a change to prices runs test_prices and test_orders."""
    edit(project, "src/shop/services/prices.py", "VAT_PERCENT = 20\n", "VAT_PERCENT = 10 * 2\n")
    result = changed(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "-> tests/test_orders.py, tests/test_prices.py\n" in result.stdout
    assert selected(result) == 9


@pytest.mark.parametrize(
    ("path", "old", "new", "reason"),
    [
        (MODELS, "String(200)", "String(250)", "feeds the test database's schema, whose fingerprint changed"),
        (CONFTEST, '"""Fixtures', '"""The fixtures', "is a conftest"),
    ],
    ids=["model", "conftest"],
)
def test_a_model_or_conftest_change_runs_the_whole_suite(
    project: Path, path: str, old: str, new: str, reason: str
) -> None:
    edit(project, path, old, new)
    result = changed(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the whole suite, because:" in result.stdout
    assert f"  - {path} {reason}" in result.stdout
    assert selected(result) == SUITE


def test_a_model_change_that_keeps_the_schema_is_left_to_the_import_graph(project: Path) -> None:
    """A docstring: the same fingerprint; the conftest imports the models, so every test
    still runs, through the graph and not the schema rule."""
    edit(project, MODELS, '"""Database models', '"""The database models')
    result = changed(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"the schema's fingerprint is unchanged by {MODELS}" in result.stdout
    assert "the whole suite" not in result.stdout
    assert selected(result) == SUITE


def test_no_change_runs_nothing(project: Path) -> None:
    result = changed(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no change against HEAD: nothing to run" in result.stdout
    assert "selected" not in result.stdout


BREAKAGES = {
    "service": (STOCK, "+= quantity\n", "+= quantity + 1\n", "test_receiving_adds_to_the_stock"),
    "model": (MODELS, "mapped_column(default=0)", "mapped_column(default=1)", "test_a_product_starts_with_no_stock"),
    "conftest": (CONFTEST, "stock=5", "stock=4", "test_an_order_takes_stock"),
    "helper": ("tests/helpers.py", "* 120 // 100", "* 121 // 100", "test_an_order_charges_vat"),
    "config": ("pyproject.toml", '    "default",\n', '    "error",\n', "test_the_legacy_rate_without_the_check"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_every_deliberate_breakage_is_selected_and_fails(project: Path, breakage: str) -> None:
    path, old, new, failing = BREAKAGES[breakage]
    edit(project, path, old, new)
    result = changed(project)
    # make exits 2 when its recipe fails; the recipe's own status 1 is pytest's "tests failed".
    assert "test-changed] Error 1" in result.stderr, result.stdout + result.stderr
    assert re.search(rf"FAILED \S+::{failing}\b", result.stdout), result.stdout
