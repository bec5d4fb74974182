import datetime as dt
from decimal import Decimal

import pytest
from helpers import make_account, make_entry, make_ledger
from ledger import AccountType, JournalEntry, Posting, UnbalancedEntry


@pytest.mark.unit
def test_entry_amount_is_debit_side():
    cash = make_account(AccountType.ASSET)
    sales = make_account(AccountType.INCOME)
    assert make_entry(cash, sales, "99.95").amount == Decimal("99.95")


@pytest.mark.unit
def test_unbalanced_entry_is_rejected():
    cash = make_account(AccountType.ASSET)
    rent = make_account(AccountType.EXPENSE)
    with pytest.raises(UnbalancedEntry, match="off by"):
        JournalEntry(
            dt.date(2024, 2, 1),
            "typo",
            (Posting.debit(rent, "800.00"), Posting.credit(cash, "80.00")),
        )


@pytest.mark.unit
def test_single_posting_is_rejected():
    cash = make_account(AccountType.ASSET)
    with pytest.raises(UnbalancedEntry):
        JournalEntry(dt.date(2024, 2, 1), "half", (Posting.debit(cash, "1"),))


def test_balances_follow_normal_side():
    cash = make_account(AccountType.ASSET)
    equity = make_account(AccountType.EQUITY)
    rent = make_account(AccountType.EXPENSE)
    ledger = make_ledger(cash, equity, rent)

    ledger.post(make_entry(cash, equity, "5000.00", "owner investment"))
    ledger.post(make_entry(rent, cash, "1200.00", "January rent"))

    assert ledger.balance(cash) == Decimal("3800.00")
    assert ledger.balance(equity) == Decimal("5000.00")
    assert ledger.balance(rent) == Decimal("1200.00")
    assert ledger.is_balanced()


def test_trial_balance_is_sorted_and_signed():
    cash = make_account(AccountType.ASSET)
    payable = make_account(AccountType.LIABILITY)
    ledger = make_ledger(payable, cash)
    ledger.post(make_entry(cash, payable, "250.00", "short-term loan"))
    assert ledger.trial_balance() == {
        "1000": Decimal("250.00"),
        "2000": Decimal("-250.00"),
    }


def test_posting_to_unknown_account_fails():
    cash = make_account(AccountType.ASSET)
    sales = make_account(AccountType.INCOME)
    ledger = make_ledger(cash)
    with pytest.raises(KeyError, match="4000"):
        ledger.post(make_entry(cash, sales, "10.00"))
    assert ledger.entries == ()


@pytest.mark.unit
def test_account_code_must_be_numeric():
    with pytest.raises(ValueError):
        make_account(AccountType.ASSET, code="CASH")
