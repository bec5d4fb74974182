import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from library.models import Author
from library.services import add_author, find_author


def test_add_author_commits_and_assigns_an_id(db_session):
    author = add_author(db_session, "Octavia E. Butler")

    assert author.id is not None
    assert find_author(db_session, "Octavia E. Butler") is author


def test_add_author_collapses_whitespace(db_session):
    author = add_author(db_session, "  Terry   Pratchett ")

    assert author.name == "Terry Pratchett"


@pytest.mark.parametrize("name", ["", " \t\n "])
def test_add_author_rejects_a_blank_name(db_session, name):
    with pytest.raises(ValueError, match="needs a name"):
        add_author(db_session, name)

    assert db_session.scalar(select(func.count()).select_from(Author)) == 0


def test_author_names_are_unique(db_session):
    first = add_author(db_session, "Iain M. Banks")

    with pytest.raises(IntegrityError):
        add_author(db_session, "Iain M. Banks")
    db_session.rollback()

    # The first author was committed before the failed attempt, so it survives.
    assert db_session.scalars(select(Author)).all() == [first]


def test_find_author_returns_none_for_an_unknown_name(db_session, author):
    assert find_author(db_session, "Nobody At All") is None


def test_committed_author_is_visible_on_the_shared_connection(db_session, db_connection):
    add_author(db_session, "N. K. Jemisin")

    names = db_connection.execute(select(Author.name)).scalars().all()

    assert names == ["N. K. Jemisin"]
