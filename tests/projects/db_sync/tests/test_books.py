import pytest

from library.services import InvalidIsbn, add_book, books_by, catalogue_size, normalise_isbn

WIZARD_OF_EARTHSEA = "978-0-547-77374-2"
DISPOSSESSED = "978-0-06-093546-7"


def test_add_book_stores_the_normalised_isbn(db_session, author):
    book = add_book(db_session, author, " A Wizard of Earthsea ", WIZARD_OF_EARTHSEA, 1968)

    assert book.id is not None
    assert book.isbn == "9780547773742"
    assert book.title == "A Wizard of Earthsea"


def test_add_book_links_the_author(db_session, author, book):
    db_session.expire_all()

    assert author.books == [book]
    assert book.author is author


@pytest.mark.parametrize(
    "isbn",
    ["978-0-547", "978-0-547-77374-3", "97805477737X2"],
    ids=["too-short", "bad-check-digit", "not-digits"],
)
def test_add_book_rejects_an_invalid_isbn(db_session, author, isbn):
    with pytest.raises(InvalidIsbn):
        add_book(db_session, author, "A Wizard of Earthsea", isbn)

    assert catalogue_size(db_session) == 0


def test_normalise_isbn_accepts_spaces_and_hyphens():
    assert normalise_isbn("978 0 06 093546-7") == "9780060935467"


def test_books_by_orders_by_publication_year(db_session, author, book):
    add_book(db_session, author, "The Dispossessed", DISPOSSESSED, 1974)
    add_book(db_session, author, "A Wizard of Earthsea", WIZARD_OF_EARTHSEA, 1968)

    titles = [b.title for b in books_by(db_session, "Ursula K. Le Guin")]

    assert titles == ["A Wizard of Earthsea", "The Left Hand of Darkness", "The Dispossessed"]
    assert catalogue_size(db_session) == 3
