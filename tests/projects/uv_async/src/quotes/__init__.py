"""Price quotes from several suppliers, gathered concurrently."""

from quotes.board import Quote, QuoteBoard
from quotes.suppliers import Supplier

__all__ = ["Quote", "QuoteBoard", "Supplier"]
