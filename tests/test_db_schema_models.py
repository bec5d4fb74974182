"""A wrong ``models`` entry stops the run at session start: one line, exit code 4,
nothing cached, no database touched. Right ones in every shape load, once.

The shapes run against db_sync (SQLite and PostgreSQL) through ``-o tuneup_models=...``,
with a module of wrong and right answers added to the rendered project; models
defined in tests/conftest.py run in db_conftest_models.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from db_projects import (
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
from tuneup_testing import commit_all, postgresql_url, write_files

pytestmark = pytest.mark.slow

ANSWERS = '''"""Answers a team might give for ``models``, right and wrong."""

from pathlib import Path

from sqlalchemy import MetaData

registry = {"authors": "library.models"}
empty = MetaData()
calls = Path(__file__).with_name("factory_calls.txt")


def create_app():
    """An app factory: registers the models, returns their MetaData. Counts its calls."""
    with calls.open("a") as log:
        log.write("called\\n")
    from library.models import Base

    return Base.metadata


def broken_factory():
    raise RuntimeError("SECRET_KEY is not set")


def returns_nothing():
    return None
'''

BROKEN_MODULE = "raise ImportError(\"cannot import name 'Settings' from 'library.config'\")\n"

FIX = "fix the models answer (copier update --data models=...) or tuneup_models"
WRONG = {
    "no-module": ("library.modles:Base", "module 'library.modles' does not import: ModuleNotFoundError"),
    "module-fails": ("library.broken:Base", "module 'library.broken' does not import: ImportError: cannot import"),
    "no-attribute": ("library.models:Bsae", "library.models has no attribute 'Bsae'"),
    "dotted-attribute": ("library.models:Base.metadata.tabels", "library.models:Base.metadata has no attribute"),
    "not-models": ("library.answers:registry", "is a builtins.dict, not a MetaData, a declarative Base"),
    "zero-tables": ("library.answers:empty", "has no tables: nothing imported the modules that define them"),
    "factory-fails": ("library.answers:broken_factory", "calling it failed: RuntimeError: SECRET_KEY is not set"),
    "factory-returns-none": ("library.answers:returns_nothing", "calling it returned a builtins.NoneType"),
}


@pytest.fixture(scope="module")
def library(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = render(template, tmp_path_factory.mktemp("models"), "db_sync", models="library.models:Base")
    write_files(project / "src" / "library", {"answers.py": ANSWERS, "broken.py": BROKEN_MODULE})
    commit_all(project, "answers to try")
    return project


@pytest.fixture(scope="module")
def conftest_models(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(template, tmp_path_factory.mktemp("models"), "db_conftest_models", models="tests.conftest:Base")


def nothing_built(project: Path, database: str) -> None:
    if database == "sqlite":
        assert not cached_schemas(project)
    else:
        assert not databases_named(postgresql_url().rsplit("/", 1)[1] + "_%"), "no database was created"


def start_clean(project: Path, database: str) -> None:
    shutil.rmtree(project / ".pytest_cache", ignore_errors=True)
    if database == "postgresql" and postgresql_url():
        drop_databases(postgresql_url().rsplit("/", 1)[1] + "_%")


@pytest.mark.parametrize("database", DATABASES)
@pytest.mark.parametrize("shape", list(WRONG))
def test_a_wrong_models_entry_is_one_line_and_exit_4(library: Path, shape: str, database: str) -> None:
    entry, reason = WRONG[shape]
    start_clean(library, database)
    result = run(library, database, "-o", f"tuneup_models={entry}")
    one_line_and_exit_4(result, f"ERROR: pytest-tuneup: tuneup_models {entry!r}: {reason}")
    assert FIX in result.stderr
    nothing_built(library, database)


@pytest.mark.parametrize("database", DATABASES)
def test_a_factory_is_called_once_and_dotted_paths_walk_every_dot(library: Path, database: str) -> None:
    start_clean(library, database)
    (library / "src" / "library" / "factory_calls.txt").unlink(missing_ok=True)
    for entry in ("library.answers:create_app", "library:models.Base.metadata"):
        passes(run(library, database, "-p", "no:randomly", "-o", f"tuneup_models={entry}"), 42)
    calls = (library / "src" / "library" / "factory_calls.txt").read_text()
    assert calls == "called\n", "the factory runs once per run, not per test"


def test_models_in_tests_conftest_resolve_to_the_module_pytest_imported(conftest_models: Path) -> None:
    """Under importlib (pytest names it tests.conftest) and prepend (conftest) alike."""
    for database in DATABASES:
        isolated_shuffled_and_on_two_workers(conftest_models, database, 6)
        passes(run(conftest_models, database, "--import-mode=prepend", "-p", "no:randomly"), 6)


def test_a_conftest_entry_pytest_did_not_import_names_the_module_pytest_gave_it(conftest_models: Path) -> None:
    result = run(conftest_models, "sqlite", "-p", "no:cacheprovider", "-o", "tuneup_models=conftest:Base")
    one_line_and_exit_4(
        result,
        "pytest-tuneup: tuneup_models 'conftest:Base': pytest imported no conftest module named 'conftest'"
        " (it named its conftest modules 'tests.conftest' at start)",
    )


@pytest.mark.parametrize("database", DATABASES)
def test_the_conftest_suite_catches_fixtures_that_commit(conftest_models: Path, database: str) -> None:
    sabotage_rollback(conftest_models)
    try:
        leaky = run(conftest_models, database, "-p", "randomly", "--randomly-seed=3")
    finally:
        restore(conftest_models, "tests/tuneup")
    assert leaky.returncode == 1, leaky.stdout + leaky.stderr
