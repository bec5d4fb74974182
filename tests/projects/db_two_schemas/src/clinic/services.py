"""Unit-of-work functions: each takes a Session and commits its own work."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic.models import Appointment, Staff
from clinic.registry import Patient, PortalUser


def register_patient(session: Session, number: str, name: str, email: str) -> Patient:
    patient = Patient(number=number, full_name=name)
    session.add_all([patient, PortalUser(email=email, patient_number=number)])
    session.commit()
    return patient


def book(session: Session, login: str, patient_number: str, at: datetime) -> Appointment:
    staff = session.scalar(select(Staff).where(Staff.login == login))
    if staff is None:
        staff = Staff(login=login)
        session.add(staff)
    appointment = Appointment(staff=staff, patient_number=patient_number, starts_at=at)
    session.add(appointment)
    session.commit()
    return appointment


def counts(session: Session) -> dict[str, int]:
    """Rows in each ``user`` table and in the tables beside them."""
    return {
        "staff": session.scalar(select(func.count()).select_from(Staff)) or 0,
        "portal_users": session.scalar(select(func.count()).select_from(PortalUser)) or 0,
        "patients": session.scalar(select(func.count()).select_from(Patient)) or 0,
        "appointments": session.scalar(select(func.count()).select_from(Appointment)) or 0,
    }
