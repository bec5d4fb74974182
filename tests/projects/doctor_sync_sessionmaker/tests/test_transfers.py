from __future__ import annotations

import pytest
from ledger.books import InsufficientFunds, balance, total_money, transfer
from ledger.models import Account
from sqlalchemy.orm import Session


def test_a_transfer_moves_money(session: Session, till: Account, bank: Account) -> None:
    transfer(session, till, bank, 20_000, "deposit")
    assert (balance(session, till), balance(session, bank)) == (30_000, 220_000)


def test_transfers_keep_the_total(session: Session, till: Account, bank: Account) -> None:
    transfer(session, bank, till, 1_234)
    assert total_money(session) == 250_000


def test_no_overdraft(session: Session, till: Account, bank: Account) -> None:
    with pytest.raises(InsufficientFunds):
        transfer(session, till, bank, 50_001)


@pytest.mark.parametrize("cents", [0, -5])
def test_amounts_are_positive(session: Session, till: Account, bank: Account, cents: int) -> None:
    with pytest.raises(ValueError):
        transfer(session, till, bank, cents)


@pytest.mark.slow
@pytest.mark.parametrize("count", [10, 50])
def test_many_small_transfers(session: Session, till: Account, bank: Account, count: int) -> None:
    for _ in range(count):
        transfer(session, bank, till, 100)
    assert balance(session, till) == 50_000 + 100 * count
