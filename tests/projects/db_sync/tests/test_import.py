"""``import_catalogue`` calls ``session.rollback()`` itself when an import is
bad; the test keeps using the same session afterwards."""

import pytest

from library.services import (
    CatalogueEntry,
    DuplicateIsbn,
    InvalidIsbn,
    add_author,
    books_by,
    catalogue_size,
    find_author,
    import_catalogue,
)

FRANKENSTEIN = CatalogueEntry("Frankenstein", "978-0-14-303943-3", 1818)
THE_LAST_MAN = CatalogueEntry("The Last Man", "978-0-201-63361-0", 1826)
MISPRINTED = CatalogueEntry("Mathilda", "978-0-201-63361-1", 1959)


def test_import_catalogue_adds_the_author_and_books(db_session):
    author = import_catalogue(db_session, "Mary Shelley", [FRANKENSTEIN, THE_LAST_MAN])

    assert author.id is not None
    assert [b.title for b in books_by(db_session, "Mary Shelley")] == [
        "Frankenstein",
        "The Last Man",
    ]


def test_bad_isbn_rolls_back_the_whole_import_and_the_session_keeps_working(db_session):
    ada = add_author(db_session, "Ada Lovelace")

    with pytest.raises(InvalidIsbn):
        import_catalogue(db_session, "Mary Shelley", [FRANKENSTEIN, MISPRINTED])

    # Nothing of the failed import is left ...
    assert find_author(db_session, "Mary Shelley") is None
    assert catalogue_size(db_session) == 0
    # ... but what was committed before it is.
    assert find_author(db_session, "Ada Lovelace") is ada

    import_catalogue(db_session, "Mary Shelley", [FRANKENSTEIN, THE_LAST_MAN])
    assert catalogue_size(db_session) == 2


def test_duplicate_isbn_rolls_back_the_import(db_session):
    import_catalogue(db_session, "Mary Shelley", [FRANKENSTEIN])

    with pytest.raises(DuplicateIsbn):
        import_catalogue(db_session, "Percy Bysshe Shelley", [THE_LAST_MAN, FRANKENSTEIN])

    assert find_author(db_session, "Percy Bysshe Shelley") is None
    assert [b.title for b in books_by(db_session, "Mary Shelley")] == ["Frankenstein"]
    assert catalogue_size(db_session) == 1


def test_failed_import_for_an_existing_author_keeps_the_author(db_session):
    shelley = add_author(db_session, "Mary Shelley")

    with pytest.raises(InvalidIsbn):
        import_catalogue(db_session, "Mary Shelley", [MISPRINTED])

    assert find_author(db_session, "Mary Shelley") is shelley
    assert shelley.books == []
