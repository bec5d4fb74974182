from decimal import Decimal

import pytest
from helpers import make_account, make_entry, make_ledger
from ledger import AccountType
from ledger.store import InMemoryStore


@pytest.fixture
def store():
    return InMemoryStore()


@pytest.mark.db
def test_round_trip_preserves_balances(store):
    cash = make_account(AccountType.ASSET)
    sales = make_account(AccountType.INCOME)
    ledger = make_ledger(cash, sales)
    ledger.post(make_entry(cash, sales, "19.99", "sale #1"))
    ledger.post(make_entry(cash, sales, "5.01", "sale #2"))

    store.save("2024", ledger, [cash, sales])
    restored = store.load("2024")

    assert restored.balance(cash) == Decimal("25.00")
    assert restored.balance(sales) == Decimal("25.00")
    assert [e.description for e in restored.entries] == ["sale #1", "sale #2"]


@pytest.mark.db
def test_loading_missing_ledger(store):
    with pytest.raises(LookupError, match="nope"):
        store.load("nope")


@pytest.mark.db
def test_names_are_sorted(store):
    cash = make_account(AccountType.ASSET)
    for name in ("b", "a", "c"):
        store.save(name, make_ledger(cash), [cash])
    assert store.names() == ["a", "b", "c"]
