from decimal import Decimal

import pytest

from ledger.journal import Entry, Journal, Line


def dues(amount: str) -> Entry:
    return Entry("membership dues", [Line("bank", debit=Decimal(amount)), Line("dues", credit=Decimal(amount))])


def test_a_balanced_entry_is_posted():
    journal = Journal()
    journal.post(dues("40.00"))
    assert journal.balances() == {"bank": Decimal("40.00"), "dues": Decimal("-40.00")}


def test_an_unbalanced_entry_is_refused():
    entry = Entry("typo", [Line("bank", debit=Decimal(10)), Line("dues", credit=Decimal(9))])
    with pytest.raises(ValueError, match="off by 1"):
        Journal().post(entry)


def test_an_entry_needs_two_lines():
    with pytest.raises(ValueError, match="two lines"):
        Entry("alone", [Line("bank")]).check()


def test_balances_add_up_over_entries():
    journal = Journal()
    journal.post(dues("40"))
    journal.post(dues("25"))
    assert journal.balances()["bank"] == Decimal(65)
