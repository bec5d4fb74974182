"""Opening accounts, transfers and balances. Every function commits its own work."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ledger.models import Account, Entry


class InsufficientFunds(Exception):
    pass


def open_account(session: Session, name: str, opening_cents: int = 0) -> Account:
    account = Account(name=name)
    session.add(account)
    session.flush()
    if opening_cents:
        session.add(Entry(account_id=account.id, cents=opening_cents, memo="opening"))
    session.commit()
    return account


def balance(session: Session, account: Account) -> int:
    total = session.scalar(select(func.coalesce(func.sum(Entry.cents), 0)).where(Entry.account_id == account.id))
    return int(total or 0)


def transfer(session: Session, source: Account, target: Account, cents: int, memo: str = "") -> None:
    if cents <= 0:
        raise ValueError("a transfer moves a positive amount")
    if balance(session, source) < cents:
        raise InsufficientFunds(source.name)
    session.add(Entry(account_id=source.id, cents=-cents, memo=memo))
    session.add(Entry(account_id=target.id, cents=cents, memo=memo))
    session.commit()


def total_money(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.sum(Entry.cents), 0))) or 0)
