"""Double-entry bookkeeping: accounts, journal entries and a general ledger."""

from ledger.accounts import Account, AccountType
from ledger.journal import JournalEntry, Posting, UnbalancedEntry
from ledger.ledger import Ledger
from ledger.money import format_money, to_money

__all__ = [
    "Account",
    "AccountType",
    "JournalEntry",
    "Ledger",
    "Posting",
    "UnbalancedEntry",
    "format_money",
    "to_money",
]
