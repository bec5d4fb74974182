"""The API and the test share one session: each sees what the other wrote."""

from sqlalchemy import func, select

from tickets.models import Comment, Ticket


async def test_a_ticket_written_through_db_session_is_served_by_the_api(client, db_session):
    db_session.add(Ticket(subject="VPN drops every hour", customer="Jen", priority="high"))
    await db_session.flush()  # not even committed: the request runs on this very session

    response = await client.get("/tickets")

    assert response.status_code == 200
    assert [(t["subject"], t["priority"]) for t in response.json()] == [
        ("VPN drops every hour", "high")
    ]


async def test_a_ticket_opened_through_the_api_is_in_db_session(client, db_session, outbox):
    response = await client.post("/tickets", json={"subject": "Cannot log in", "customer": "Roy"})

    assert response.status_code == 201
    stored = await db_session.scalar(select(Ticket).where(Ticket.subject == "Cannot log in"))
    assert stored is not None
    assert (stored.id, stored.customer, stored.closed) == (response.json()["id"], "Roy", False)
    assert outbox == [f"New ticket #{stored.id}: Cannot log in"]


async def test_comments_posted_through_the_api_are_rows(client, db_session, ticket):
    for author, body in [("Roy", "Have you tried turning it off and on again?"), ("Moss", "Yes")]:
        response = await client.post(
            f"/tickets/{ticket.id}/comments", json={"author": author, "body": body}
        )
        assert response.status_code == 201

    assert [c["author"] for c in response.json()["comments"]] == ["Roy", "Moss"]
    authors = await db_session.scalars(select(Comment.author).order_by(Comment.id))
    assert authors.all() == ["Roy", "Moss"]


async def test_closing_a_ticket_takes_it_off_the_open_list(client, ticket):
    response = await client.post(f"/tickets/{ticket.id}/close")

    assert response.json()["closed"] is True
    assert (await client.get("/tickets")).json() == []
    assert [t["subject"] for t in (await client.get("/tickets?closed=true")).json()] == [
        "Printer on fire"
    ]


async def test_a_closed_ticket_takes_no_comments(client, db_session, ticket):
    ticket.closed = True
    await db_session.commit()

    response = await client.post(f"/tickets/{ticket.id}/comments", json={"author": "Jen", "body": "?"})

    assert response.status_code == 409


async def test_a_duplicate_subject_is_a_conflict_and_the_session_keeps_working(
    client, db_session, ticket, outbox
):
    response = await client.post("/tickets", json={"subject": ticket.subject, "customer": "Jen"})

    assert response.status_code == 409
    assert outbox == []
    # The handler rolled back its own work; what the test committed before is still there.
    assert (await client.get("/tickets/count")).json() == {"open": 1}
    assert await db_session.scalar(select(func.count()).select_from(Ticket)) == 1


async def test_an_unknown_ticket_is_not_found(client):
    response = await client.get("/tickets/4711")

    assert response.status_code == 404
    assert response.json() == {"detail": "no ticket 4711"}


async def test_a_bad_ticket_is_refused_before_touching_the_database(client, db_session):
    response = await client.post("/tickets", json={"subject": "?", "customer": ""})

    assert response.status_code == 422
    assert await db_session.scalar(select(func.count()).select_from(Ticket)) == 0
