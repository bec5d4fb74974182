"""Catalogue and loans for the neighbourhood lending library."""

from library.models import Author, Base, Book, Loan

__all__ = ["Author", "Base", "Book", "Loan"]
