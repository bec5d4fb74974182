"""The trial balance and a plain-text rendering of it."""

from decimal import Decimal

from ledger.journal import Journal


def trial_balance(journal: Journal) -> list[tuple[str, Decimal]]:
    return sorted((account, amount) for account, amount in journal.balances().items() if amount)


def render(rows: list[tuple[str, Decimal]]) -> str:
    if not rows:
        return "(empty)"
    width = max(len(account) for account, _ in rows)
    lines = [f"{account:<{width}}  {amount:>10.2f}" for account, amount in rows]
    total = sum((amount for _, amount in rows), Decimal(0))
    lines.append(f"{'total':<{width}}  {total:>10.2f}")
    return "\n".join(lines)


def export_csv(rows: list[tuple[str, Decimal]]) -> str:  # used by the yearly export only
    return "\n".join(f"{account},{amount}" for account, amount in rows)
