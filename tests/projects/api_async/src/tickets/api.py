"""The ticket service's HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from tickets.db import SessionLocal, get_session
from tickets.escalation import Escalator
from tickets.models import Comment, Ticket
from tickets.notify import Notifier, get_notifier


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
    """Start the escalator with the application, stop it on shutdown."""
    escalator = Escalator(SessionLocal)
    escalator.start()
    try:
        yield {"escalator": escalator}
    finally:
        await escalator.stop()


app = FastAPI(title="tickets", lifespan=lifespan)

Session = Annotated[AsyncSession, Depends(get_session)]


class TicketIn(BaseModel):
    subject: str = Field(min_length=3, max_length=200)
    customer: str = Field(min_length=1, max_length=120)
    priority: str = Field(default="normal", pattern="^(low|normal|high)$")


class CommentIn(BaseModel):
    author: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1)


class CommentOut(BaseModel):
    author: str
    body: str


class TicketOut(BaseModel):
    id: int
    subject: str
    customer: str
    priority: str
    closed: bool
    comments: list[CommentOut] = []


async def load_ticket(session: AsyncSession, ticket_id: int) -> Ticket:
    ticket = await session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .options(selectinload(Ticket.comments))
        .execution_options(populate_existing=True)
    )
    if ticket is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no ticket {ticket_id}")
    return ticket


def as_out(ticket: Ticket) -> TicketOut:
    return TicketOut(
        id=ticket.id,
        subject=ticket.subject,
        customer=ticket.customer,
        priority=ticket.priority,
        closed=ticket.closed,
        comments=[CommentOut(author=c.author, body=c.body) for c in ticket.comments],
    )


@app.get("/health")
async def health(request: Request) -> dict[str, str]:
    escalator = getattr(request.state, "escalator", None)
    return {"status": "ok", "escalator": "running" if escalator and escalator.running else "off"}


@app.post("/tickets", status_code=status.HTTP_201_CREATED)
async def open_ticket(
    data: TicketIn, session: Session, notifier: Annotated[Notifier, Depends(get_notifier)]
) -> TicketOut:
    ticket = Ticket(subject=data.subject, customer=data.customer, priority=data.priority)
    session.add(ticket)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"a ticket {data.subject!r} exists") from None
    notifier.send(f"New ticket #{ticket.id}: {ticket.subject}", f"From {ticket.customer}")
    return as_out(await load_ticket(session, ticket.id))


@app.get("/tickets")
async def list_tickets(session: Session, closed: bool = False) -> list[TicketOut]:
    tickets = await session.scalars(
        select(Ticket)
        .where(Ticket.closed.is_(closed))
        .options(selectinload(Ticket.comments))
        .order_by(Ticket.id)
    )
    return [as_out(ticket) for ticket in tickets]


@app.get("/tickets/count")
async def count_tickets(session: Session) -> dict[str, int]:
    return {"open": await session.scalar(select(func.count()).where(Ticket.closed.is_(False))) or 0}


@app.get("/tickets/{ticket_id}")
async def show_ticket(ticket_id: int, session: Session) -> TicketOut:
    return as_out(await load_ticket(session, ticket_id))


@app.post("/tickets/{ticket_id}/comments", status_code=status.HTTP_201_CREATED)
async def add_comment(ticket_id: int, data: CommentIn, session: Session) -> TicketOut:
    ticket = await load_ticket(session, ticket_id)
    if ticket.closed:
        raise HTTPException(status.HTTP_409_CONFLICT, f"ticket {ticket_id} is closed")
    session.add(Comment(ticket_id=ticket.id, author=data.author, body=data.body))
    await session.commit()
    return as_out(await load_ticket(session, ticket_id))


@app.post("/tickets/{ticket_id}/close")
async def close_ticket(ticket_id: int, session: Session) -> TicketOut:
    ticket = await load_ticket(session, ticket_id)
    ticket.closed = True
    await session.commit()
    return as_out(await load_ticket(session, ticket_id))
