"""Journal entries: each is balanced, or it is refused."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Line:
    account: str
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


@dataclass
class Entry:
    memo: str
    lines: list[Line] = field(default_factory=list)

    def check(self) -> None:
        debits = sum((line.debit for line in self.lines), Decimal(0))
        credits = sum((line.credit for line in self.lines), Decimal(0))
        if debits != credits:
            raise ValueError(f"{self.memo!r} is off by {debits - credits}")
        if len(self.lines) < 2:
            raise ValueError(f"{self.memo!r} needs two lines or more")


class Journal:
    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def post(self, entry: Entry) -> None:
        entry.check()
        self.entries.append(entry)

    def balances(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for entry in self.entries:
            for line in entry.lines:
                totals[line.account] = totals.get(line.account, Decimal(0)) + line.debit - line.credit
        return totals
