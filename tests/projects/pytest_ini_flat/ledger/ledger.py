"""The general ledger: accounts plus the journal entries posted to them."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ledger.accounts import Account
from ledger.journal import JournalEntry


class Ledger:
    def __init__(self) -> None:
        self._accounts: dict[str, Account] = {}
        self._entries: list[JournalEntry] = []
        self._totals: defaultdict[str, Decimal] = defaultdict(Decimal)

    @property
    def entries(self) -> tuple[JournalEntry, ...]:
        return tuple(self._entries)

    def open_account(self, account: Account) -> None:
        if account.code in self._accounts:
            raise ValueError(f"account {account.code} already exists")
        self._accounts[account.code] = account

    def post(self, entry: JournalEntry) -> None:
        """Record an entry. All accounts must have been opened first."""
        codes = {p.account.code for p in entry.postings}
        unknown = codes - self._accounts.keys()
        if unknown:
            raise KeyError(f"unknown accounts: {', '.join(sorted(unknown))}")
        self._entries.append(entry)
        for posting in entry.postings:
            self._totals[posting.account.code] += posting.amount

    def balance(self, account: Account) -> Decimal:
        """Balance in the account's normal direction (positive = normal)."""
        raw = self._totals[account.code]
        return raw if account.type.debit_normal else -raw

    def trial_balance(self) -> dict[str, Decimal]:
        """Signed (debit-positive) balance per account code, sorted by code."""
        return {code: self._totals[code] for code in sorted(self._accounts)}

    def is_balanced(self) -> bool:
        return sum(self._totals.values(), Decimal("0")) == 0
