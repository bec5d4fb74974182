from __future__ import annotations

import pytest
from ledger.books import balance, open_account, total_money
from ledger.models import Account
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def test_a_new_account_is_empty(session: Session) -> None:
    assert balance(session, open_account(session, "savings")) == 0


def test_the_opening_balance_is_booked(till: Account, session: Session) -> None:
    assert balance(session, till) == 50_000


def test_names_are_unique(session: Session, till: Account) -> None:
    with pytest.raises(IntegrityError):
        open_account(session, "till")


@pytest.mark.parametrize("cents", [1, 99, 10_000, 1_000_000, *range(100, 8500, 100)])
def test_opening_amounts(session: Session, cents: int) -> None:
    assert balance(session, open_account(session, f"a{cents}", cents)) == cents


def test_money_in_the_books(till: Account, bank: Account, session: Session) -> None:
    assert total_money(session) == 250_000


def test_each_test_starts_empty(session: Session) -> None:
    assert session.query(Account).count() == 0
