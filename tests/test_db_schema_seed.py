"""Seed data (``tuneup_seed``): rows built once into the template, every test starts
from them and is rolled back to them; a change to the seed code builds them again.

db_seed's tests each need the demo catalogue (1,000 products) and a customer; some
delete or change them, and the others check they are whole, in any order and on two
workers. How much cheaper than a fixture that inserts them: benchmarks/db_seed.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from db_projects import (
    BUILT,
    DATABASES,
    cached_schemas,
    databases_named,
    drop_databases,
    isolated_shuffled_and_on_two_workers,
    one_line_and_exit_4,
    passes,
    render,
    restore,
    run,
    sabotage_rollback,
)
from tuneup_testing import postgresql_url

pytestmark = pytest.mark.slow

SEED = ("-o", "tuneup_seed=storefront.demo:seed")
TESTS = 69


@pytest.fixture(scope="module")
def storefront(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(template, tmp_path_factory.mktemp("seed"), "db_seed", models="storefront.models:Base")


def edit_seed(project: Path, old: str, new: str) -> None:
    demo = project / "src" / "storefront" / "demo.py"
    text = demo.read_text()
    assert old in text
    demo.write_text(text.replace(old, new))


def start_clean(project: Path, database: str) -> None:
    restore(project, ".")
    shutil.rmtree(project / ".pytest_cache", ignore_errors=True)
    if database == "postgresql" and postgresql_url():
        drop_databases(postgresql_url().rsplit("/", 1)[1] + "_%")


@pytest.mark.parametrize("database", DATABASES)
def test_seeded_rows_start_every_test_whatever_the_others_did(storefront: Path, database: str) -> None:
    start_clean(storefront, database)
    isolated_shuffled_and_on_two_workers(storefront, database, TESTS, *SEED)


@pytest.mark.parametrize("database", DATABASES)
def test_a_change_to_the_seed_code_builds_the_template_again(storefront: Path, database: str) -> None:
    start_clean(storefront, database)
    first = run(storefront, database, "-p", "no:randomly", *SEED)
    passes(first, TESTS)
    assert BUILT in first.stdout
    again = run(storefront, database, "-p", "no:randomly", *SEED)
    passes(again, TESTS)
    assert BUILT not in again.stdout, "unchanged seed code reuses the template"

    edit_seed(storefront, '"""The demo data', '"""The demo data (now with a changed docstring)')
    changed = run(storefront, database, "-p", "no:randomly", *SEED)
    passes(changed, TESTS)
    assert BUILT in changed.stdout, "a change to the seed's source file rebuilds the template"


@pytest.mark.parametrize("database", DATABASES)
def test_a_failing_seed_is_one_line_and_nothing_is_kept(storefront: Path, database: str) -> None:
    start_clean(storefront, database)
    # The customer twice: its unique email fails the seed's commit.
    twice = "    session.add(Customer(email=EMAIL, password_hash='x'))\n"
    edit_seed(storefront, "def seed(session: Session) -> None:\n", f"def seed(session: Session) -> None:\n{twice}")
    result = run(storefront, database, *SEED)
    restore(storefront, ".")
    one_line_and_exit_4(
        result, "pytest-tuneup: tuneup_seed 'storefront.demo:seed': failed on the template database, which is not kept:"
    )
    assert "IntegrityError" in result.stdout
    if database == "sqlite":
        assert not [name for name in cached_schemas(storefront) if name.endswith(".sqlite3")]
    else:
        assert not databases_named(postgresql_url().rsplit("/", 1)[1] + "_%"), "no template is kept"


def test_a_wrong_seed_entry_stops_at_start(storefront: Path) -> None:
    result = run(storefront, "sqlite", "-p", "no:cacheprovider", "-o", "tuneup_seed=storefront.demo:sede")
    one_line_and_exit_4(
        result, "ERROR: pytest-tuneup: tuneup_seed 'storefront.demo:sede': storefront.demo has no attribute 'sede'"
    )
    result = run(storefront, "sqlite", "-p", "no:cacheprovider", "-o", "tuneup_seed=storefront.demo:PRODUCTS")
    one_line_and_exit_4(result, "'storefront.demo:PRODUCTS': is a builtins.int, not a function taking a Session")


@pytest.mark.parametrize("database", DATABASES)
def test_the_seed_suite_catches_fixtures_that_commit(storefront: Path, database: str) -> None:
    start_clean(storefront, database)
    sabotage_rollback(storefront)
    try:
        leaky = run(storefront, database, "-p", "randomly", "--randomly-seed=3", *SEED)
    finally:
        restore(storefront, ".")
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
