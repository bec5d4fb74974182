"""Every module's tables, in every test, start empty; each in its own module's schema.

Each test writes the same unique labels into every table of one module: a row left
by another test would fail it with an IntegrityError or a wrong count.
"""

import importlib

import pytest
from sqlalchemy import func, insert, select

from backoffice import MODULES


def tables_of(name):
    module = importlib.import_module(f"backoffice.{name}")
    return module, list(module.Base.metadata.tables.values())


@pytest.mark.parametrize("name", MODULES)
@pytest.mark.parametrize("attempt", [1, 2])
def test_each_module_writes_its_own_tables(db_session, name, attempt):
    module, tables = tables_of(name)
    for mapper in module.Base.registry.mappers:
        db_session.add(mapper.class_(**{f"{name}_label": f"{name} #1"}))
    db_session.commit()

    for table in tables:
        assert db_session.scalar(select(func.count()).select_from(table)) == 1


@pytest.mark.parametrize("attempt", [1, 2])
def test_every_module_at_once_through_core(db_session, attempt):
    for name in MODULES:
        _, tables = tables_of(name)
        for table in tables:
            db_session.execute(insert(table).values({f"{name}_label": "same label"}))
    db_session.commit()

    for name in MODULES:
        _, tables = tables_of(name)
        for table in tables:
            assert db_session.scalar(select(func.count()).select_from(table)) == 1


def test_clashing_names_are_split_over_three_databases(db_engines, db_connections):
    assert len(db_engines) == 3
    assert len(db_connections) == 10
    assert db_connections["backoffice.billing:Base"] is db_connections["backoffice.catalog:Base"]
    assert db_connections["backoffice.crm:Base"] is not db_connections["backoffice.billing:Base"]
