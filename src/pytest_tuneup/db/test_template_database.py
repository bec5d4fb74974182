"""Unit tests for the template database's rules: test names, groups, binds, guard.

Real SQLAlchemy on real in-memory SQLite databases; no mocks.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    func,
    insert,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from pytest_tuneup.db.schema import TEST_NAME, split


@pytest.mark.parametrize(
    "name", ["shop_test", "test_shop", "shop-tests", "tests", "shop.test", "TEST_db"]
)
def test_a_name_with_test_as_a_word_marks_a_test_database(name: str) -> None:
    assert TEST_NAME.search(name)


@pytest.mark.parametrize(
    "name", ["latest_prod", "contest", "prod", "testing", "attest", "shop_tested", ""]
)
def test_test_inside_another_word_does_not(name: str) -> None:
    assert not TEST_NAME.search(name)


def tables(*names: str) -> MetaData:
    metadata = MetaData()
    for name in names:
        Table(name, metadata, Column("id", Integer, primary_key=True))
    return metadata


def test_entries_without_clashing_names_share_one_group() -> None:
    first, second = tables("user", "order"), tables("invoice")
    assert split([first, second]) == [[first, second]]


def test_a_clash_opens_a_group_and_later_entries_take_the_first_that_fits() -> None:
    billing, crm = tables("settings"), tables("settings", "note")
    hr = tables("settings")
    support, search = tables("note", "ticket"), tables("search_index")
    found = split([billing, crm, hr, support, search])
    assert found == [[billing, support, search], [crm], [hr]]


class Appointments(DeclarativeBase):
    pass


class Staff(Appointments):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40))


class Registry(DeclarativeBase):
    pass


class PortalUser(Registry):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(80))


def test_table_binds_route_orm_and_core_statements_to_each_tables_database() -> None:
    """What db_session relies on: Session(binds={Table: connection}) picks the bind
    by table for ORM flushes, ORM selects and Core statements alike."""
    engines = [create_engine("sqlite://"), create_engine("sqlite://")]
    Appointments.metadata.create_all(engines[0])
    Registry.metadata.create_all(engines[1])
    with engines[0].connect() as first, engines[1].connect() as second:
        staff = Appointments.metadata.tables["user"]
        portal = Registry.metadata.tables["user"]
        binds: dict[Any, Any] = {staff: first, portal: second}
        with Session(binds=binds) as session:
            session.add_all([Staff(login="dr.jenner"), PortalUser(email="a@b.example")])
            session.flush()
            session.execute(insert(portal).values(email="c@d.example"))
            counts = [
                session.scalar(select(func.count()).select_from(Staff)),
                session.scalar(select(func.count()).select_from(portal)),
            ]
        assert counts == [1, 2]
        chosen = [session.get_bind(Staff), session.get_bind(PortalUser)]
        assert chosen == [first, second]


def test_the_migration_guard_tells_databases_apart() -> None:
    from pytest_tuneup.db.migrations import identity_of_arguments, identity_of_url

    ours = identity_of_url(make_url("postgresql+psycopg://u@127.0.0.1:5433/shop_test"))
    same = {"host": "localhost", "port": 5433, "dbname": "shop_test", "user": "x"}
    assert identity_of_arguments([], same) == ours
    for other in ({**same, "dbname": "shop_dev"}, {**same, "port": 5432}):
        assert identity_of_arguments([], other) != ours
    asyncpg = {"host": "127.0.0.1", "port": 5433, "database": "shop_test"}
    assert identity_of_arguments([], asyncpg) == ours
    sqlite = identity_of_url(make_url("sqlite:////tmp/x/test_main.sqlite3"))
    assert identity_of_arguments(["/tmp/x/test_main.sqlite3"], {}) == sqlite
    assert identity_of_arguments(["/tmp/x/dev.sqlite3"], {}) != sqlite


def test_every_shape_with_a_metadata_counts_as_models() -> None:
    from pytest_tuneup.db.models import metadata_of

    metadata = tables("user")
    assert metadata_of(metadata) is metadata
    assert metadata_of(Appointments) is Appointments.metadata
    assert metadata_of(Staff) is Appointments.metadata
    assert metadata_of({"metadata": metadata}) is None
    assert metadata_of(create_engine) is None


def test_sqlmodel_and_a_flask_sqlalchemy_db_count_as_models() -> None:
    from pytest_tuneup.db.models import metadata_of

    sqlmodel = pytest.importorskip("sqlmodel")
    flask_sqlalchemy = pytest.importorskip("flask_sqlalchemy")
    assert metadata_of(sqlmodel.SQLModel) is sqlmodel.SQLModel.metadata
    db = flask_sqlalchemy.SQLAlchemy()
    assert metadata_of(db) is db.metadata
