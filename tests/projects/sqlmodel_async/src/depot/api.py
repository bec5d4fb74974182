"""The depot's API: async routes on the AsyncSession from get_session, queried with exec()."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from depot.db import get_session
from depot.models import Parcel, ParcelIn, ParcelOut

app = FastAPI(title="depot")

SessionDep = Annotated[AsyncSession, Depends(get_session)]


@app.post("/parcels", status_code=201, response_model=ParcelOut)
async def receive(parcel: ParcelIn, session: SessionDep) -> Parcel:
    known = await session.exec(select(Parcel).where(Parcel.barcode == parcel.barcode))
    if known.first() is not None:
        raise HTTPException(409, f"{parcel.barcode} is already in the depot")
    stored = Parcel.model_validate(parcel)
    session.add(stored)
    await session.commit()
    await session.refresh(stored)
    return stored


@app.get("/parcels", response_model=list[ParcelOut])
async def waiting(session: SessionDep) -> list[Parcel]:
    return list((await session.exec(select(Parcel).order_by(Parcel.barcode))).all())


@app.get("/parcels/{parcel_id}", response_model=ParcelOut)
async def one(parcel_id: int, session: SessionDep) -> Parcel:
    parcel = await session.get(Parcel, parcel_id)
    if parcel is None:
        raise HTTPException(404, "no such parcel")
    return parcel


@app.get("/count")
async def count(session: SessionDep) -> int:
    return (await session.exec(select(func.count()).select_from(Parcel))).one()
