"""Closed sets of values shared by the models, the services and the API."""

from enum import StrEnum


class Species(StrEnum):
    DOG = "dog"
    CAT = "cat"
    RABBIT = "rabbit"


class Role(StrEnum):
    VET = "vet"
    NURSE = "nurse"


class AppointmentKind(StrEnum):
    CONSULTATION = "consultation"
    VACCINATION = "vaccination"
    NURSE_CLINIC = "nurse_clinic"
    DENTAL = "dental"
    SURGERY = "surgery"


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    PAID = "paid"
    VOID = "void"


class PaymentMethod(StrEnum):
    CARD = "card"
    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    INSURANCE = "insurance"


class Severity(StrEnum):
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        return {"minor": 1, "moderate": 2, "major": 3}[self.value]
