"""Chart-of-accounts primitives."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class AccountType(enum.Enum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"

    @property
    def debit_normal(self) -> bool:
        """True if the account's balance normally increases with debits."""
        return self in (AccountType.ASSET, AccountType.EXPENSE)


@dataclass(frozen=True)
class Account:
    """An account in the chart of accounts, identified by its code."""

    code: str
    name: str
    type: AccountType

    def __post_init__(self) -> None:
        if not self.code.isdigit():
            raise ValueError(f"account code must be numeric, got {self.code!r}")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
