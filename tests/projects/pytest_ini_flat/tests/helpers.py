"""Factories shared by the test modules (imported as ``from helpers import ...``)."""

from __future__ import annotations

import datetime as dt

from ledger import Account, AccountType, JournalEntry, Ledger, Posting

_DEFAULT_NAMES = {
    AccountType.ASSET: ("1000", "Cash"),
    AccountType.LIABILITY: ("2000", "Accounts payable"),
    AccountType.EQUITY: ("3000", "Owner's equity"),
    AccountType.INCOME: ("4000", "Sales"),
    AccountType.EXPENSE: ("5000", "Rent"),
}


def make_account(
    type: AccountType = AccountType.ASSET, code: str = "", name: str = ""
) -> Account:
    default_code, default_name = _DEFAULT_NAMES[type]
    return Account(code or default_code, name or default_name, type)


def make_entry(
    debit: Account,
    credit: Account,
    amount: str,
    description: str = "test entry",
    date: dt.date = dt.date(2024, 1, 31),
) -> JournalEntry:
    postings = (Posting.debit(debit, amount), Posting.credit(credit, amount))
    return JournalEntry(date, description, postings)


def make_ledger(*accounts: Account) -> Ledger:
    ledger = Ledger()
    for account in accounts:
        ledger.open_account(account)
    return ledger
