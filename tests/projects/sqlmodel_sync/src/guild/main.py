"""The guild's API: plain def routes on the session from get_session, queried with exec()."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlmodel import Session, select

from guild.db import get_session
from guild.models import Hero, HeroCreate, HeroPublic
from guild.services import AlreadyRegistered, register_hero

app = FastAPI(title="guild")

SessionDep = Annotated[Session, Depends(get_session)]


@app.post("/heroes", status_code=201, response_model=HeroPublic)
def create_hero(hero: HeroCreate, session: SessionDep) -> Hero:
    try:
        return register_hero(session, hero.name, hero.secret_name, hero.age)
    except AlreadyRegistered:
        raise HTTPException(409, f"{hero.name} is already registered") from None


@app.get("/heroes", response_model=list[HeroPublic])
def list_heroes(session: SessionDep) -> list[Hero]:
    return list(session.exec(select(Hero).order_by(Hero.name)).all())


@app.get("/heroes/{hero_id}", response_model=HeroPublic)
def read_hero(hero_id: int, session: SessionDep) -> Hero:
    hero = session.get(Hero, hero_id)
    if hero is None:
        raise HTTPException(404, "no such hero")
    return hero
