"""Harbour Vets: appointments, prescriptions and billing for a small-animal clinic."""

__version__ = "2.4.1"
