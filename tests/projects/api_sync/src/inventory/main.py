"""The warehouse's HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inventory.clock import get_clock
from inventory.db import get_session
from inventory.models import Movement, Product
from inventory.sync import StockSync


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the ERP sync with the application, stop it on shutdown."""
    app.state.stock_sync = StockSync()
    app.state.stock_sync.start()
    try:
        yield
    finally:
        app.state.stock_sync.stop()
        del app.state.stock_sync


app = FastAPI(title="inventory", lifespan=lifespan)

Db = Annotated[Session, Depends(get_session)]
Now = Annotated[datetime, Depends(get_clock)]


class ProductIn(BaseModel):
    sku: str = Field(pattern=r"^[A-Z0-9-]{3,32}$")
    name: str = Field(min_length=1, max_length=120)


class MovementIn(BaseModel):
    delta: int
    reason: str = Field(pattern="^(received|shipped|counted|damaged)$")


class MovementOut(BaseModel):
    delta: int
    reason: str
    at: datetime


class ProductOut(BaseModel):
    sku: str
    name: str
    on_hand: int
    movements: list[MovementOut] = []


def as_out(product: Product) -> ProductOut:
    return ProductOut(
        sku=product.sku,
        name=product.name,
        on_hand=product.on_hand,
        movements=[MovementOut(delta=m.delta, reason=m.reason, at=m.at) for m in product.movements],
    )


def find(session: Session, sku: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no product {sku}")
    return product


@app.get("/health")
def health(request: Request) -> dict[str, str]:
    sync = getattr(request.app.state, "stock_sync", None)
    return {"status": "ok", "stock_sync": "running" if sync and sync.running else "off"}


@app.post("/products", status_code=status.HTTP_201_CREATED)
def add_product(data: ProductIn, session: Db) -> ProductOut:
    product = Product(sku=data.sku, name=data.name)
    session.add(product)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(status.HTTP_409_CONFLICT, f"{data.sku} exists") from None
    return as_out(product)


@app.get("/products")
def list_products(session: Db, in_stock: bool = False) -> list[ProductOut]:
    query = select(Product).order_by(Product.sku)
    if in_stock:
        query = query.where(Product.on_hand > 0)
    return [as_out(product) for product in session.scalars(query)]


@app.get("/products/{sku}")
def show_product(sku: str, session: Db) -> ProductOut:
    return as_out(find(session, sku))


@app.post("/products/{sku}/movements", status_code=status.HTTP_201_CREATED)
def move_stock(sku: str, data: MovementIn, session: Db, now: Now) -> ProductOut:
    product = find(session, sku)
    if product.on_hand + data.delta < 0:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"only {product.on_hand} of {sku} on hand"
        )
    product.on_hand += data.delta
    product.movements.append(Movement(delta=data.delta, reason=data.reason, at=now))
    session.commit()
    return as_out(product)
