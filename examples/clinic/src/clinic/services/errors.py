"""What the services refuse, and why. The API maps ``status`` to the HTTP status code."""

from __future__ import annotations


class DomainError(Exception):
    """A request the clinic's rules do not allow."""

    status = 422
    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status = 404
    code = "not_found"

    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} {key} does not exist")


class Conflict(DomainError):
    status = 409
    code = "conflict"


class DuplicateOwner(Conflict):
    code = "duplicate_owner"


class DuplicatePatient(Conflict):
    code = "duplicate_patient"


class SlotTaken(Conflict):
    code = "slot_taken"


class DuplicateInvoice(Conflict):
    code = "duplicate_invoice"


class InvalidTransition(Conflict):
    code = "invalid_transition"


class BookingRefused(DomainError):
    code = "booking_refused"


class PrescriptionRefused(DomainError):
    code = "prescription_refused"


class Contraindicated(PrescriptionRefused):
    code = "contraindicated"


class NeedsOverride(PrescriptionRefused):
    """A clinician may go ahead, but only with a written reason."""

    code = "needs_override"


class PaymentRefused(DomainError):
    code = "payment_refused"
