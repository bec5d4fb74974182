"""The fixtures underneath the services: the engine and the raw connection."""

from sqlalchemy import insert, inspect, select, text

from library.models import Author
from library.services import add_author, add_book, lend_book


def test_engine_has_the_library_tables(db_engine):
    tables = set(inspect(db_engine).get_table_names())

    assert {"authors", "books", "loans"} <= tables


def test_raw_sql_on_the_connection(db_connection):
    db_connection.execute(
        text("INSERT INTO authors (name) VALUES (:name)"),
        [{"name": "Italo Calvino"}, {"name": "Jorge Luis Borges"}],
    )

    rows = db_connection.execute(text("SELECT name FROM authors ORDER BY name")).all()

    assert [row.name for row in rows] == ["Italo Calvino", "Jorge Luis Borges"]


def test_core_insert_on_the_connection_is_seen_by_the_session(db_connection, db_session):
    db_connection.execute(insert(Author), [{"name": "Stanisław Lem"}, {"name": "Karel Čapek"}])

    names = db_session.scalars(select(Author.name).order_by(Author.name)).all()

    assert names == ["Karel Čapek", "Stanisław Lem"]


def test_service_commits_are_visible_on_the_connection(db_session, db_connection):
    author = add_author(db_session, "Gene Wolfe")
    book = add_book(db_session, author, "The Shadow of the Torturer", "978-0-13-235088-4", 1980)
    lend_book(db_session, book, "Severian")

    borrowers = (
        db_connection.execute(
            text("SELECT borrower FROM loans WHERE returned = :returned"), {"returned": False}
        )
        .scalars()
        .all()
    )

    assert borrowers == ["Severian"]
