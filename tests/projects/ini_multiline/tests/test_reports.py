from decimal import Decimal

from ledger.journal import Entry, Journal, Line
from ledger.reports import render, trial_balance


def test_trial_balance_leaves_out_zero_accounts():
    journal = Journal()
    journal.post(Entry("in", [Line("bank", debit=Decimal(5)), Line("cash", credit=Decimal(5))]))
    journal.post(Entry("back", [Line("cash", debit=Decimal(5)), Line("bank", credit=Decimal(5))]))
    assert trial_balance(journal) == []
    assert render(trial_balance(journal)) == "(empty)"


def test_render_ends_with_a_zero_total():
    rows = [("bank", Decimal("12.50")), ("dues", Decimal("-12.50"))]
    assert render(rows).splitlines()[-1] == "total        0.00"
