"""The worker's SQLite file: BEGIN taken over, the rollback journal kept in memory."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import URL, create_engine, text

from .sqlite import begin_like_a_database


def test_a_file_keeps_its_journal_in_memory_and_still_rolls_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "test_main.sqlite3"
    engine = create_engine(URL.create("sqlite", database=str(path)))
    begin_like_a_database(engine, through_aiosqlite=False)
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "memory"
            assert pragma("PRAGMA synchronous").scalar() == 0
            connection.exec_driver_sql("CREATE TABLE item (id INTEGER PRIMARY KEY)")
            connection.commit()
            outer = connection.begin()
            connection.execute(text("INSERT INTO item VALUES (1)"))
            savepoint = connection.begin_nested()
            connection.execute(text("INSERT INTO item VALUES (2)"))
            savepoint.rollback()
            assert connection.execute(text("SELECT id FROM item")).all() == [(1,)]
            # No journal file beside the database while the transaction is open.
            assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
            outer.rollback()
            assert connection.execute(text("SELECT count(*) FROM item")).scalar() == 0
    finally:
        engine.dispose()


def test_an_in_memory_database_is_left_as_it_is() -> None:
    engine = create_engine("sqlite://")
    begin_like_a_database(engine, through_aiosqlite=False)
    try:
        with engine.connect() as connection:
            # SQLite's default for a database in memory; synchronous keeps its default.
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "memory"
            assert pragma("PRAGMA synchronous").scalar() == 2
    finally:
        engine.dispose()
