"""Journal entries: balanced sets of debit and credit postings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ledger.accounts import Account
from ledger.money import MoneyLike, to_money


class UnbalancedEntry(ValueError):
    """Raised when debits and credits of an entry do not match."""


@dataclass(frozen=True)
class Posting:
    """One line of a journal entry. Positive amounts debit, negative credit."""

    account: Account
    amount: Decimal

    @classmethod
    def debit(cls, account: Account, amount: MoneyLike) -> Posting:
        return cls(account, abs(to_money(amount)))

    @classmethod
    def credit(cls, account: Account, amount: MoneyLike) -> Posting:
        return cls(account, -abs(to_money(amount)))


@dataclass(frozen=True)
class JournalEntry:
    date: dt.date
    description: str
    postings: tuple[Posting, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if len(self.postings) < 2:
            raise UnbalancedEntry("an entry needs at least two postings")
        total = sum((p.amount for p in self.postings), Decimal("0"))
        if total != 0:
            raise UnbalancedEntry(f"{self.description!r} is off by {total}")

    @property
    def amount(self) -> Decimal:
        """Total of the debit side."""
        return sum((p.amount for p in self.postings if p.amount > 0), Decimal("0"))
