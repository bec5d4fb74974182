"""The legacy patient registry (SQLModel): patients and their portal logins."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Patient(SQLModel, table=True):
    number: str = Field(primary_key=True, max_length=12)
    full_name: str = Field(max_length=120)


class PortalUser(SQLModel, table=True):
    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=120)
    patient_number: str = Field(foreign_key="patient.number")
