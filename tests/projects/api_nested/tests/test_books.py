"""Routes two routers down, a websocket and a mounted app, all on the test's db_session."""

import pytest
from sqlalchemy import select

from catalog.admin import admin
from catalog.db import get_session
from catalog.main import app as catalog_app
from catalog.models import Book


def test_a_book_written_through_db_session_is_listed_two_routers_down(client, dune):
    response = client.get("/api/v1/books")

    assert response.status_code == 200
    assert response.json() == [{"isbn": "9780441013593", "title": "Dune"}]


def test_a_book_added_through_the_api_is_in_db_session(client, db_session):
    response = client.post("/api/v1/books", json={"isbn": "9780547928227", "title": "The Hobbit"})

    assert response.status_code == 201
    assert db_session.scalar(select(Book.title).where(Book.isbn == "9780547928227")) == "The Hobbit"


def test_the_websocket_counts_on_db_session(client, dune):
    with client.websocket_connect("/api/v1/books/count") as socket:
        assert socket.receive_json() == {"books": 1}


def test_the_mounted_admin_app_works_on_db_session(client, db_session, dune):
    response = client.post("/admin/books/9780441013593/hide")

    assert response.json() == {"hidden": "9780441013593"}
    db_session.refresh(dune)
    assert dune.hidden


@pytest.mark.parametrize("attempt", [1, 2])
def test_the_same_isbn_is_new_in_every_test(client, attempt):
    response = client.post("/api/v1/books", json={"isbn": "9780261103573", "title": "The Fellowship"})

    assert response.status_code == 201, f"attempt {attempt}: {response.text}"


def test_outside_a_test_with_client_no_override_is_left():
    assert get_session not in catalog_app.dependency_overrides
    assert get_session not in admin.dependency_overrides
