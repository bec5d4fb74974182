"""Persistence of ledgers as plain records.

Production uses a database-backed store with the same interface; the
in-memory implementation here is what the test-suite and local tools use.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ledger.accounts import Account, AccountType
from ledger.journal import JournalEntry, Posting
from ledger.ledger import Ledger

Record = dict[str, Any]


def dump_ledger(ledger: Ledger, accounts: list[Account]) -> Record:
    return {
        "accounts": [
            {"code": a.code, "name": a.name, "type": a.type.value} for a in accounts
        ],
        "entries": [
            {
                "date": e.date.isoformat(),
                "description": e.description,
                "postings": [[p.account.code, str(p.amount)] for p in e.postings],
            }
            for e in ledger.entries
        ],
    }


def load_ledger(record: Record) -> Ledger:
    accounts = {
        a["code"]: Account(a["code"], a["name"], AccountType(a["type"]))
        for a in record["accounts"]
    }
    ledger = Ledger()
    for account in accounts.values():
        ledger.open_account(account)
    for e in record["entries"]:
        postings = tuple(
            Posting(accounts[code], Decimal(amount)) for code, amount in e["postings"]
        )
        date = dt.date.fromisoformat(e["date"])
        ledger.post(JournalEntry(date, e["description"], postings))
    return ledger


class InMemoryStore:
    """Keeps serialized ledgers keyed by name."""

    def __init__(self) -> None:
        self._records: dict[str, Record] = {}

    def save(self, name: str, ledger: Ledger, accounts: list[Account]) -> None:
        self._records[name] = dump_ledger(ledger, accounts)

    def load(self, name: str) -> Ledger:
        try:
            return load_ledger(self._records[name])
        except KeyError:
            raise LookupError(f"no ledger named {name!r}") from None

    def names(self) -> list[str]:
        return sorted(self._records)
