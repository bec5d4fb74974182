"""The depot's table: a SQLModel class on SQLModel.metadata."""

from sqlmodel import Field, SQLModel


class ParcelIn(SQLModel):
    barcode: str = Field(index=True, unique=True, max_length=32)
    destination: str = Field(max_length=80)
    weight_grams: int


class Parcel(ParcelIn, table=True):
    id: int | None = Field(default=None, primary_key=True)
    bay: str | None = Field(default=None, max_length=8)


class ParcelOut(ParcelIn):
    id: int
    bay: str | None
